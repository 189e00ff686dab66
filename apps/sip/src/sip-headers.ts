import Srf from 'drachtio-srf';

/**
 * drachtio-srf joins repeated values of one header with commas; a WWW-Authenticate or Proxy-Authenticate line holds
 * one challenge only (RFC 3261 §25.1), so each challenge after the first is written as a header line of its own.
 */
export function headerLines(name: string, values: readonly string[]): string {
  return values.join(`\r\n${name}: `);
}

/** The user part of a SIP URI, unescaped; null when there is none. */
export function userOf(uri: string | undefined): string | null {
  if (uri === undefined) return null;
  try {
    const user = Srf.parseUri(uri).user;
    return user === undefined ? null : decodeURIComponent(user);
  } catch {
    return null;
  }
}

/** The URI of a name-addr header value such as `"Desk" <sip:+14155550100@example.com>;tag=1`. */
export function addressOf(value: string): string {
  return /<([^>]*)>/.exec(value)?.[1] ?? value.split(';')[0]!.trim();
}
