import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Ban } from '../domain/ban-policy';
import { SipRedis } from './sip-redis';

// Atomic, so of concurrent bans of one address exactly one is created. KEYS: the ban, the failures, the domain's
// index; ARGV: ban JSON, ttl ms, expiry (index score), address, 1 when the ban is attributed to a domain.
const createBanScript = `
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end
redis.call('DEL', KEYS[2])
if ARGV[5] == '1' then
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
end
return 1`;

type ScriptedRedis = {
  createBan(
    banKey: string,
    failKey: string,
    indexKey: string,
    ...args: Array<string | number>
  ): Promise<number>;
};

/**
 * Authentication failures and bans per source address, in Redis so every sip instance sees them:
 * `sip:fail:<address>` a sorted set of failure times, `sip:ban:<address>` the ban (expiring with it), and
 * `sip:bans:<domain>` the banned addresses attributed to an account's domain, scored by expiry, for the API.
 */
@Injectable()
export class BanStore {
  constructor(@Inject(SipRedis) private readonly redis: SipRedis) {
    redis.client.defineCommand('createBan', { numberOfKeys: 3, lua: createBanScript });
  }

  async isBanned(address: string): Promise<boolean> {
    return (await this.redis.client.exists(this.redis.key('ban', address))) === 1;
  }

  /** Records a failure at `nowMs` and answers how many fell after `windowStartMs`, this one included. */
  async recordFailure(address: string, nowMs: number, windowStartMs: number): Promise<number> {
    const key = this.redis.key('fail', address);
    const results = await this.redis.client
      .multi()
      .zremrangebyscore(key, '-inf', windowStartMs)
      .zadd(key, String(nowMs), `${nowMs}:${randomUUID()}`)
      .zcard(key)
      .pexpire(key, Math.max(1, nowMs - windowStartMs))
      .exec();
    return Number(results?.[2]?.[1] ?? 0);
  }

  /**
   * Bans the address unless it already is, and answers whether this call made the ban: failures of requests that
   * were already past the edge when another one caused the ban must not ban (or report) it again.
   */
  async ban(ban: Ban, nowMs: number): Promise<boolean> {
    const created = await (this.redis.client as unknown as ScriptedRedis).createBan(
      this.redis.key('ban', ban.address),
      this.redis.key('fail', ban.address),
      this.redis.key('bans', ban.domain ?? ''),
      JSON.stringify(ban),
      Math.max(1, ban.expiresAt - nowMs),
      ban.expiresAt,
      ban.address,
      ban.domain === null ? 0 : 1,
    );
    return created === 1;
  }

  /** Bans in force that are attributed to `domain`, soonest end first. */
  async bansOf(domain: string, nowMs: number): Promise<Ban[]> {
    const index = this.redis.key('bans', domain);
    await this.redis.client.zremrangebyscore(index, '-inf', nowMs);
    const addresses = await this.redis.client.zrange(index, '0', '-1');
    if (addresses.length === 0) return [];
    const records = await this.redis.client.mget(addresses.map((address) => this.redis.key('ban', address)));
    return records
      .filter((record): record is string => record !== null)
      .map((record) => JSON.parse(record) as Ban)
      .filter((ban) => ban.domain === domain && ban.expiresAt > nowMs);
  }

  /** Lifts the ban of `address` if it is attributed to `domain`; false when there is no such ban. */
  async lift(domain: string, address: string): Promise<boolean> {
    const key = this.redis.key('ban', address);
    const record = await this.redis.client.get(key);
    if (record === null || (JSON.parse(record) as Ban).domain !== domain) return false;
    await this.redis.client
      .multi()
      .del(key, this.redis.key('fail', address))
      .zrem(this.redis.key('bans', domain), address)
      .exec();
    return true;
  }
}
