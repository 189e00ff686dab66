import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs, retryDelayMs, slotWaitDelayMs, verdictOfStatus } from './retry-policy';

const schedule = { baseMs: 30_000, maxDelayMs: 4 * 3_600_000, maxAttempts: 15 };
const middle = () => 0.5;

describe('verdictOfStatus', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [301, 'give_up'],
    [400, 'give_up'],
    [401, 'give_up'],
    [404, 'give_up'],
    [410, 'give_up'],
  ])('%i → %s', (status, verdict) => {
    expect(verdictOfStatus(status)).toBe(verdict);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base up to the cap', () => {
    const delays = Array.from({ length: 14 }, (_, index) => retryDelayMs(index + 1, schedule, middle));
    expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(delays.at(-1)).toBe(schedule.maxDelayMs);
  });

  it('spreads the schedule over about a day', () => {
    const total = Array.from({ length: 14 }, (_, index) => retryDelayMs(index + 1, schedule, middle)!).reduce(
      (sum, delay) => sum + delay,
    );
    expect(total / 3_600_000).toBeGreaterThan(20);
    expect(total / 3_600_000).toBeLessThan(30);
  });

  it('stops once the attempts are used up', () => {
    expect(retryDelayMs(14, schedule, middle)).not.toBeNull();
    expect(retryDelayMs(15, schedule, middle)).toBeNull();
  });

  it('jitters by at most 20 % either way', () => {
    expect(retryDelayMs(1, schedule, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, schedule, () => 0.999_999)).toBe(36_000);
  });

  it('waits at least as long as Retry-After asks, up to the cap', () => {
    expect(retryDelayMs(1, schedule, middle, 120_000)).toBe(120_000);
    expect(retryDelayMs(1, schedule, middle, 1_000)).toBe(30_000);
    expect(retryDelayMs(1, schedule, middle, 48 * 3_600_000)).toBe(schedule.maxDelayMs);
  });
});

describe('parseRetryAfterMs', () => {
  const now = new Date('2026-11-23T10:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs('Mon, 23 Nov 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfterMs('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('slotWaitDelayMs', () => {
  it('starts short and backs off to at most about 5 s', () => {
    expect(slotWaitDelayMs(0, () => 0.5)).toBe(100);
    expect(slotWaitDelayMs(3, () => 0.5)).toBe(800);
    expect(slotWaitDelayMs(20, () => 0.5)).toBe(5_000);
    expect(slotWaitDelayMs(20, () => 0.999_999)).toBeLessThanOrEqual(7_500);
    expect(slotWaitDelayMs(0, () => 0)).toBe(50);
  });
});
