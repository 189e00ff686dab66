import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Ban } from '../domain/ban-policy';
import { SipRedis } from './sip-redis';

/**
 * Authentication failures and bans per source address, in Redis so every sip instance sees them:
 * `sip:fail:<address>` a sorted set of failure times, `sip:ban:<address>` the ban (expiring with it), and
 * `sip:bans:<domain>` the banned addresses attributed to an account's domain, scored by expiry, for the API.
 */
@Injectable()
export class BanStore {
  constructor(@Inject(SipRedis) private readonly redis: SipRedis) {}

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

  async ban(ban: Ban, nowMs: number): Promise<void> {
    const ttlMs = Math.max(1, ban.expiresAt - nowMs);
    const transaction = this.redis.client
      .multi()
      .set(this.redis.key('ban', ban.address), JSON.stringify(ban), 'PX', ttlMs)
      .del(this.redis.key('fail', ban.address));
    if (ban.domain !== null) {
      const index = this.redis.key('bans', ban.domain);
      transaction.zadd(index, String(ban.expiresAt), ban.address).pexpire(index, ttlMs);
    }
    await transaction.exec();
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
