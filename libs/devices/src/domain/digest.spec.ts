import { describe, expect, it } from 'vitest';
import {
  digestChallenge,
  digestHa1,
  digestMatches,
  digestResponse,
  parseDigestCredentials,
  type DigestAlgorithm,
} from './digest';

// RFC 7616 §3.9.1: the same request answered with SHA-256 and with MD5 (there with qop=auth and a `uri`).
const rfc7616 = {
  username: 'Mufasa',
  realm: 'http-auth@example.org',
  password: 'Circle of Life',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  nc: '00000001',
  uri: '/dir/index.html',
};

function authorization(algorithm: DigestAlgorithm, response: string, extra = ''): string {
  const { username, realm, nonce, uri, cnonce, nc } = rfc7616;
  return (
    `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", ` +
    `algorithm=${algorithm}, response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}"${extra}`
  );
}

describe('digest', () => {
  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ] as const)('computes the RFC 7616 example response with %s', (algorithm, expected) => {
    const ha1 = digestHa1(algorithm, rfc7616.username, rfc7616.realm, rfc7616.password);
    expect(digestResponse(ha1, { ...rfc7616, algorithm }, 'GET')).toBe(expected);
    const credentials = parseDigestCredentials(authorization(algorithm, expected))!;
    expect(credentials).toMatchObject({ username: 'Mufasa', algorithm, nc: '00000001' });
    expect(digestMatches(credentials, ha1, 'GET')).toBe(true);
    expect(digestMatches(credentials, ha1, 'REGISTER')).toBe(false);
    expect(digestMatches(credentials, digestHa1(algorithm, 'Mufasa', rfc7616.realm, 'wrong'), 'GET')).toBe(
      false,
    );
  });

  it('refuses answers it cannot check: no qop=auth, unknown algorithm, malformed nc or response', () => {
    const md5 = '8ca523f5e9506fed4657c9700eebdbec';
    expect(parseDigestCredentials(authorization('MD5', md5).replace('qop=auth, ', ''))).toBeUndefined();
    expect(
      parseDigestCredentials(authorization('MD5', md5).replace('qop=auth', 'qop=auth-int')),
    ).toBeUndefined();
    expect(
      parseDigestCredentials(authorization('MD5', md5).replace('algorithm=MD5', 'algorithm=SHA-512-256')),
    ).toBeUndefined();
    expect(parseDigestCredentials(authorization('MD5', md5).replace('nc=00000001', 'nc=1'))).toBeUndefined();
    expect(parseDigestCredentials(authorization('SHA-256', md5))).toBeUndefined();
    expect(parseDigestCredentials('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==')).toBeUndefined();
  });

  it('reads quoted values with commas and escapes, and treats a missing algorithm as MD5', () => {
    const credentials = parseDigestCredentials(
      'Digest username="a\\"b", realm="x, y", nonce="n", uri="sip:x", response="8ca523f5e9506fed4657c9700eebdbec", qop=auth, nc=0000000A, cnonce="c"',
    );
    expect(credentials).toMatchObject({ username: 'a"b', realm: 'x, y', algorithm: 'MD5', nc: '0000000a' });
  });

  it('writes one challenge per algorithm, stale only when asked', () => {
    expect(digestChallenge({ realm: 'acme.sip.test', nonce: 'n1', algorithm: 'SHA-256', stale: false })).toBe(
      'Digest realm="acme.sip.test", nonce="n1", algorithm=SHA-256, qop="auth"',
    );
    expect(digestChallenge({ realm: 'acme.sip.test', nonce: 'n1', algorithm: 'MD5', stale: true })).toBe(
      'Digest realm="acme.sip.test", nonce="n1", algorithm=MD5, qop="auth", stale=true',
    );
  });
});
