import { fixedClock } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { checkNonce, issueNonce } from './nonce';

const secret = 's'.repeat(32);
const ttlMs = 300_000;

describe('nonce', () => {
  const clock = fixedClock('2026-11-23T10:00:00Z');
  const nonce = issueNonce(secret, 'acme.sip.test', clock.now().getTime(), 'AAAAAAAAAAAAAAAA');

  it('is fresh for its lifetime, then stale', () => {
    expect(checkNonce(secret, 'acme.sip.test', nonce, clock.now().getTime(), ttlMs)).toBe('fresh');
    clock.advance(ttlMs);
    expect(checkNonce(secret, 'acme.sip.test', nonce, clock.now().getTime(), ttlMs)).toBe('fresh');
    clock.advance(1);
    expect(checkNonce(secret, 'acme.sip.test', nonce, clock.now().getTime(), ttlMs)).toBe('stale');
  });

  it('is invalid under another secret or realm, when altered, or from the future', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(checkNonce('t'.repeat(32), 'acme.sip.test', nonce, now, ttlMs)).toBe('invalid');
    expect(checkNonce(secret, 'other.sip.test', nonce, now, ttlMs)).toBe('invalid');
    expect(checkNonce(secret, 'acme.sip.test', nonce.replace(/^./, '0'), now, ttlMs)).toBe('invalid');
    expect(checkNonce(secret, 'acme.sip.test', 'garbage', now, ttlMs)).toBe('invalid');
    const future = issueNonce(secret, 'acme.sip.test', now + 60_000, 'BBBBBBBBBBBBBBBB');
    expect(checkNonce(secret, 'acme.sip.test', future, now, ttlMs)).toBe('invalid');
  });
});
