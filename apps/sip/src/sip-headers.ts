/**
 * drachtio-srf joins repeated values of one header with commas; a WWW-Authenticate or Proxy-Authenticate line holds
 * one challenge only (RFC 3261 §25.1), so each challenge after the first is written as a header line of its own.
 */
export function headerLines(name: string, values: readonly string[]): string {
  return values.join(`\r\n${name}: `);
}
