import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseDigestParameters } from './sip-digest';

describe('digestAuthorization', () => {
  it('computes the response SIPp sent in c-register-digest', () => {
    const challenge =
      'Digest realm="127.0.0.1", nonce="5f1c8e2a9b7d4c3e1a0f6b8d2c4e6a8b", opaque="0a4f113b", algorithm=MD5, qop="auth"';

    const authorization = digestAuthorization(
      challenge,
      { method: 'REGISTER', uri: 'sip:127.0.0.1:5060' },
      { username: 'alice', password: 'secret123' },
      '6b8b4567',
    );

    expect(parseDigestParameters(authorization)).toEqual({
      username: 'alice',
      realm: '127.0.0.1',
      nonce: '5f1c8e2a9b7d4c3e1a0f6b8d2c4e6a8b',
      uri: 'sip:127.0.0.1:5060',
      response: '8835d6cbfafa1b0b3e658ebff10323f6',
      algorithm: 'MD5',
      qop: 'auth',
      nc: '00000001',
      cnonce: '6b8b4567',
      opaque: '0a4f113b',
    });
  });

  it('answers a SHA-256 challenge with SHA-256 (RFC 8760), as RFC 7616 §3.9.1 computes it', () => {
    const challenge =
      'Digest realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", algorithm=SHA-256, qop="auth"';

    const authorization = digestAuthorization(
      challenge,
      { method: 'GET', uri: '/dir/index.html' },
      { username: 'Mufasa', password: 'Circle of Life' },
      'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    );

    expect(parseDigestParameters(authorization)).toMatchObject({
      algorithm: 'SHA-256',
      response: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    });
  });
});
