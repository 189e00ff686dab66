import { createHash, randomBytes } from 'node:crypto';
import { splitHeaderValues } from './sip-message';

/** HTTP digest authentication (RFC 2617, MD5, qop=auth) as SIP peers answer a 401/407 challenge. */

export interface DigestCredentials {
  username: string;
  password: string;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

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
  const { realm = '', nonce = '', opaque, qop } = parseDigestParameters(challenge);
  const ha1 = md5(`${credentials.username}:${realm}:${credentials.password}`);
  const ha2 = md5(`${request.method}:${request.uri}`);
  const useQop = qop?.split(',').some((option) => option.trim() === 'auth') ?? false;
  const nc = '00000001';
  const response = useQop
    ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : md5(`${ha1}:${nonce}:${ha2}`);
  const parameters = [
    `username="${credentials.username}"`,
    `realm="${realm}"`,
    `nonce="${nonce}"`,
    `uri="${request.uri}"`,
    `response="${response}"`,
    'algorithm=MD5',
    ...(useQop ? ['qop=auth', `nc=${nc}`, `cnonce="${cnonce}"`] : []),
    ...(opaque === undefined ? [] : [`opaque="${opaque}"`]),
  ];
  return `Digest ${parameters.join(', ')}`;
}
