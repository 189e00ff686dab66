/** G.711 decoding (ITU-T G.711): one byte per sample at 8 kHz, to 16-bit linear PCM. */

export const payloadTypePcmu = 0;
export const payloadTypePcma = 8;

function decodeMuLaw(byte: number): number {
  const complement = ~byte & 0xff;
  const exponent = (complement >> 4) & 0x07;
  const magnitude = ((((complement & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return complement & 0x80 ? -magnitude : magnitude;
}

function decodeALaw(byte: number): number {
  const toggled = byte ^ 0x55;
  const exponent = (toggled >> 4) & 0x07;
  const mantissa = toggled & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return toggled & 0x80 ? magnitude : -magnitude;
}

const muLawTable = Int16Array.from({ length: 256 }, (_, byte) => decodeMuLaw(byte));
const aLawTable = Int16Array.from({ length: 256 }, (_, byte) => decodeALaw(byte));

/** The decoding table for a static G.711 payload type, or null when the payload type is not G.711. */
export function g711TableFor(payloadType: number): Int16Array | null {
  if (payloadType === payloadTypePcmu) return muLawTable;
  if (payloadType === payloadTypePcma) return aLawTable;
  return null;
}
