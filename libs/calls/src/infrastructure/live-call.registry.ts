import { Inject, Injectable } from '@nestjs/common';
import { CallsRedis } from './calls-redis';

export interface Admission {
  readonly accountId: string;
  readonly callId: string;
  readonly maxConcurrent: number;
  readonly callsPerSecond: number;
  readonly maxDurationMs: number;
  readonly nowMs: number;
}

export type AdmissionVerdict =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly reason: 'concurrency_limit' | 'rate_limit' };

/** Entries outlive the longest allowed call by this much before they expire on their own. */
const expiryMarginMs = 60_000;
const rateWindowMs = 1_000;

// KEYS: live calls (sorted set: callId → expiry), recent admissions (sorted set: callId → admission time).
// ARGV: callId, maxConcurrent, callsPerSecond, nowMs, expiresAtMs.
// Admitting an already admitted call again admits it without counting it twice.
const admitScript = `
local live, recent = KEYS[1], KEYS[2]
local callId = ARGV[1]
local maxConcurrent, perSecond = tonumber(ARGV[2]), tonumber(ARGV[3])
local now, expiresAt = tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', live, '-inf', now)
if redis.call('ZSCORE', live, callId) then return 'admitted' end
if redis.call('ZCARD', live) >= maxConcurrent then return 'concurrency_limit' end
redis.call('ZREMRANGEBYSCORE', recent, '-inf', now - ${rateWindowMs})
if redis.call('ZCARD', recent) >= perSecond then return 'rate_limit' end
redis.call('ZADD', live, expiresAt, callId)
redis.call('ZADD', recent, now, callId)
if redis.call('PTTL', live) < expiresAt - now then redis.call('PEXPIRE', live, expiresAt - now) end
redis.call('PEXPIRE', recent, ${2 * rateWindowMs})
return 'admitted'
`;

/**
 * The account's live calls and recent call starts across every sip instance, in Redis: `calls:live:<account>` and
 * `calls:recent:<account>` sorted sets, and `calls:instance:<id>` heartbeats of the sip instances.
 */
@Injectable()
export class LiveCallRegistry {
  constructor(@Inject(CallsRedis) private readonly redis: CallsRedis) {}

  /**
   * Atomically (one Lua script) admits a call against the account's concurrency and calls-per-second limits.
   * Entries expire by themselves at nowMs + maxDurationMs + 60 s, so a lost release cannot block the account forever.
   */
  async admit(input: Admission): Promise<AdmissionVerdict> {
    const answer = (await this.redis.client.eval(
      admitScript,
      2,
      this.redis.key('live', input.accountId),
      this.redis.key('recent', input.accountId),
      input.callId,
      input.maxConcurrent,
      input.callsPerSecond,
      input.nowMs,
      input.nowMs + input.maxDurationMs + expiryMarginMs,
    )) as string;
    if (answer === 'admitted') return { admitted: true };
    return { admitted: false, reason: answer as 'concurrency_limit' | 'rate_limit' };
  }

  async release(accountId: string, callId: string): Promise<void> {
    await this.redis.client.zrem(this.redis.key('live', accountId), callId);
  }

  /** This sip instance is alive for ttlMs more. */
  async heartbeat(instanceId: string, ttlMs: number): Promise<void> {
    await this.redis.client.set(this.redis.key('instance', instanceId), '1', 'PX', ttlMs);
  }

  /** Of the given sip instances, those whose heartbeat has run out. */
  async vanished(instanceIds: readonly string[]): Promise<string[]> {
    if (instanceIds.length === 0) return [];
    const alive = await this.redis.client.mget(instanceIds.map((id) => this.redis.key('instance', id)));
    return instanceIds.filter((_, index) => alive[index] === null);
  }
}
