import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken } from './access-token';
import { hashApiKeySecret, issueApiKey, parseApiKey } from './secrets';

const secret = 'k'.repeat(32);
const now = 1_800_000_000;

describe('API keys', () => {
  it('issues keys that parse back to their prefix and hashed secret', () => {
    const issued = issueApiKey();
    const parsed = parseApiKey(issued.key);
    expect(parsed?.prefix).toBe(issued.prefix);
    expect(hashApiKeySecret(parsed!.secret)).toBe(issued.secretHash);
  });

  it('rejects malformed keys', () => {
    expect(parseApiKey('sk_short_secret')).toBeNull();
    expect(parseApiKey(`pk_${'a'.repeat(12)}_${'b'.repeat(32)}`)).toBeNull();
  });
});

describe('access tokens', () => {
  const claims = { sub: 'usr_1', acc: 'acc_1', role: 'admin' as const };

  it('verifies a fresh token', () => {
    const { token, expiresAt } = signAccessToken(claims, secret, now, 900);
    expect(expiresAt).toBe(now + 900);
    expect(verifyAccessToken(token, secret, now + 899)).toMatchObject(claims);
  });

  it('rejects expired, tampered and foreign tokens', () => {
    const { token } = signAccessToken(claims, secret, now, 900);
    expect(verifyAccessToken(token, secret, now + 900)).toBeNull();
    expect(verifyAccessToken(token, 'x'.repeat(32), now)).toBeNull();
    const [head, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...claims, role: 'owner', iat: now, exp: now + 900 }),
    ).toString('base64url');
    expect(verifyAccessToken(`${head}.${forged}.${signature}`, secret, now)).toBeNull();
  });
});
