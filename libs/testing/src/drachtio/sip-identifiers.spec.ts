import { describe, expect, it } from 'vitest';
import { SipIdentifiers } from './sip-identifiers';

describe('SipIdentifiers', () => {
  // h-outbound-call: the INVITE sent at 19:00:34.561466 got Call-ID 00f9d185-6213-1240-6b8d-3213732b0d86, CSeq 123176425
  const capturedInstant = Date.parse('2026-11-23T19:00:34.561Z') + 0.466;

  it('derives Call-ID time fields and the first CSeq from the clock as sofia-sip does', () => {
    const ids = new SipIdentifiers(() => capturedInstant);

    // the captured Call-ID was minted 0.4 ms before the confirmation's time stamp: same upper time bits
    expect(ids.callId()).toMatch(/^00f9[0-9a-f]{4}-6213-1240-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids.initialCseq()).toBe(123176425);
    expect(ids.wireTime()).toBe('19:00:34.561466');
  });

  it('mints fixed-length ids: UUID v4, 13-character tags and branches', () => {
    const ids = new SipIdentifiers(() => capturedInstant);

    expect(ids.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.tag()).toMatch(/^[0-9A-Za-z]{13}$/);
    expect(ids.branch()).toMatch(/^z9hG4bK[0-9A-Za-z]{13}$/);
    expect(ids.proxyBranch()).toMatch(/^z9hG4bK[0-9a-f]{8}-/);
  });
});
