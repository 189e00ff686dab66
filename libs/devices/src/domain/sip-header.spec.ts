import { describe, expect, it } from 'vitest';
import { parseNameAddr, parseSipUri, splitHeaderList } from './sip-header';

describe('sip headers', () => {
  it('splits lists outside quotes and brackets', () => {
    expect(splitHeaderList('"a, b" <sip:x@h;p=1,2>;expires=60, <sip:y@h>')).toEqual([
      '"a, b" <sip:x@h;p=1,2>;expires=60',
      '<sip:y@h>',
    ]);
  });

  it('parses name-addr and addr-spec with header parameters', () => {
    const address = parseNameAddr(
      '"Alice" <sip:alice@192.0.2.10:5062;transport=tcp>;expires=120;+sip.instance="<urn:x>"',
    );
    expect(address?.uri).toBe('sip:alice@192.0.2.10:5062;transport=tcp');
    expect(address?.params.get('expires')).toBe('120');
    expect(parseNameAddr('sip:bob@example.com;expires=0')).toMatchObject({ uri: 'sip:bob@example.com' });
    expect(parseNameAddr('<mailto:x@y>')).toBeUndefined();
  });

  it('parses user and host of SIP URIs', () => {
    expect(parseSipUri('sip:Alice@ACME.sip.test:5060;transport=udp')).toEqual({
      user: 'Alice',
      host: 'acme.sip.test',
    });
    expect(parseSipUri('sips:[2001:db8::1]:5061')).toEqual({ user: undefined, host: '[2001:db8::1]' });
    expect(parseSipUri('sip:%41lice@h')).toEqual({ user: 'Alice', host: 'h' });
    expect(parseSipUri('sip:%zz@h')).toBeUndefined();
    expect(parseSipUri('tel:+14155550123')).toBeUndefined();
  });
});
