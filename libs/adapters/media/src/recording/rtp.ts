export interface RtpPacket {
  readonly payloadType: number;
  readonly marker: boolean;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Buffer;
}

/** The RTP packet in a UDP payload, or null for RTCP and anything that is not RTP version 2. */
export function parseRtp(datagram: Buffer): RtpPacket | null {
  if (datagram.length < 12 || datagram[0]! >> 6 !== 2) return null;
  const secondByte = datagram[1]!;
  // RTCP packet types 200-204 would read as marked payload types 72-76 (RFC 5761 section 4).
  if (secondByte >= 200 && secondByte <= 204) return null;
  const csrcCount = datagram[0]! & 0x0f;
  let payloadStart = 12 + csrcCount * 4;
  if (datagram[0]! & 0x10) {
    if (datagram.length < payloadStart + 4) return null;
    payloadStart += 4 + datagram.readUInt16BE(payloadStart + 2) * 4;
  }
  let payloadEnd = datagram.length;
  if (datagram[0]! & 0x20) payloadEnd -= datagram[datagram.length - 1]!;
  if (payloadStart > payloadEnd) return null;
  return {
    payloadType: secondByte & 0x7f,
    marker: (secondByte & 0x80) !== 0,
    sequence: datagram.readUInt16BE(2),
    timestamp: datagram.readUInt32BE(4),
    ssrc: datagram.readUInt32BE(8),
    payload: datagram.subarray(payloadStart, payloadEnd),
  };
}
