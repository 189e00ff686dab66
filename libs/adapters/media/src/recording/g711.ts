/** G.711 (ITU-T G.711): one byte per sample at 8 kHz, to and from 16-bit linear PCM. */

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

/** A G.711 payload as 16-bit linear samples, or null when the payload type is not G.711. */
export function decodeG711(payloadType: number, payload: Uint8Array): Int16Array | null {
  const table = g711TableFor(payloadType);
  if (!table) return null;
  const samples = new Int16Array(payload.length);
  for (let index = 0; index < samples.length; index++) samples[index] = table[payload[index]!]!;
  return samples;
}

const muLawBias = 0x84;
const muLawClip = 32_635;

/** One 16-bit linear sample as a mu-law byte (the companding telephone networks and rtpengine's PCMU legs use). */
export function encodeMuLaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(Math.round(sample)), muLawClip) + muLawBias;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}
