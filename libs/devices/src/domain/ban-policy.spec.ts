import { fixedClock } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { banFor, failureWindowStart } from './ban-policy';

const policy = { failureLimit: 5, failureWindowMs: 600_000, banMs: 600_000 };

describe('ban policy', () => {
  const clock = fixedClock('2026-11-23T10:00:00Z');
  const now = clock.now().getTime();

  it('bans at the limit of failures within the window, for the ban time', () => {
    expect(banFor('203.0.113.9', 'acme.sip.test', 4, now, policy)).toBeNull();
    expect(banFor('203.0.113.9', 'acme.sip.test', 5, now, policy)).toEqual({
      address: '203.0.113.9',
      domain: 'acme.sip.test',
      failures: 5,
      bannedAt: now,
      expiresAt: now + 600_000,
    });
  });

  it('counts failures of the last window only', () => {
    expect(failureWindowStart(now, policy)).toBe(now - 600_000);
  });
});
