import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature } from './webhook-signature';

const payload = '{"id":"evt_1","object":"event","type":"webhook.test"}';
const secret = 'whsec_current';
const oldSecret = 'whsec_previous';
const timestamp = 1_800_000_000;
const now = new Date(timestamp * 1000);

describe('webhook signatures', () => {
  it('signs t.payload with HMAC-SHA256 as hex', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
    expect(signWebhookPayload({ payload, secrets: [secret], timestamp })).toBe(
      `t=${timestamp},v1=${expected}`,
    );
  });

  it('verifies its own signature, from a string or the raw bytes', () => {
    const header = signWebhookPayload({ payload, secrets: [secret], timestamp });
    expect(verifyWebhookSignature({ payload, header, secrets: secret, now })).toBe(true);
    expect(verifyWebhookSignature({ payload: Buffer.from(payload), header, secrets: [secret], now })).toBe(
      true,
    );
  });

  it('carries one v1 per secret during a rotation, and either secret verifies', () => {
    const header = signWebhookPayload({ payload, secrets: [secret, oldSecret], timestamp });
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhookSignature({ payload, header, secrets: [secret], now })).toBe(true);
    expect(verifyWebhookSignature({ payload, header, secrets: [oldSecret], now })).toBe(true);
    expect(verifyWebhookSignature({ payload, header, secrets: ['whsec_other'], now })).toBe(false);
  });

  it('refuses a wrong secret and a tampered body, timestamp or signature', () => {
    const header = signWebhookPayload({ payload, secrets: [secret], timestamp });
    expect(verifyWebhookSignature({ payload, header, secrets: 'whsec_wrong', now })).toBe(false);
    expect(
      verifyWebhookSignature({ payload: payload.replace('test', 'tess'), header, secrets: secret, now }),
    ).toBe(false);
    const shifted = header.replace(`t=${timestamp}`, `t=${timestamp + 1}`);
    expect(verifyWebhookSignature({ payload, header: shifted, secrets: secret, now })).toBe(false);
    const flipped = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0');
    expect(verifyWebhookSignature({ payload, header: flipped, secrets: secret, now })).toBe(false);
  });

  it('accepts timestamps within the tolerance only, both ways', () => {
    const header = signWebhookPayload({ payload, secrets: [secret], timestamp });
    const at = (offsetSeconds: number) => new Date((timestamp + offsetSeconds) * 1000);
    expect(verifyWebhookSignature({ payload, header, secrets: secret, now: at(300) })).toBe(true);
    expect(verifyWebhookSignature({ payload, header, secrets: secret, now: at(301) })).toBe(false);
    expect(verifyWebhookSignature({ payload, header, secrets: secret, now: at(-301) })).toBe(false);
    expect(
      verifyWebhookSignature({ payload, header, secrets: secret, now: at(900), toleranceSeconds: 900 }),
    ).toBe(true);
  });

  it('refuses missing and malformed headers', () => {
    for (const header of [
      undefined,
      '',
      't=abc,v1=00',
      `t=${timestamp}`,
      `v1=${'a'.repeat(64)}`,
      'garbage',
    ]) {
      expect(verifyWebhookSignature({ payload, header, secrets: secret, now })).toBe(false);
    }
  });
});
