/** Just enough SIP header grammar (RFC 3261 §25) for the registrar: name-addr lists, URIs and parameters. */

export interface SipUri {
  readonly user: string | undefined;
  readonly host: string;
}

export interface NameAddr {
  /** The URI without header parameters, e.g. `sip:alice@192.0.2.10:5062;transport=tcp`. */
  readonly uri: string;
  /** Header parameters after the address, keys lower-cased, `''` for a parameter without a value. */
  readonly params: ReadonlyMap<string, string>;
}

/** Splits a header value on commas outside quotes and angle brackets. */
export function splitHeaderList(value: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  let bracketed = false;
  for (let index = 0; index < value.length; index += 1) {
    const char = value[index]!;
    if (quoted && char === '\\') {
      current += char + (value[index + 1] ?? '');
      index += 1;
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') bracketed = true;
    else if (!quoted && char === '>') bracketed = false;
    if (char === ',' && !quoted && !bracketed) {
      items.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim() !== '') items.push(current.trim());
  return items;
}

function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.split(';')) {
    const equals = part.indexOf('=');
    const name = (equals === -1 ? part : part.slice(0, equals)).trim().toLowerCase();
    if (name !== '')
      params.set(
        name,
        equals === -1
          ? ''
          : part
              .slice(equals + 1)
              .trim()
              .replace(/^"(.*)"$/, '$1'),
      );
  }
  return params;
}

/** `"Alice" <sip:alice@example.com>;tag=1` or `sip:alice@example.com;tag=1` (whose parameters are header ones). */
export function parseNameAddr(value: string): NameAddr | undefined {
  const trimmed = value.trim();
  const open = trimmed.indexOf('<');
  if (open === -1) {
    const semicolon = trimmed.indexOf(';');
    const uri = semicolon === -1 ? trimmed : trimmed.slice(0, semicolon);
    if (!/^sips?:\S+$/i.test(uri)) return undefined;
    return { uri, params: parseParams(semicolon === -1 ? '' : trimmed.slice(semicolon + 1)) };
  }
  const close = trimmed.indexOf('>', open);
  if (close === -1) return undefined;
  const uri = trimmed.slice(open + 1, close).trim();
  if (!/^sips?:\S+$/i.test(uri)) return undefined;
  return { uri, params: parseParams(trimmed.slice(close + 1)) };
}

/** User and host of a `sip:`/`sips:` URI; the host is lower-cased, an IPv6 reference keeps its brackets. */
export function parseSipUri(uri: string): SipUri | undefined {
  const match = /^sips?:(?:([^@;?]*)@)?(\[[0-9a-f:.]+\]|[^:;?>\s]+)(?::\d+)?(?:[;?].*)?$/i.exec(uri.trim());
  if (!match?.[2]) return undefined;
  try {
    const user = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    return { user, host: match[2].toLowerCase() };
  } catch {
    return undefined;
  }
}
