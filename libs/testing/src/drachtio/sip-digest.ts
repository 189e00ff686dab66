import { createHash, randomBytes } from 'node:crypto';
import { splitHeaderValues } from './sip-message';

/** HTTP digest authentication (RFC 2617/7616, MD5 or SHA-256 as the challenge asks, qop=auth) as SIP peers answer. */

export interface DigestCredentials {
  username: string;
  password: string;
}

const hashOf: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-256': 'sha256' };

/** Parameters of a `Digest ...` header value, unquoted. */
export function parseDigestParameters(value: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const parameter of splitHeaderValues(value.replace(/^\s*Digest\s+/i, ''))) {
    const equals = parameter.indexOf('=');
    if (equals === -1) continue;
    const raw = parameter.slice(equals + 1).trim();
    parameters[parameter.slice(0, equals).trim().toLowerCase()] = raw.replace(/^"(.*)"$/, '$1');
  }
  return parameters;
}

/** The Authorization (or Proxy-Authorization) value answering `challenge` for `method` on `uri`. */
export function digestAuthorization(
  challenge: string,
  request: { method: string; uri: string },
  credentials: DigestCredentials,
  cnonce = randomBytes(4).toString('hex'),
): string {
  const { realm = '', nonce = '', opaque, qop, algorithm = 'MD5' } = parseDigestParameters(challenge);
  const hashName = hashOf[algorithm.toUpperCase()];
  if (hashName === undefined) throw new Error(`unsupported digest algorithm ${algorithm}`);
  const hash = (text: string): string => createHash(hashName).update(text).digest('hex');
  const ha1 = hash(`${credentials.username}:${realm}:${credentials.password}`);
  const ha2 = hash(`${request.method}:${request.uri}`);
  const useQop = qop?.split(',').some((option) => option.trim() === 'auth') ?? false;
  const nc = '00000001';
  const response = useQop
    ? hash(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : hash(`${ha1}:${nonce}:${ha2}`);
  const parameters = [
    `username="${credentials.username}"`,
    `realm="${realm}"`,
    `nonce="${nonce}"`,
    `uri="${request.uri}"`,
    `response="${response}"`,
    `algorithm=${algorithm.toUpperCase()}`,
    ...(useQop ? ['qop=auth', `nc=${nc}`, `cnonce="${cnonce}"`] : []),
    ...(opaque === undefined ? [] : [`opaque="${opaque}"`]),
  ];
  return `Digest ${parameters.join(', ')}`;
}
