/** A captured packet: capture time and the network-layer bytes (IPv4 or IPv6 header onwards). */
export interface CapturedPacket {
  /** Capture time in microseconds since the Unix epoch. */
  readonly capturedAtUs: number;
  readonly ipPacket: Buffer;
}

export interface UdpDatagram {
  readonly capturedAtUs: number;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly destinationAddress: string;
  readonly destinationPort: number;
  readonly payload: Buffer;
}

export class PcapFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PcapFormatError';
  }
}

const linkTypeEthernet = 1;
const linkTypeRaw = 101;
const linkTypeIpv4 = 228;
const linkTypeIpv6 = 229;
const globalHeaderLength = 24;
const recordHeaderLength = 16;
const ethernetHeaderLength = 14;

interface PcapFormat {
  readonly littleEndian: boolean;
  readonly nanoseconds: boolean;
  readonly linkType: number;
}

function formatOf(bytes: Buffer): PcapFormat {
  if (bytes.length < globalHeaderLength) throw new PcapFormatError('file shorter than a pcap header');
  const magic = bytes.readUInt32LE(0);
  const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const bigEndian = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  if (!littleEndian && !bigEndian)
    throw new PcapFormatError(`not a pcap file (magic 0x${magic.toString(16)})`);
  const linkType = (littleEndian ? bytes.readUInt32LE(20) : bytes.readUInt32BE(20)) & 0x0fffffff;
  if (![linkTypeEthernet, linkTypeRaw, linkTypeIpv4, linkTypeIpv6].includes(linkType)) {
    throw new PcapFormatError(`unsupported link type ${linkType}`);
  }
  return { littleEndian, nanoseconds: magic === 0xa1b23c4d || magic === 0x4d3cb2a1, linkType };
}

/** The whole records in `bytes` from `at` on, and where the first record cut short (or the end) begins. */
function recordsOf(
  bytes: Buffer,
  at: number,
  format: PcapFormat,
): { packets: CapturedPacket[]; end: number } {
  const u32 = (offset: number) =>
    format.littleEndian ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset);
  const packets: CapturedPacket[] = [];
  while (at + recordHeaderLength <= bytes.length) {
    const seconds = u32(at);
    const fraction = u32(at + 4);
    const includedLength = u32(at + 8);
    const start = at + recordHeaderLength;
    if (start + includedLength > bytes.length) break;
    const frame = bytes.subarray(start, start + includedLength);
    at = start + includedLength;
    const ipPacket = format.linkType === linkTypeEthernet ? ipOfEthernetFrame(frame) : frame;
    if (!ipPacket) continue;
    packets.push({
      capturedAtUs: seconds * 1_000_000 + (format.nanoseconds ? Math.floor(fraction / 1000) : fraction),
      ipPacket,
    });
  }
  return { packets, end: at };
}

/**
 * Reads a classic libpcap file (either byte order, micro- or nanosecond timestamps) of raw IP packets (rtpengine's
 * `recording-format = raw`) or Ethernet frames (`eth`). A record cut short at the end, as when a file is read
 * while still being written, ends the list instead of failing it.
 */
export function readPcap(file: Uint8Array): CapturedPacket[] {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  return recordsOf(bytes, globalHeaderLength, formatOf(bytes)).packets;
}

/**
 * Reads a pcap file while it is being written: each chunk of new bytes yields the records it completes, and a
 * record (or the file header) cut short waits for the next chunk.
 */
export class GrowingPcap {
  private pending = Buffer.alloc(0);
  private format: PcapFormat | undefined;

  push(chunk: Uint8Array): CapturedPacket[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    if (!this.format) {
      if (this.pending.length < globalHeaderLength) return [];
      this.format = formatOf(this.pending);
      this.pending = this.pending.subarray(globalHeaderLength);
    }
    const { packets, end } = recordsOf(this.pending, 0, this.format);
    // A copy, so the kept remainder does not hold on to the whole chunk.
    this.pending = Buffer.from(this.pending.subarray(end));
    return packets;
  }
}

function ipOfEthernetFrame(frame: Buffer): Buffer | null {
  if (frame.length < ethernetHeaderLength) return null;
  const etherType = frame.readUInt16BE(12);
  return etherType === 0x0800 || etherType === 0x86dd ? frame.subarray(ethernetHeaderLength) : null;
}

const protocolUdp = 17;

/** The UDP datagram an IP packet carries, or null for anything else (other protocols, fragments, truncation). */
export function udpOf(packet: CapturedPacket): UdpDatagram | null {
  const ip = packet.ipPacket;
  if (ip.length < 1) return null;
  const version = ip[0]! >> 4;
  let udpStart: number;
  let sourceAddress: string;
  let destinationAddress: string;
  if (version === 4) {
    const headerLength = (ip[0]! & 0x0f) * 4;
    if (ip.length < headerLength + 8 || ip[9] !== protocolUdp) return null;
    const fragmentOffset = ip.readUInt16BE(6) & 0x1fff;
    if (fragmentOffset !== 0) return null;
    udpStart = headerLength;
    sourceAddress = [...ip.subarray(12, 16)].join('.');
    destinationAddress = [...ip.subarray(16, 20)].join('.');
  } else if (version === 6) {
    if (ip.length < 48 || ip[6] !== protocolUdp) return null;
    udpStart = 40;
    sourceAddress = ipv6Text(ip.subarray(8, 24));
    destinationAddress = ipv6Text(ip.subarray(24, 40));
  } else {
    return null;
  }
  const udpLength = ip.readUInt16BE(udpStart + 4);
  const payloadEnd = Math.min(ip.length, udpStart + Math.max(udpLength, 8));
  return {
    capturedAtUs: packet.capturedAtUs,
    sourceAddress,
    sourcePort: ip.readUInt16BE(udpStart),
    destinationAddress,
    destinationPort: ip.readUInt16BE(udpStart + 2),
    payload: ip.subarray(udpStart + 8, payloadEnd),
  };
}

function ipv6Text(address: Buffer): string {
  const groups: string[] = [];
  for (let at = 0; at < 16; at += 2) groups.push(address.readUInt16BE(at).toString(16));
  return groups.join(':');
}
