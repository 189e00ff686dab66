import { createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';

/** Callbacks signed longer ago than this are refused, so a captured one cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

// DER prefix of an ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function fresh(timestamp: number, now: Date): boolean {
  return (
    Number.isFinite(timestamp) && Math.abs(now.getTime() / 1000 - timestamp) <= SIGNATURE_TOLERANCE_SECONDS
  );
}

/** The sandbox signs as we sign our own webhooks: `t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. */
export function sandboxSignature(secret: string, rawBody: string, timestamp: number): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

export function verifySandboxSignature(
  secret: string | undefined,
  header: string | undefined,
  rawBody: string,
  now: Date,
): boolean {
  if (!secret || !header) return false;
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  if (!fresh(timestamp, now)) return false;
  const expected = Buffer.from(sandboxSignature(secret, rawBody, timestamp).split('v1=')[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Telnyx signs `<timestamp>|<raw body>` with ed25519; the key and the signature are base64. */
export function verifyTelnyxSignature(
  publicKey: string | undefined,
  signature: string | undefined,
  timestamp: string | undefined,
  rawBody: string,
  now: Date,
): boolean {
  if (!publicKey || !signature || !timestamp || !fresh(Number(timestamp), now)) return false;
  try {
    const key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKey, 'base64')]),
      format: 'der',
      type: 'spki',
    });
    return verify(null, Buffer.from(`${timestamp}|${rawBody}`), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
