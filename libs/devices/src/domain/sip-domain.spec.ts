import { describe, expect, it } from 'vitest';
import { accountDomain, accountSubdomain, subdomainOf } from './sip-domain';

describe('sip domains', () => {
  it('slugs the account name and adds the end of the account id', () => {
    expect(accountSubdomain('Acme Plumbing & Sons', 'acc_01jd3v3k6m5x9q8w7e6r5t4y3u')).toBe(
      'acme-plumbing-sons-7e6r5t4y3u',
    );
    expect(accountSubdomain('Café Zürich', 'acc_01jd3v3k6m5x9q8w7e6r5t4y3u')).toBe('cafe-zurich-7e6r5t4y3u');
    expect(accountSubdomain('!!!', 'acc_01jd3v3k6m5x9q8w7e6r5t4y3u')).toBe('account-7e6r5t4y3u');
    expect(accountSubdomain('x'.repeat(80), 'acc_01jd3v3k6m5x9q8w7e6r5t4y3u')).toHaveLength(41);
  });

  it('finds the subdomain one label below the parent domain', () => {
    expect(accountDomain('acme-7e6r5t4y3u', 'sip.example.com')).toBe('acme-7e6r5t4y3u.sip.example.com');
    expect(subdomainOf('ACME-7e6r5t4y3u.sip.example.com', 'sip.example.com')).toBe('acme-7e6r5t4y3u');
    expect(subdomainOf('a.b.sip.example.com', 'sip.example.com')).toBeUndefined();
    expect(subdomainOf('sip.example.com', 'sip.example.com')).toBeUndefined();
    expect(subdomainOf('acme.sip.example.org', 'sip.example.com')).toBeUndefined();
  });
});
