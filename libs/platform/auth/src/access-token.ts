import { constantTimeEqual, hmacSha256Base64Url } from './secrets';
import { type UserRole } from './principal';

export interface AccessTokenClaims {
  readonly sub: string;
  readonly acc: string;
  readonly role: UserRole;
  readonly iat: number;
  readonly exp: number;
}

const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** Short-lived HS256 JWTs for dashboard users; `now` is seconds since the epoch. */
export function signAccessToken(
  claims: Omit<AccessTokenClaims, 'iat' | 'exp'>,
  secret: string,
  now: number,
  ttlSeconds: number,
): { token: string; expiresAt: number } {
  const full: AccessTokenClaims = { ...claims, iat: now, exp: now + ttlSeconds };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return {
    token: `${header}.${body}.${hmacSha256Base64Url(secret, `${header}.${body}`)}`,
    expiresAt: full.exp,
  };
}

export function verifyAccessToken(token: string, secret: string, now: number): AccessTokenClaims | null {
  const [head, body, signature, ...rest] = token.split('.');
  if (head !== header || body === undefined || signature === undefined || rest.length > 0) return null;
  if (!constantTimeEqual(signature, hmacSha256Base64Url(secret, `${head}.${body}`))) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AccessTokenClaims;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return null;
    if (typeof claims.sub !== 'string' || typeof claims.acc !== 'string') return null;
    return claims;
  } catch {
    return null;
  }
}
