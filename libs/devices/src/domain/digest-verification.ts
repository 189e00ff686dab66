import { type SipTransport } from './device';
import {
  type DigestCredentials,
  digestAlgorithms,
  digestChallenge,
  digestHa1,
  digestMatches,
  parseDigestCredentials,
} from './digest';
import { checkNonce, issueNonce } from './nonce';

/**
 * The decisions of digest authentication (RFC 3261 §22, RFC 7616, RFC 8760) that need no lookup, shared by every
 * request a device authenticates: REGISTER against the registrar, INVITE and other requests as a caller.
 */
export interface DigestExpectation {
  /** The account's SIP domain the request claims. */
  readonly realm: string;
  readonly requestUri: string;
  readonly nonceSecret: string;
  readonly nonceTtlMs: number;
}

/**
 * - `unusable`: no Authorization, another realm, not `qop=auth`, an unknown algorithm or a nonce that is not ours:
 *   challenge;
 * - `uri_mismatch`: the digest `uri` is not the Request-URI, so the answer was made for another request;
 * - `answer`: worth checking against the password; a stale nonce is told only once the password is proven.
 */
export type DigestAnswer =
  | { readonly kind: 'unusable' }
  | { readonly kind: 'uri_mismatch' }
  | { readonly kind: 'answer'; readonly credentials: DigestCredentials; readonly nonce: 'fresh' | 'stale' };

export function readDigestAnswer(
  authorization: string | undefined,
  expected: DigestExpectation,
  nowMs: number,
): DigestAnswer {
  const credentials = authorization === undefined ? undefined : parseDigestCredentials(authorization);
  if (!credentials || credentials.realm !== expected.realm) return { kind: 'unusable' };
  const nonce = checkNonce(
    expected.nonceSecret,
    expected.realm,
    credentials.nonce,
    nowMs,
    expected.nonceTtlMs,
  );
  if (nonce === 'invalid') return { kind: 'unusable' };
  if (credentials.uri !== expected.requestUri) return { kind: 'uri_mismatch' };
  return { kind: 'answer', credentials, nonce };
}

/** One challenge per algorithm, the preferred first, all with the same new nonce; `random` is fresh base64url. */
export function digestChallenges(
  nonceSecret: string,
  realm: string,
  nowMs: number,
  random: string,
  stale: boolean,
): string[] {
  const nonce = issueNonce(nonceSecret, realm, nowMs, random);
  return digestAlgorithms.map((algorithm) => digestChallenge({ realm, nonce, algorithm, stale }));
}

/** The digest hashes a device stores instead of its password. */
export interface StoredCredentials {
  readonly ha1Md5: string;
  readonly ha1Sha256: string;
}

/**
 * Whether the answer proves the password of `stored`. With no stored credentials (unknown user) the answer is
 * checked against a made-up HA1 all the same, so an unknown user costs the work of a known one.
 */
export function provesPassword(
  credentials: DigestCredentials,
  stored: StoredCredentials | null,
  method: string,
  decoySecret: string,
): boolean {
  const ha1 =
    stored === null
      ? digestHa1(credentials.algorithm, credentials.username, credentials.realm, decoySecret)
      : credentials.algorithm === 'MD5'
        ? stored.ha1Md5
        : stored.ha1Sha256;
  return digestMatches(credentials, ha1, method) && stored !== null;
}

/**
 * Whether a device whose password was proven may make this request: it is enabled, the request is made in its own
 * name (no registering or calling as another user of the account), over a transport it may use.
 */
export function deviceMayAct(
  device: {
    readonly username: string;
    readonly enabled: boolean;
    readonly transports: readonly SipTransport[];
  },
  claimedUser: string,
  transport: SipTransport,
): boolean {
  return device.enabled && device.username === claimedUser && device.transports.includes(transport);
}
