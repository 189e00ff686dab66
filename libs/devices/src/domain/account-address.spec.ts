import { describe, expect, it } from 'vitest';
import { accountAddress } from './account-address';

const parent = 'sip.example.com';

describe('account address', () => {
  it('takes user and lower-cased account domain from a name-addr or a bare URI', () => {
    const expected = { user: '1001', domain: 'acme-x1.sip.example.com', subdomain: 'acme-x1' };
    expect(accountAddress('"Front desk" <sip:1001@ACME-x1.sip.example.com>;tag=a1', parent)).toEqual(
      expected,
    );
    expect(accountAddress('sip:1001@acme-x1.sip.example.com:5060;tag=a1', parent)).toEqual(expected);
  });

  it.each([
    '<sip:1001@192.0.2.1>',
    '<sip:1001@[2001:db8::1]>',
    '<sip:1001@sip.example.com>',
    '<sip:1001@acme.example.org>',
    '<sip:1001@a.b.sip.example.com>',
    '<sip:acme-x1.sip.example.com>',
    'garbage',
  ])('names no account user for %s', (header) => {
    expect(accountAddress(header, parent)).toBeUndefined();
  });
});
