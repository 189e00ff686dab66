// Signing and verifying webhook deliveries. Depends on node:crypto only, so receivers can copy this file as it is.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeaderName = 'X-Signature';

function hmacHex(secret: string, timestamp: number, payload: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex');
}

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`: one v1 per secret, so a receiver holding either secret verifies. */
export function signWebhookPayload(input: {
  readonly payload: string | Buffer;
  readonly secrets: readonly string[];
  readonly timestamp: number;
}): string {
  const signatures = input.secrets.map((secret) => `v1=${hmacHex(secret, input.timestamp, input.payload)}`);
  return [`t=${input.timestamp}`, ...signatures].join(',');
}

export interface VerifyWebhookSignatureInput {
  /** The raw request body, exactly as received (not re-serialized JSON). */
  readonly payload: string | Buffer;
  /** The X-Signature header. */
  readonly header: string | undefined;
  /** The endpoint's signing secret, or both while a rotation's grace period runs. */
  readonly secrets: string | readonly string[];
  /** Oldest (and furthest future) accepted timestamp, against replays. */
  readonly toleranceSeconds?: number;
  readonly now?: Date;
}

/**
 * True when the header carries a fresh timestamp and a v1 signature made with one of `secrets` over
 * `<t>.<payload>`. Comparisons take constant time.
 */
export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): boolean {
  const { payload, header, toleranceSeconds = 300, now = new Date() } = input;
  if (header === undefined) return false;
  let timestamp: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) candidates.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || candidates.length === 0) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > toleranceSeconds) return false;
  const secrets = typeof input.secrets === 'string' ? [input.secrets] : input.secrets;
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(hmacHex(secret, timestamp, payload), 'hex');
    // Every pair is compared, so the time taken does not tell which secret or signature matched.
    for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched;
  }
  return matched;
}
