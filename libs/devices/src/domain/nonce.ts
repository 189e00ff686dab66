import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Digest nonces that need no shared state: `<issued at, ms, base 36>.<random>.<HMAC>`, the HMAC (SHA-256, cut to
 * 128 bits) covering time, random part and realm. Any sip instance holding the secret verifies any nonce; a nonce is
 * only good for the realm it was issued for. Replays within its lifetime are caught by the nonce-count check.
 */
export type NonceState = 'fresh' | 'stale' | 'invalid';

/** How far in the future a nonce may claim to be from, for clocks of several instances that disagree a little. */
const clockSkewMs = 5_000;

function mac(secret: string, payload: string, realm: string): Buffer {
  return createHmac('sha256', secret).update(`${payload}|${realm}`).digest().subarray(0, 16);
}

/** `random` is fresh unpredictable text from the caller (base64url), so this stays a pure function. */
export function issueNonce(secret: string, realm: string, issuedAtMs: number, random: string): string {
  const payload = `${issuedAtMs.toString(36)}.${random}`;
  return `${payload}.${mac(secret, payload, realm).toString('base64url')}`;
}

export function checkNonce(
  secret: string,
  realm: string,
  nonce: string,
  nowMs: number,
  ttlMs: number,
): NonceState {
  const match = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{22})$/.exec(nonce);
  if (!match) return 'invalid';
  const [, time = '', random = '', signature = ''] = match;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, `${time}.${random}`, realm);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  const age = nowMs - parseInt(time, 36);
  if (age < -clockSkewMs) return 'invalid';
  return age > ttlMs ? 'stale' : 'fresh';
}
