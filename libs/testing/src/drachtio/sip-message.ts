import { randomBytes } from 'node:crypto';

/** Builds, parses and prints SIP messages (RFC 3261 text form, CRLF line ends). */

export const CRLF = '\r\n';

export interface SipHeader {
  name: string;
  /** The text after `name:` with one leading space removed, so that printing reproduces padded values verbatim. */
  value: string;
}

/** Headers in the order they are printed; a string array gives one header line per element. */
export type SipHeaderInit =
  Record<string, string | readonly string[]> | ReadonlyArray<readonly [string, string]>;

export interface SipMessageInit {
  headers?: SipHeaderInit;
  body?: string;
}

export interface SipResponseInit extends SipMessageInit {
  reason?: string;
  /** Added to the copied To header unless the request already carries a tag. */
  toTag?: string;
}

export interface SipUri {
  user: string | undefined;
  host: string;
  port: number | undefined;
}

export interface NameAddr {
  display: string;
  uri: string;
  /** Header parameters after the address, including the leading `;` (e.g. `;tag=abc`). */
  params: string;
}

const COMPACT_HEADER_NAMES: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
};

const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  489: 'Bad Event',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  600: 'Busy Everywhere',
  603: 'Decline',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? 'Unknown';
}

/** Lower-case full header name, so that `i`, `Call-ID` and `call-id` compare equal. */
export function headerKey(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT_HEADER_NAMES[lower] ?? lower;
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Random token from [0-9A-Za-z], the alphabet of sofia-sip tags and branches. */
export function randomToken(length: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** Splits a header value on commas that are outside quotes and angle brackets. */
export function splitHeaderValues(value: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  let bracketed = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') bracketed = true;
    else if (!quoted && char === '>') bracketed = false;
    if (char === ',' && !quoted && !bracketed) {
      values.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim() !== '') values.push(current.trim());
  return values;
}

/** Parses `display <uri>;params` or a bare `uri;params` (where parameters belong to the header). */
export function parseNameAddr(value: string): NameAddr {
  const trimmed = value.trim();
  const open = trimmed.indexOf('<');
  if (open === -1) {
    const semicolon = trimmed.indexOf(';');
    return semicolon === -1
      ? { display: '', uri: trimmed, params: '' }
      : { display: '', uri: trimmed.slice(0, semicolon), params: trimmed.slice(semicolon) };
  }
  const close = trimmed.indexOf('>', open);
  return {
    display: trimmed.slice(0, open).trim(),
    uri: trimmed.slice(open + 1, close),
    params: trimmed.slice(close + 1).trim(),
  };
}

export function formatNameAddr({ display, uri, params }: NameAddr): string {
  return `${display ? `${display} ` : ''}<${uri}>${params}`;
}

/** A parameter of a header value (outside the angle-bracketed URI), e.g. `tag` of From or `branch` of Via. */
export function headerParameter(value: string, name: string): string | undefined {
  for (const part of parseNameAddr(value).params.split(';')) {
    const equals = part.indexOf('=');
    const key = (equals === -1 ? part : part.slice(0, equals)).trim().toLowerCase();
    if (key !== '' && key === name.toLowerCase()) return equals === -1 ? '' : part.slice(equals + 1).trim();
  }
  return undefined;
}

export function parseSipUri(uri: string): SipUri {
  const match = /^sips?:(?:([^@;?]*)@)?(\[[^\]]+\]|[^:;?>]+)(?::(\d+))?/i.exec(uri.trim());
  if (!match?.[2]) throw new Error(`not a SIP URI: ${uri}`);
  return { user: match[1], host: match[2], port: match[3] === undefined ? undefined : Number(match[3]) };
}

export class SipMessage {
  private constructor(
    readonly startLine: string,
    readonly headers: SipHeader[],
    public body: string,
  ) {}

  static parse(text: string): SipMessage {
    const separator = text.indexOf(CRLF + CRLF);
    const head = separator === -1 ? text.replace(/\r\n$/, '') : text.slice(0, separator);
    const body = separator === -1 ? '' : text.slice(separator + 4);
    const [startLine = '', ...lines] = head.split(CRLF);
    if (!/^(SIP\/2\.0 \d{3}( .*)?|[A-Za-z]+ \S+ SIP\/2\.0)$/.test(startLine)) {
      throw new Error(`not a SIP start line: ${JSON.stringify(startLine)}`);
    }
    const headers: SipHeader[] = [];
    for (const line of lines) {
      const previous = headers[headers.length - 1];
      if (/^[ \t]/.test(line) && previous) {
        previous.value += ` ${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`malformed SIP header line: ${JSON.stringify(line)}`);
      headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).replace(/^ /, '') });
    }
    return new SipMessage(startLine, headers, body);
  }

  /** A request; Content-Length is appended unless given. */
  static request(method: string, uri: string, init: SipMessageInit = {}): SipMessage {
    return SipMessage.build(`${method} ${uri} SIP/2.0`, init);
  }

  /** A response; Content-Length is appended unless given. */
  static response(status: number, init: SipResponseInit = {}): SipMessage {
    return SipMessage.build(`SIP/2.0 ${status} ${init.reason ?? reasonPhrase(status)}`, init);
  }

  private static build(startLine: string, { headers = [], body = '' }: SipMessageInit): SipMessage {
    const message = new SipMessage(startLine, headerEntries(headers), body);
    if (!message.has('content-length')) message.add('Content-Length', String(utf8Length(body)));
    return message;
  }

  get isRequest(): boolean {
    return !this.startLine.startsWith('SIP/2.0 ');
  }

  /** The request method, or for a response the method of its CSeq. */
  get method(): string {
    return this.isRequest ? (this.startLine.split(' ')[0] ?? '') : this.cseq.method;
  }

  get uri(): string {
    if (!this.isRequest) throw new Error(`a response has no request URI: ${this.startLine}`);
    return this.startLine.split(' ')[1] ?? '';
  }

  get status(): number {
    if (this.isRequest) throw new Error(`a request has no status: ${this.startLine}`);
    return Number(this.startLine.split(' ')[1]);
  }

  get reason(): string {
    if (this.isRequest) throw new Error(`a request has no reason phrase: ${this.startLine}`);
    return this.startLine.split(' ').slice(2).join(' ');
  }

  get callId(): string {
    return this.require('call-id');
  }

  get cseq(): { seq: number; method: string } {
    const [seq = '', method = ''] = this.require('cseq').split(/\s+/);
    return { seq: Number(seq), method };
  }

  get fromTag(): string | undefined {
    return headerParameter(this.require('from'), 'tag');
  }

  get toTag(): string | undefined {
    return headerParameter(this.require('to'), 'tag');
  }

  /** Branch of the topmost Via. */
  get branch(): string | undefined {
    const [topVia = ''] = splitHeaderValues(this.require('via'));
    return headerParameter(topVia, 'branch');
  }

  /** Value of the first header with this name (compact forms accepted), trimmed. */
  get(name: string): string | undefined {
    const key = headerKey(name);
    return this.headers.find((header) => headerKey(header.name) === key)?.value.trim();
  }

  /** Values of every header line with this name, trimmed. */
  getAll(name: string): string[] {
    const key = headerKey(name);
    return this.headers
      .filter((header) => headerKey(header.name) === key)
      .map((header) => header.value.trim());
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Replaces the first header with this name (removing any others), or appends it. */
  set(name: string, value: string): this {
    const key = headerKey(name);
    const index = this.headers.findIndex((header) => headerKey(header.name) === key);
    if (index === -1) return this.add(name, value);
    this.headers[index] = { name, value };
    for (let i = this.headers.length - 1; i > index; i--) {
      if (headerKey(this.headers[i]?.name ?? '') === key) this.headers.splice(i, 1);
    }
    return this;
  }

  add(name: string, value: string): this {
    this.headers.push({ name, value });
    return this;
  }

  remove(name: string): this {
    const key = headerKey(name);
    for (let i = this.headers.length - 1; i >= 0; i--) {
      if (headerKey(this.headers[i]?.name ?? '') === key) this.headers.splice(i, 1);
    }
    return this;
  }

  clone(): SipMessage {
    return new SipMessage(
      this.startLine,
      this.headers.map((header) => ({ ...header })),
      this.body,
    );
  }

  /**
   * The response a UAS sends to this request: Via, From, To (plus `toTag`), Call-ID, CSeq and, for dialog-creating
   * responses, Record-Route are copied; then `headers` in order; Content-Length last unless given.
   */
  createResponse(status: number, init: SipResponseInit = {}): SipMessage {
    if (!this.isRequest) throw new Error(`cannot answer a response: ${this.startLine}`);
    const copied: SipHeader[] = [];
    const copiedNames = new Set(['via', 'from', 'to', 'call-id', 'cseq']);
    if (status > 100 && status < 300) copiedNames.add('record-route');
    for (const header of this.headers) {
      const key = headerKey(header.name);
      if (!copiedNames.has(key)) continue;
      const addTag = key === 'to' && init.toTag !== undefined && this.toTag === undefined;
      copied.push({ name: header.name, value: addTag ? `${header.value};tag=${init.toTag}` : header.value });
    }
    const headers = [...copied, ...headerEntries(init.headers ?? [])];
    return SipMessage.response(status, {
      ...init,
      headers: headers.map(({ name, value }) => [name, value] as const),
    });
  }

  get byteLength(): number {
    return utf8Length(this.toString());
  }

  toString(): string {
    const lines = this.headers.map((header) => `${header.name}: ${header.value}`);
    return [this.startLine, ...lines, '', this.body].join(CRLF);
  }

  private require(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw new Error(`SIP message has no ${name} header: ${this.startLine}`);
    return value;
  }
}

/** Header lines of a {@link SipHeaderInit}, in order. */
export function headerEntries(init: SipHeaderInit): SipHeader[] {
  const entries: ReadonlyArray<readonly [string, string | readonly string[]]> = Array.isArray(init)
    ? (init as ReadonlyArray<readonly [string, string]>)
    : Object.entries(init as Record<string, string | readonly string[]>);
  return entries.flatMap(([name, value]) =>
    (typeof value === 'string' ? [value] : value).map((line) => ({ name, value: line })),
  );
}
