import { describe, expect, it } from 'vitest';
import { encodeMuLaw, g711TableFor, payloadTypePcma, payloadTypePcmu } from './g711';
import { encodeMuLawWav, encodeWav } from './wav';

describe('encodeWav', () => {
  it('writes a canonical 16-bit PCM header and interleaves the channels', () => {
    const wav = encodeWav([Int16Array.from([1, -2, 3]), Int16Array.from([-4, 5, -6])], 8000);

    expect(wav.length).toBe(44 + 12);
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(36 + 12);
    expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt16LE(22)).toBe(2);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt32LE(28)).toBe(32000);
    expect(wav.readUInt16LE(32)).toBe(4);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.toString('latin1', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(12);
    expect([0, 1, 2, 3, 4, 5].map((index) => wav.readInt16LE(44 + index * 2))).toEqual([1, -4, -2, 5, 3, -6]);
  });

  it('clamps summed samples to the 16-bit range', () => {
    const wav = encodeWav([[40_000, -40_000, 12.6]], 8000);
    expect([0, 1, 2].map((index) => wav.readInt16LE(44 + index * 2))).toEqual([32767, -32768, 13]);
  });

  it('refuses channels of different lengths and no channels', () => {
    expect(() => encodeWav([new Int16Array(2), new Int16Array(3)], 8000)).toThrow(RangeError);
    expect(() => encodeWav([], 8000)).toThrow(RangeError);
  });
});

describe('G.711 decoding', () => {
  it('decodes mu-law (PCMU) extremes and silence', () => {
    const table = g711TableFor(payloadTypePcmu)!;
    expect([table[0x00], table[0x80], table[0xff], table[0x7f], table[0xfe]]).toEqual([
      -32124, 32124, 0, 0, 8,
    ]);
  });

  it('decodes A-law (PCMA) extremes and silence', () => {
    const table = g711TableFor(payloadTypePcma)!;
    expect([table[0xaa], table[0x2a], table[0xd5], table[0x55]]).toEqual([32256, -32256, 8, -8]);
  });

  it('is monotonic over each sign half, as companding must be', () => {
    const table = g711TableFor(payloadTypePcmu)!;
    for (let byte = 0x81; byte <= 0xff; byte++) expect(table[byte]!).toBeLessThanOrEqual(table[byte - 1]!);
  });

  it('has no table for other payload types', () => {
    expect(g711TableFor(101)).toBeNull();
    expect(g711TableFor(9)).toBeNull();
  });
});

describe('encodeMuLawWav', () => {
  it('writes a mono 8 kHz mu-law WAV with its fact chunk, padded to an even length', () => {
    const wav = encodeMuLawWav(Buffer.from([1, 2, 3]));

    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([
      7, 1, 8000, 8,
    ]);
    expect(wav.toString('latin1', 38, 42)).toBe('fact');
    expect(wav.readUInt32LE(46)).toBe(3);
    expect(wav.toString('latin1', 50, 54)).toBe('data');
    expect(wav.readUInt32LE(54)).toBe(3);
    expect([...wav.subarray(58)]).toEqual([1, 2, 3, 0]);
  });
});

describe('encodeMuLaw', () => {
  it('round-trips through the decoding table within mu-law’s step size', () => {
    const decode = g711TableFor(payloadTypePcmu)!;
    for (const sample of [0, 1, -1, 100, -100, 1_000, -1_000, 8_316, -8_316, 32_000, -32_000]) {
      const decoded = decode[encodeMuLaw(sample)]!;
      expect(Math.abs(decoded - sample)).toBeLessThanOrEqual(Math.max(8, Math.abs(sample) / 16));
    }
  });

  it('encodes silence as 0xff and clips beyond the 16-bit range', () => {
    expect(encodeMuLaw(0)).toBe(0xff);
    expect(encodeMuLaw(40_000)).toBe(encodeMuLaw(32_767));
    expect(encodeMuLaw(-40_000)).toBe(encodeMuLaw(-32_768));
  });
});
