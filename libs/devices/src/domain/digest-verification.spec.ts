import { fixedClock } from '@switchyard/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DigestAlgorithm, digestHa1, digestResponse, parseDigestCredentials } from './digest';
import {
  deviceMayAct,
  digestChallenges,
  type DigestExpectation,
  provesPassword,
  readDigestAnswer,
} from './digest-verification';
import { issueNonce } from './nonce';

const realm = 'acme-x1.sip.example.com';
const requestUri = 'sip:1002@acme-x1.sip.example.com';
const nonceSecret = 's'.repeat(32);
const expected: DigestExpectation = { realm, requestUri, nonceSecret, nonceTtlMs: 300_000 };
const password = 'Xk3mP9qR2sT7vW4yZ8bC6dF5';
const stored = {
  ha1Md5: digestHa1('MD5', '1001', realm, password),
  ha1Sha256: digestHa1('SHA-256', '1001', realm, password),
};

/** What a phone answers to a challenge for INVITE `requestUri`. */
function answer(options: {
  nonce: string;
  password?: string;
  algorithm?: DigestAlgorithm;
  uri?: string;
  realm?: string;
  username?: string;
}): string {
  const algorithm = options.algorithm ?? 'SHA-256';
  const username = options.username ?? '1001';
  const answerRealm = options.realm ?? realm;
  const fields = {
    algorithm,
    nonce: options.nonce,
    nc: '00000001',
    cnonce: 'c0ffee',
    uri: options.uri ?? requestUri,
  };
  const ha1 = digestHa1(algorithm, username, answerRealm, options.password ?? password);
  const response = digestResponse(ha1, fields, 'INVITE');
  return (
    `Digest username="${username}", realm="${answerRealm}", nonce="${fields.nonce}", uri="${fields.uri}", ` +
    `response="${response}", algorithm=${algorithm}, qop=auth, nc=${fields.nc}, cnonce="${fields.cnonce}"`
  );
}

describe('digest verification', () => {
  const clock = fixedClock('2026-11-23T10:00:00Z');
  const issuedAt = clock.now().getTime();
  const nonce = issueNonce(nonceSecret, realm, issuedAt, 'AAAAAAAAAAAAAAAA');

  it('challenges with SHA-256 then MD5 under one fresh nonce, marking stale ones', () => {
    const challenges = digestChallenges(nonceSecret, realm, issuedAt, 'AAAAAAAAAAAAAAAA', false);
    expect(challenges).toEqual([
      `Digest realm="${realm}", nonce="${nonce}", algorithm=SHA-256, qop="auth"`,
      `Digest realm="${realm}", nonce="${nonce}", algorithm=MD5, qop="auth"`,
    ]);
    expect(
      digestChallenges(nonceSecret, realm, issuedAt, 'AAAAAAAAAAAAAAAA', true).every((line) =>
        line.endsWith(', stale=true'),
      ),
    ).toBe(true);
  });

  it('reads an answer to our nonce for this realm and Request-URI, fresh and later stale', () => {
    const authorization = answer({ nonce });
    const read = readDigestAnswer(authorization, expected, issuedAt);
    expect(read).toEqual({
      kind: 'answer',
      credentials: parseDigestCredentials(authorization),
      nonce: 'fresh',
    });
    expect(readDigestAnswer(authorization, expected, issuedAt + 300_001)).toMatchObject({ nonce: 'stale' });
  });

  it.each([
    ['no Authorization', undefined],
    ['another realm', answer({ nonce, realm: 'other-x2.sip.example.com' })],
    [
      'a nonce that is not ours',
      answer({ nonce: issueNonce('t'.repeat(32), realm, issuedAt, 'AAAAAAAAAAAAAAAA') }),
    ],
    ['not a digest', 'Basic MTAwMTpzZWNyZXQ='],
  ])('asks for a new answer given %s', (_case, authorization) => {
    expect(readDigestAnswer(authorization, expected, issuedAt)).toEqual({ kind: 'unusable' });
  });

  it('tells an answer made for another Request-URI apart', () => {
    expect(
      readDigestAnswer(answer({ nonce, uri: 'sip:1003@acme-x1.sip.example.com' }), expected, issuedAt),
    ).toEqual({ kind: 'uri_mismatch' });
  });

  it.each(['SHA-256', 'MD5'] as const)(
    'proves the password with %s, for the method it was made for',
    (algorithm) => {
      const credentials = parseDigestCredentials(answer({ nonce, algorithm }))!;
      expect(provesPassword(credentials, stored, 'INVITE', nonceSecret)).toBe(true);
      expect(provesPassword(credentials, stored, 'REGISTER', nonceSecret)).toBe(false);
    },
  );

  it('never proves a wrong password, nor any password of an unknown user', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.constantFrom<DigestAlgorithm>('SHA-256', 'MD5'),
        (guess, algorithm) => {
          const credentials = parseDigestCredentials(answer({ nonce, algorithm, password: guess }))!;
          expect(provesPassword(credentials, stored, 'INVITE', nonceSecret)).toBe(guess === password);
          expect(provesPassword(credentials, null, 'INVITE', nonceSecret)).toBe(false);
        },
      ),
    );
    const decoyAnswer = parseDigestCredentials(answer({ nonce, username: 'ghost', password: nonceSecret }))!;
    expect(provesPassword(decoyAnswer, null, 'INVITE', nonceSecret)).toBe(false);
  });

  it('lets an enabled device act in its own name over an allowed transport only', () => {
    const device = { username: '1001', enabled: true, transports: ['udp', 'tls'] as const };
    expect(deviceMayAct(device, '1001', 'udp')).toBe(true);
    expect(deviceMayAct(device, '1002', 'udp')).toBe(false);
    expect(deviceMayAct(device, '1001', 'tcp')).toBe(false);
    expect(deviceMayAct({ ...device, enabled: false }, '1001', 'udp')).toBe(false);
  });
});
