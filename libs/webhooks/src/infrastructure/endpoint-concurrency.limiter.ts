import { randomUUID } from 'node:crypto';
import { type Redis } from 'ioredis';

// A counting semaphore per endpoint: holders are members of a sorted set scored by lease expiry, so a slot held by a
// crashed worker frees itself when its lease ends.
const acquireScript = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

type AcquiringRedis = Redis & {
  acquireEndpointSlot(
    key: string,
    now: number,
    leaseMs: number,
    limit: number,
    holder: string,
  ): Promise<number>;
};

export interface ConcurrencySettings {
  readonly keyPrefix: string;
  /** Slots per endpoint across every worker. */
  readonly limit: number;
  /** Longest a slot is held; past it another worker may take it. Longer than the request timeout. */
  readonly leaseMs: number;
}

/** Caps the deliveries in flight to one endpoint, so one slow receiver cannot take every worker slot. */
export class EndpointConcurrencyLimiter {
  private readonly redis: AcquiringRedis;

  constructor(
    redis: Redis,
    private readonly settings: ConcurrencySettings,
  ) {
    // A defined command runs by its SHA, so the script text is not sent and parsed on every call.
    redis.defineCommand('acquireEndpointSlot', { numberOfKeys: 1, lua: acquireScript });
    this.redis = redis as AcquiringRedis;
  }

  /** A release function when a slot was free, otherwise null. */
  async tryAcquire(endpointId: string): Promise<(() => Promise<void>) | null> {
    const key = `${this.settings.keyPrefix}:webhooks:inflight:${endpointId}`;
    const holder = randomUUID();
    const { leaseMs, limit } = this.settings;
    if ((await this.redis.acquireEndpointSlot(key, Date.now(), leaseMs, limit, holder)) !== 1) return null;
    return async () => {
      await this.redis.zrem(key, holder);
    };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
