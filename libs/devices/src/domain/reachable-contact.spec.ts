import { describe, expect, it } from 'vitest';
import { contactRequestUri, natTarget, reachableContact } from './reachable-contact';
import { type Binding } from './registration';

const binding: Binding = {
  contact: 'sip:1001@10.0.0.7:5062;transport=tcp;ob',
  expiresAt: 1_800_000_000_000,
  callId: 'call-1',
  cseq: 3,
  userAgent: 'Yealink SIP-T46U',
  sourceAddress: '203.0.113.9',
  sourcePort: 40123,
  transport: 'tcp',
  registeredAt: 1_799_999_700_000,
};

describe('reachable contact', () => {
  const contact = reachableContact('dev_1', binding);

  it('keeps the contact URI as registered as the Request-URI', () => {
    expect(contact).toEqual({
      deviceId: 'dev_1',
      contact: 'sip:1001@10.0.0.7:5062;transport=tcp;ob',
      sourceAddress: '203.0.113.9',
      sourcePort: 40123,
      transport: 'tcp',
    });
    expect(contactRequestUri(contact)).toBe('sip:1001@10.0.0.7:5062;transport=tcp;ob');
  });

  it('sends to the source the REGISTER came from, over its transport', () => {
    expect(natTarget(contact)).toBe('sip:203.0.113.9:40123;transport=tcp');
    expect(natTarget({ ...contact, sourceAddress: '2001:db8::9', transport: 'udp' })).toBe(
      'sip:[2001:db8::9]:40123;transport=udp',
    );
  });
});
