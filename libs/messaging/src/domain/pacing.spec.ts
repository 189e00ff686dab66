import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CostExceedsCapacityError } from './messaging.errors';
import {
  DEFAULT_SENDER_RATE_LIMITS,
  fullBucket,
  refill,
  take,
  takeAll,
  type TokenBucket,
  wouldExceedBacklog,
} from './pacing';

const T0 = Date.parse('2026-01-10T12:00:00Z');
const after = (ms: number) => new Date(T0 + ms);

function granted(result: ReturnType<typeof take>): TokenBucket {
  if (!result.granted) throw new Error(`refused for ${result.retryAfterMs} ms`);
  return result.bucket;
}

describe('take', () => {
  const longCode = fullBucket(DEFAULT_SENDER_RATE_LIMITS.local, after(0));

  it('grants while tokens last and then says how long to wait', () => {
    const drained = granted(take(longCode, after(0), 10));
    expect(drained.tokens).toBe(0);
    expect(take(drained, after(0), 3)).toEqual({ granted: false, bucket: drained, retryAfterMs: 3000 });
    expect(take(drained, after(2500), 3)).toMatchObject({ granted: false, retryAfterMs: 500 });
    expect(granted(take(drained, after(3000), 3)).tokens).toBe(0);
  });

  it('refills at the rate up to the capacity', () => {
    const drained = granted(take(longCode, after(0), 10));
    expect(refill(drained, after(4000)).tokens).toBe(4);
    expect(refill(drained, after(60_000)).tokens).toBe(10);
  });

  it('adds nothing when the clock goes backwards', () => {
    const drained = granted(take(longCode, after(5000), 10));
    expect(refill(drained, after(0))).toBe(drained);
  });

  it('refuses a cost no bucket of this size could ever grant', () => {
    expect(() => take(longCode, after(0), 11)).toThrow(CostExceedsCapacityError);
    expect(() => take(longCode, after(0), 11)).toThrow(
      expect.objectContaining({ code: 'cost_exceeds_capacity', cost: 11, capacity: 10 }),
    );
  });

  it('has carrier defaults per number type', () => {
    expect(DEFAULT_SENDER_RATE_LIMITS).toEqual({
      local: { capacity: 10, refillPerSecond: 1 },
      mobile: { capacity: 10, refillPerSecond: 1 },
      toll_free: { capacity: 20, refillPerSecond: 20 },
      short_code: { capacity: 100, refillPerSecond: 100 },
    });
  });
});

describe('takeAll', () => {
  const sender = fullBucket(DEFAULT_SENDER_RATE_LIMITS.toll_free, after(0));
  const account = fullBucket({ capacity: 5, refillPerSecond: 2 }, after(0));

  it('takes from the number and the account together', () => {
    const result = takeAll([sender, account], after(0), 4);
    expect(result.granted).toBe(true);
    expect(result.buckets.map((bucket) => bucket.tokens)).toEqual([16, 1]);
  });

  it('takes from neither when one refuses, and waits for the slowest', () => {
    const [, drainedAccount] = takeAll([sender, account], after(0), 4).buckets;
    const result = takeAll([sender, drainedAccount!], after(0), 4);
    expect(result).toEqual({ granted: false, buckets: [sender, drainedAccount], retryAfterMs: 1500 });
  });
});

describe('wouldExceedBacklog', () => {
  it('accepts a backlog that drains in time', () => {
    expect(wouldExceedBacklog(3600, 1, 3600)).toEqual({ exceeded: false, expectedWaitSeconds: 3600 });
    expect(wouldExceedBacklog(0, 1, 0)).toEqual({ exceeded: false, expectedWaitSeconds: 0 });
  });

  it('fails with the expected wait instead of queueing forever', () => {
    const check = wouldExceedBacklog(3601, 1, 3600);
    expect(check.exceeded).toBe(true);
    expect(check.exceeded && check.error).toMatchObject({
      code: 'backlog_too_long',
      expectedWaitSeconds: 3601,
      maxWaitSeconds: 3600,
    });
    expect(wouldExceedBacklog(2001, 20, 100)).toMatchObject({ exceeded: true, expectedWaitSeconds: 101 });
  });
});

describe('pacing properties', () => {
  const limitArb = fc.record({
    capacity: fc.integer({ min: 1, max: 100 }),
    refillPerSecond: fc.constantFrom(0.5, 1, 3, 20, 100),
  });
  const requestsArb = fc.array(
    fc.record({ waitMs: fc.integer({ min: 0, max: 5000 }), cost: fc.integer({ min: 1, max: 100 }) }),
    {
      maxLength: 60,
    },
  );

  it('never grants more than the capacity plus the rate times the elapsed time', () => {
    fc.assert(
      fc.property(limitArb, requestsArb, (limit, requests) => {
        let bucket = fullBucket(limit, after(0));
        let elapsedMs = 0;
        let grantedTotal = 0;
        for (const { waitMs, cost } of requests) {
          elapsedMs += waitMs;
          const result = take(bucket, after(elapsedMs), Math.min(cost, limit.capacity));
          if (result.granted) grantedTotal += Math.min(cost, limit.capacity);
          bucket = result.bucket;
          expect(grantedTotal).toBeLessThanOrEqual(
            limit.capacity + (limit.refillPerSecond * elapsedMs) / 1000 + 1e-6,
          );
        }
      }),
    );
  });

  it('grants once the caller has waited the advised time', () => {
    const costArb = fc.integer({ min: 1, max: 100 });
    fc.assert(
      fc.property(limitArb, costArb, costArb, (limit, spent, wanted) => {
        const cost = Math.min(wanted, limit.capacity);
        const used = granted(take(fullBucket(limit, after(0)), after(0), Math.min(spent, limit.capacity)));
        const attempt = take(used, after(0), cost);
        if (!attempt.granted) {
          expect(take(attempt.bucket, after(attempt.retryAfterMs), cost).granted).toBe(true);
        }
      }),
    );
  });
});
