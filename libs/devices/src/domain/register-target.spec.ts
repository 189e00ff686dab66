import { describe, expect, it } from 'vitest';
import { registerTarget } from './register-target';

const parent = 'sip.example.com';

describe('register target', () => {
  it('takes user and domain from To, accepting the account domain or the parent in the Request-URI', () => {
    const expected = {
      kind: 'target',
      user: '1001',
      domain: 'acme-x1.sip.example.com',
      subdomain: 'acme-x1',
    };
    expect(
      registerTarget('sip:acme-x1.sip.example.com', '<sip:1001@ACME-x1.sip.example.com>', parent),
    ).toEqual(expected);
    expect(
      registerTarget('sip:sip.example.com:5060', '"Desk" <sip:1001@acme-x1.sip.example.com>;tag=x', parent),
    ).toEqual(expected);
  });

  it.each([
    ['sip:192.0.2.1', '<sip:1001@acme-x1.sip.example.com>'],
    ['sip:acme-x1.sip.example.com', '<sip:1001@192.0.2.1>'],
    ['sip:[2001:db8::1]', '<sip:1001@acme-x1.sip.example.com>'],
    ['sip:other.example.org', '<sip:1001@acme-x1.sip.example.com>'],
    ['sip:acme.example.org', '<sip:1001@acme.example.org>'],
    ['sip:acme-x1.sip.example.com', '<sip:acme-x1.sip.example.com>'],
    ['sip:acme-x1.sip.example.com', 'garbage'],
  ])('refuses Request-URI %s with To %s', (requestUri, to) => {
    expect(registerTarget(requestUri, to, parent)).toEqual({ kind: 'forbidden' });
  });
});
