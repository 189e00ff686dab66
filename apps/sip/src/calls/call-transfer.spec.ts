import type Srf from 'drachtio-srf';
import { describe, expect, it } from 'vitest';
import { referTarget } from './call-transfer';

const refer = (referTo?: string) =>
  ({
    has: (name: string) => name === 'Refer-To' && referTo !== undefined,
    get: () => referTo,
  }) as unknown as Srf.SrfRequest;

describe('referTarget', () => {
  it('takes the user part of Refer-To: an extension or a number', () => {
    expect(referTarget(refer('<sip:6302@sip.example.test>'))).toEqual({ to: '6302' });
    expect(referTarget(refer('"Cell" <sip:+14155550177@sip.example.test;user=phone>'))).toEqual({
      to: '+14155550177',
    });
  });

  it('refuses an attended transfer (Replaces) as not implemented', () => {
    expect(
      referTarget(refer('<sip:6302@sip.example.test?Replaces=abc%40host%3Bto-tag%3D1%3Bfrom-tag%3D2>')),
    ).toEqual({ refused: 501, reason: 'Attended Transfer Not Implemented' });
  });

  it('refuses a REFER without a usable Refer-To', () => {
    expect(referTarget(refer())).toEqual({ refused: 400, reason: 'Bad Refer-To' });
    expect(referTarget(refer('<sip:sip.example.test>'))).toEqual({ refused: 400, reason: 'Bad Refer-To' });
  });
});
