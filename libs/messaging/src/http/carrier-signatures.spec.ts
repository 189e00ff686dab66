import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sandboxSignature, verifySandboxSignature, verifyTelnyxSignature } from './carrier-signatures';

const now = new Date('2030-01-01T12:00:00.000Z');
const unix = now.getTime() / 1000;
const body = '{"id":"evt_1"}';

describe('sandbox signatures', () => {
  const secret = 'a-secret-of-some-length';

  it('accepts its own signature and refuses a changed body, another secret or an old timestamp', () => {
    expect(verifySandboxSignature(secret, sandboxSignature(secret, body, unix), body, now)).toBe(true);
    expect(verifySandboxSignature(secret, sandboxSignature(secret, body, unix), `${body} `, now)).toBe(false);
    expect(verifySandboxSignature(secret, sandboxSignature('other', body, unix), body, now)).toBe(false);
    expect(verifySandboxSignature(secret, sandboxSignature(secret, body, unix - 301), body, now)).toBe(false);
  });

  it('refuses when no secret is configured or the header is missing or garbled', () => {
    expect(verifySandboxSignature(undefined, sandboxSignature(secret, body, unix), body, now)).toBe(false);
    expect(verifySandboxSignature(secret, undefined, body, now)).toBe(false);
    expect(verifySandboxSignature(secret, 'nonsense', body, now)).toBe(false);
  });
});

describe('Telnyx signatures', () => {
  const keys = generateKeyPairSync('ed25519');
  const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
  const signed = (timestamp: string, payload: string) =>
    sign(null, Buffer.from(`${timestamp}|${payload}`), keys.privateKey).toString('base64');

  it('verifies ed25519 over timestamp and raw body', () => {
    const timestamp = String(unix);
    expect(verifyTelnyxSignature(publicKey, signed(timestamp, body), timestamp, body, now)).toBe(true);
    expect(verifyTelnyxSignature(publicKey, signed(timestamp, body), timestamp, `${body} `, now)).toBe(false);
    expect(verifyTelnyxSignature(publicKey, signed(timestamp, body), String(unix + 1), body, now)).toBe(
      false,
    );
  });

  it('refuses stale timestamps, bad keys and missing headers', () => {
    const stale = String(unix - 301);
    expect(verifyTelnyxSignature(publicKey, signed(stale, body), stale, body, now)).toBe(false);
    expect(verifyTelnyxSignature('bm90IGEga2V5', signed(String(unix), body), String(unix), body, now)).toBe(
      false,
    );
    expect(verifyTelnyxSignature(undefined, 'x', String(unix), body, now)).toBe(false);
    expect(verifyTelnyxSignature(publicKey, undefined, String(unix), body, now)).toBe(false);
  });
});
