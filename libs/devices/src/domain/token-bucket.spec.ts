import { fixedClock } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { isFull, takeToken, type TokenBucket } from './token-bucket';

const policy = { capacity: 30, windowMs: 2_000 };

describe('token bucket', () => {
  it('allows a burst of its capacity, then refills at capacity per window', () => {
    const clock = fixedClock('2026-11-23T10:00:00Z');
    let bucket: TokenBucket | undefined;
    for (let index = 0; index < 30; index += 1) {
      const verdict = takeToken(bucket, clock.now().getTime(), policy);
      expect(verdict.allowed).toBe(true);
      bucket = verdict.bucket;
    }
    const refused = takeToken(bucket, clock.now().getTime(), policy);
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 67 });
    clock.advance(67);
    const again = takeToken(refused.bucket, clock.now().getTime(), policy);
    expect(again.allowed).toBe(true);
    expect(isFull(again.bucket, clock.now().getTime(), policy)).toBe(false);
    clock.advance(2_000);
    expect(isFull(again.bucket, clock.now().getTime(), policy)).toBe(true);
  });

  it('never holds more than its capacity, however long it was idle', () => {
    const verdict = takeToken({ tokens: 0, updatedAt: 0 }, 10 * 3_600_000, policy);
    expect(verdict.allowed && verdict.bucket.tokens).toBe(29);
  });
});
