import { type OnModuleDestroy } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { type RateLimit } from '../domain';

/** How long a reserved slot outlives its due time; past it, a message whose slot job was lost reserves again. */
export const SLOT_GRACE_MS = 120_000;

// Token buckets of the sending number and of its account, both in segments, taken together or not at all. A take
// may drive a bucket below zero: the message then holds a reserved slot at the time the debt is paid back, so
// each waiting message wakes up once, at its own turn, instead of every waiter retrying at every refill. The
// slot is remembered under the message, so a replayed or re-armed job finds it instead of reserving twice.
// Time is Redis's own clock, the one clock every worker shares.
//
// KEYS: sender bucket, account bucket, the message's slot.
// ARGV: segments, sender capacity, sender refill/s, account capacity, account refill/s, longest wait ms,
//       the slot the calling job was armed for ('' for none), slot grace ms.
// Returns {1} go now, {2, waitMs, slotDueAt} wait for the slot, {0, waitMs} refused: the wait is too long.
const reserveScript = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local slot = tonumber(redis.call('GET', KEYS[3]))
if slot then
  if slot <= now or slot == tonumber(ARGV[7]) then
    redis.call('DEL', KEYS[3])
    return {1}
  end
  return {2, slot - now, slot}
end
local cost = tonumber(ARGV[1])
local function level(key, capacity, rate)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1])
  if not tokens then return capacity end
  return math.min(capacity, tokens + math.max(0, now - tonumber(state[2])) * rate / 1000)
end
local function waitMs(tokens, rate)
  if tokens + 1e-9 >= cost then return 0 end
  return math.ceil((cost - tokens) * 1000 / rate)
end
local function store(key, tokens, capacity, rate)
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', now)
  redis.call('PEXPIRE', key, math.ceil((capacity - tokens) * 1000 / rate) + 1000)
end
local senderCapacity, senderRate = tonumber(ARGV[2]), tonumber(ARGV[3])
local accountCapacity, accountRate = tonumber(ARGV[4]), tonumber(ARGV[5])
local senderTokens = level(KEYS[1], senderCapacity, senderRate)
local accountTokens = level(KEYS[2], accountCapacity, accountRate)
local wait = math.max(waitMs(senderTokens, senderRate), waitMs(accountTokens, accountRate))
if wait > tonumber(ARGV[6]) then return {0, wait} end
store(KEYS[1], senderTokens - cost, senderCapacity, senderRate)
store(KEYS[2], accountTokens - cost, accountCapacity, accountRate)
if wait == 0 then return {1} end
redis.call('SET', KEYS[3], now + wait, 'PX', wait + tonumber(ARGV[8]))
return {2, wait, now + wait}`;

type ReservingRedis = Redis & {
  reserveSendingSlot(
    senderKey: string,
    accountKey: string,
    slotKey: string,
    segments: number,
    senderCapacity: number,
    senderRefillPerSecond: number,
    accountCapacity: number,
    accountRefillPerSecond: number,
    maxWaitMs: number,
    slotDueAt: string,
    slotGraceMs: number,
  ): Promise<number[]>;
};

export interface PacingRequest {
  readonly accountId: string;
  readonly numberId: string;
  readonly messageId: string;
  readonly segments: number;
  readonly sender: RateLimit;
  readonly account: RateLimit;
  /** Longer waits are refused rather than reserved. */
  readonly maxWaitMs: number;
  /** The slot the calling job was armed for, when it is one. */
  readonly slotDueAt?: number;
}

export type PacingDecision =
  | { readonly kind: 'go' }
  | { readonly kind: 'wait'; readonly waitMs: number; readonly slotDueAt: number }
  | { readonly kind: 'refused'; readonly waitMs: number };

/**
 * Paces carrier submissions across every worker process with token buckets in Redis. Losing Redis loses only the
 * buckets' debt: they start full again, and messages re-armed from Postgres reserve new slots.
 */
export class SenderPacer implements OnModuleDestroy {
  private readonly redis: ReservingRedis;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    // A defined command runs by its SHA, so the script text is not sent and parsed on every call.
    redis.defineCommand('reserveSendingSlot', { numberOfKeys: 3, lua: reserveScript });
    this.redis = redis as ReservingRedis;
  }

  async reserve(request: PacingRequest): Promise<PacingDecision> {
    // One hash tag per account keeps the three keys in one Redis Cluster slot, as a script needs.
    const base = `${this.keyPrefix}:pacing:{${request.accountId}}`;
    const [outcome, waitMs = 0, slotDueAt = 0] = await this.redis.reserveSendingSlot(
      `${base}:sender:${request.numberId}`,
      `${base}:account`,
      `${base}:slot:${request.messageId}`,
      request.segments,
      request.sender.capacity,
      request.sender.refillPerSecond,
      request.account.capacity,
      request.account.refillPerSecond,
      request.maxWaitMs,
      request.slotDueAt === undefined ? '' : String(request.slotDueAt),
      SLOT_GRACE_MS,
    );
    if (outcome === 1) return { kind: 'go' };
    if (outcome === 2) return { kind: 'wait', waitMs, slotDueAt };
    return { kind: 'refused', waitMs };
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
