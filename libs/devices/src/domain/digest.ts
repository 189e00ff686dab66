import { createHash, timingSafeEqual } from 'node:crypto';
import { splitHeaderList } from './sip-header';

/**
 * HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 7616, RFC 8760): MD5 and SHA-256, `qop=auth` only.
 * Challenges are offered in this order, the preferred first (RFC 8760 §2.4).
 */
export const digestAlgorithms = ['SHA-256', 'MD5'] as const;
export type DigestAlgorithm = (typeof digestAlgorithms)[number];

/** The Authorization header of a request, once it has every parameter `qop=auth` needs. */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  readonly cnonce: string;
  /** Nonce count, eight hex digits as sent. */
  readonly nc: string;
}

export function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text)
    .digest('hex');
}

/** H(username:realm:password): what is stored instead of the password. */
export function digestHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

/** The `response` a client computes for `method` with qop=auth. */
export function digestResponse(
  ha1: string,
  credentials: Omit<DigestCredentials, 'response' | 'username' | 'realm'>,
  method: string,
): string {
  const { algorithm, nonce, nc, cnonce, uri } = credentials;
  const ha2 = digestHash(algorithm, `${method}:${uri}`);
  return digestHash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
}

/** Whether the credentials prove knowledge of the password behind `ha1`; compares in constant time. */
export function digestMatches(credentials: DigestCredentials, ha1: string, method: string): boolean {
  const expected = Buffer.from(digestResponse(ha1, credentials, method));
  const given = Buffer.from(credentials.response.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Parameters of a `Digest ...` value, names lower-cased, quoted strings unquoted and unescaped. */
export function parseDigestParameters(value: string): Map<string, string> | undefined {
  const match = /^\s*digest\s+/i.exec(value);
  if (!match) return undefined;
  const parameters = new Map<string, string>();
  for (const item of splitHeaderList(value.slice(match[0].length))) {
    const equals = item.indexOf('=');
    if (equals <= 0) return undefined;
    const raw = item.slice(equals + 1).trim();
    const unquoted = /^".*"$/s.test(raw) ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    parameters.set(item.slice(0, equals).trim().toLowerCase(), unquoted);
  }
  return parameters;
}

const hexResponse = { MD5: /^[0-9a-f]{32}$/i, 'SHA-256': /^[0-9a-f]{64}$/i } as const;

/** The credentials of an Authorization value, or undefined when it is not a usable qop=auth digest answer. */
export function parseDigestCredentials(value: string): DigestCredentials | undefined {
  const parameters = parseDigestParameters(value);
  if (!parameters) return undefined;
  const algorithmName = (parameters.get('algorithm') ?? 'MD5').toUpperCase();
  const algorithm = digestAlgorithms.find((candidate) => candidate === algorithmName);
  const [username, realm, nonce, uri, response, cnonce, nc] = [
    'username',
    'realm',
    'nonce',
    'uri',
    'response',
    'cnonce',
    'nc',
  ].map((name) => parameters.get(name));
  if (algorithm === undefined || parameters.get('qop')?.toLowerCase() !== 'auth') return undefined;
  if (!username || realm === undefined || !nonce || !uri || !response || !cnonce || !nc) return undefined;
  if (!/^[0-9a-f]{8}$/i.test(nc) || !hexResponse[algorithm].test(response)) return undefined;
  return { username, realm, nonce, uri, response, algorithm, cnonce, nc: nc.toLowerCase() };
}

const quote = (text: string): string => `"${text.replace(/(["\\])/g, '\\$1')}"`;

/** One WWW-Authenticate value; a server sends one per algorithm it offers. */
export function digestChallenge(options: {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  stale: boolean;
}): string {
  const parameters = [
    `realm=${quote(options.realm)}`,
    `nonce=${quote(options.nonce)}`,
    `algorithm=${options.algorithm}`,
    'qop="auth"',
    ...(options.stale ? ['stale=true'] : []),
  ];
  return `Digest ${parameters.join(', ')}`;
}
