import { describe, expect, it } from 'vitest';
import { CidrList, isIpLiteral } from './ip-address';

describe('ip addresses', () => {
  it('tells IP literals from DNS names', () => {
    for (const host of ['192.0.2.1', '[2001:db8::1]', '2001:db8::1', '::ffff:192.0.2.1']) {
      expect(isIpLiteral(host), host).toBe(true);
    }
    for (const host of ['acme.sip.example.com', 'localhost', '192.0.2', '1.2.3.4.example']) {
      expect(isIpLiteral(host), host).toBe(false);
    }
  });

  it('matches IPv4 and IPv6 networks and single addresses', () => {
    const trusted = new CidrList(['192.0.2.0/24', '198.51.100.7', '2001:db8:1::/48', '0.0.0.0/32']);
    expect(trusted.contains('192.0.2.200')).toBe(true);
    expect(trusted.contains('192.0.3.1')).toBe(false);
    expect(trusted.contains('198.51.100.7')).toBe(true);
    expect(trusted.contains('198.51.100.8')).toBe(false);
    expect(trusted.contains('2001:db8:1:ffff::1')).toBe(true);
    expect(trusted.contains('2001:db8:2::1')).toBe(false);
    expect(trusted.contains('::ffff:192.0.2.9')).toBe(true);
    expect(trusted.contains('not-an-address')).toBe(false);
    expect(new CidrList(['::/0']).contains('192.0.2.1')).toBe(false);
    expect(new CidrList(['0.0.0.0/0']).contains('203.0.113.9')).toBe(true);
  });

  it('refuses malformed CIDRs', () => {
    expect(() => new CidrList(['192.0.2.0/33'])).toThrow(/CIDR/);
    expect(() => new CidrList(['example.com'])).toThrow(/CIDR/);
  });
});
