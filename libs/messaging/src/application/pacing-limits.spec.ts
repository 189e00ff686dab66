import { loadWorkerConfig } from '@switchyard/config';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SENDER_RATE_LIMITS, MESSAGING_NUMBER_TYPES } from '../domain';
import { accountRateLimit, rateLimitOf, senderRateLimit } from './pacing-limits';

const defaults = loadWorkerConfig({
  DATABASE_URL: 'postgres://localhost/switchyard',
  REDIS_URL: 'redis://localhost:6379',
}).messagingPacing;

describe('pacing limits', () => {
  it('match the domain defaults when nothing is configured', () => {
    for (const type of MESSAGING_NUMBER_TYPES) {
      expect(senderRateLimit(type, defaults)).toEqual(DEFAULT_SENDER_RATE_LIMITS[type]);
    }
  });

  it('follow the configured rates, never bursting below one longest message', () => {
    const config = {
      ...defaults,
      senderSegmentsPerSecond: { longCode: 5, tollFree: 30, shortCode: 250 },
      accountSegmentsPerSecond: 3,
    };
    expect(senderRateLimit('mobile', config)).toEqual({ capacity: 10, refillPerSecond: 5 });
    expect(senderRateLimit('toll_free', config)).toEqual({ capacity: 30, refillPerSecond: 30 });
    expect(senderRateLimit('short_code', config)).toEqual({ capacity: 250, refillPerSecond: 250 });
    expect(accountRateLimit(config)).toEqual(rateLimitOf(3));
    expect(rateLimitOf(3).capacity).toBe(10);
  });
});
