/**
 * Bencode, the encoding of rtpengine's ng protocol. Byte strings stay bytes: decoding yields Buffers, so binary
 * values (blobs, SDPs in odd charsets) survive a round trip untouched; `toPlain` turns them into strings for reading.
 */
export type BencodeValue = Buffer | number | BencodeValue[] | { [key: string]: BencodeValue };

/** What may be encoded: strings are written as UTF-8, booleans as 0/1, undefined members are left out. */
export type BencodeInput =
  | string
  | Uint8Array
  | number
  | boolean
  | undefined
  | readonly BencodeInput[]
  | { readonly [key: string]: BencodeInput };

export class BencodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BencodeError';
  }
}

export function bencode(value: BencodeInput): Buffer {
  const parts: Buffer[] = [];
  write(value, parts);
  return Buffer.concat(parts);
}

function write(value: BencodeInput, parts: Buffer[]): void {
  if (typeof value === 'string') return writeBytes(Buffer.from(value, 'utf8'), parts);
  if (value instanceof Uint8Array) return writeBytes(value, parts);
  if (typeof value === 'boolean') return write(value ? 1 : 0, parts);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new BencodeError(`bencode integers must be safe integers: ${value}`);
    parts.push(Buffer.from(`i${value}e`, 'latin1'));
    return;
  }
  if (value === undefined) throw new BencodeError('undefined has no bencode form');
  if (Array.isArray(value)) {
    parts.push(Buffer.from('l', 'latin1'));
    for (const item of value as readonly BencodeInput[]) if (item !== undefined) write(item, parts);
    parts.push(Buffer.from('e', 'latin1'));
    return;
  }
  // Dictionaries are written with keys sorted by their raw bytes, as the format requires.
  const entries = Object.entries(value as { readonly [key: string]: BencodeInput })
    .filter(([, member]) => member !== undefined)
    .map(([key, member]) => [Buffer.from(key, 'utf8'), member] as const)
    .sort(([a], [b]) => Buffer.compare(a, b));
  parts.push(Buffer.from('d', 'latin1'));
  for (const [key, member] of entries) {
    writeBytes(key, parts);
    write(member, parts);
  }
  parts.push(Buffer.from('e', 'latin1'));
}

function writeBytes(bytes: Uint8Array, parts: Buffer[]): void {
  parts.push(Buffer.from(`${bytes.byteLength}:`, 'latin1'), Buffer.from(bytes));
}

/** Decodes exactly one value filling the whole input. */
export function bdecode(input: Uint8Array): BencodeValue {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const [value, end] = read(bytes, 0, 0);
  if (end !== bytes.length) throw new BencodeError(`trailing bytes after position ${end}`);
  return value;
}

const maxDepth = 64;
const digit0 = 0x30;
const digit9 = 0x39;

function read(bytes: Buffer, at: number, depth: number): [BencodeValue, number] {
  if (depth > maxDepth) throw new BencodeError('nesting too deep');
  const marker = bytes[at];
  if (marker === undefined) throw new BencodeError('unexpected end of input');
  if (marker === 0x69 /* i */) return readInteger(bytes, at);
  if (marker === 0x6c /* l */) {
    const list: BencodeValue[] = [];
    let position = at + 1;
    while (bytes[position] !== 0x65 /* e */) {
      const [item, next] = read(bytes, position, depth + 1);
      list.push(item);
      position = next;
    }
    return [list, position + 1];
  }
  if (marker === 0x64 /* d */) {
    const dictionary: { [key: string]: BencodeValue } = Object.create(null) as {
      [key: string]: BencodeValue;
    };
    let position = at + 1;
    while (bytes[position] !== 0x65 /* e */) {
      const [key, afterKey] = readBytes(bytes, position);
      const [member, next] = read(bytes, afterKey, depth + 1);
      dictionary[key.toString('utf8')] = member;
      position = next;
    }
    return [{ ...dictionary }, position + 1];
  }
  if (marker >= digit0 && marker <= digit9) return readBytes(bytes, at);
  throw new BencodeError(`unexpected byte 0x${marker.toString(16)} at position ${at}`);
}

function readInteger(bytes: Buffer, at: number): [number, number] {
  const end = bytes.indexOf(0x65 /* e */, at + 1);
  if (end < 0) throw new BencodeError('unterminated integer');
  const text = bytes.toString('latin1', at + 1, end);
  if (!/^(0|-?[1-9][0-9]*)$/.test(text)) throw new BencodeError(`invalid integer "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new BencodeError(`integer out of range "${text}"`);
  return [value, end + 1];
}

function readBytes(bytes: Buffer, at: number): [Buffer, number] {
  const colon = bytes.indexOf(0x3a /* : */, at);
  if (colon < 0) throw new BencodeError('unterminated string length');
  const lengthText = bytes.toString('latin1', at, colon);
  if (!/^(0|[1-9][0-9]*)$/.test(lengthText)) throw new BencodeError(`invalid string length "${lengthText}"`);
  const start = colon + 1;
  const end = start + Number(lengthText);
  if (end > bytes.length) throw new BencodeError('string runs past the end of input');
  return [Buffer.from(bytes.subarray(start, end)), end];
}

/** A decoded value as JSON-like data: byte strings become UTF-8 strings. For answers whose values are text. */
export type PlainValue = string | number | PlainValue[] | { [key: string]: PlainValue };

export function toPlain(value: BencodeValue): PlainValue {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, toPlain(member)]));
}
