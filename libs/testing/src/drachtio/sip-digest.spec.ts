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
});
