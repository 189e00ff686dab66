import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let token = '';
  // 62 * 4 = 248 < 256: rejecting bytes of 248 and above keeps every character equally likely.
  for (let index = 0; token.length < length; index += 1) {
    const byte = index < bytes.length ? bytes[index]! : randomBytes(1)[0]!;
    if (byte < 248) token += base62[byte % 62];
  }
  return token;
}

/** API keys carry 190 bits of randomness, so a fast hash is safe to store; a slow one would tax every request. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function constantTimeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface IssuedApiKey {
  /** The whole key, shown to its creator once. */
  readonly key: string;
  /** Public part, stored and shown in lists to recognize the key. */
  readonly prefix: string;
  readonly secretHash: string;
}

const apiKeyPattern = /^sk_([0-9A-Za-z]{12})_([0-9A-Za-z]{32})$/;

export function issueApiKey(): IssuedApiKey {
  const prefix = randomToken(12);
  const secret = randomToken(32);
  return { key: `sk_${prefix}_${secret}`, prefix, secretHash: hashApiKeySecret(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = apiKeyPattern.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

export function hmacSha256Base64Url(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}
