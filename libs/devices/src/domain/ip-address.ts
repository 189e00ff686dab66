import { isIP } from 'node:net';

/** IP addresses as numbers, for CIDR matching; IPv4-mapped IPv6 addresses count as their IPv4 address. */
interface ParsedAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

function parseIpv4(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function parseIpv6(address: string): bigint {
  const [head = '', tail] = address.split('::');
  const groups = (text: string): string[] => (text === '' ? [] : text.split(':'));
  const expand = (parts: string[]): string[] =>
    parts.flatMap((part) => {
      if (!part.includes('.')) return [part];
      const v4 = parseIpv4(part);
      return [(v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
    });
  const left = expand(groups(head));
  const right = tail === undefined ? [] : expand(groups(tail));
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

const mappedPrefix = 0xffffn << 32n;

function parseAddress(address: string): ParsedAddress | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return { family: 4, value: parseIpv4(bare) };
  if (family !== 6) return undefined;
  const value = parseIpv6(bare.toLowerCase());
  return value >> 32n === mappedPrefix >> 32n
    ? { family: 4, value: value & 0xffffffffn }
    : { family: 6, value };
}

/** A host given as an IP address (`192.0.2.1`, `[2001:db8::1]`) rather than a DNS name. */
export function isIpLiteral(host: string): boolean {
  return parseAddress(host) !== undefined;
}

interface Cidr {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly mask: bigint;
}

function parseCidr(text: string): Cidr {
  const [address = '', prefix] = text.trim().split('/');
  const parsed = parseAddress(address);
  if (!parsed) throw new Error(`not an IP address or CIDR: ${text}`);
  const width = parsed.family === 4 ? 32 : 128;
  const bits = prefix === undefined ? width : Number(prefix);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) throw new Error(`not a CIDR prefix: ${text}`);
  const mask = ((1n << BigInt(bits)) - 1n) << BigInt(width - bits);
  return { family: parsed.family, network: parsed.value & mask, mask };
}

/** A set of networks (`192.0.2.0/24`, `2001:db8::/32`, or single addresses) that answers membership. */
export class CidrList {
  private readonly networks: readonly Cidr[];

  constructor(cidrs: readonly string[]) {
    this.networks = cidrs.map(parseCidr);
  }

  contains(address: string): boolean {
    if (this.networks.length === 0) return false;
    const parsed = parseAddress(address);
    if (!parsed) return false;
    return this.networks.some(
      (network) => network.family === parsed.family && (parsed.value & network.mask) === network.network,
    );
  }
}
