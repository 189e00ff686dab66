import { describe, expect, it } from 'vitest';
import { encodeWav } from './wav';
import { concatWavs, wavFormat } from './wav-concat';

const samplesOf = (wav: Buffer, count: number) =>
  Array.from({ length: count }, (_, index) => wav.readInt16LE(44 + index * 2));

describe('concatWavs', () => {
  it('joins the audio of same-format WAVs in order, with the sizes of the whole', () => {
    const joined = concatWavs([
      encodeWav([Int16Array.from([1, 2, 3])], 8000),
      encodeWav([Int16Array.from([4, 5])], 8000),
    ]);

    expect(joined.length).toBe(44 + 10);
    expect(joined.readUInt32LE(4)).toBe(36 + 10);
    expect(joined.toString('latin1', 36, 40)).toBe('data');
    expect(joined.readUInt32LE(40)).toBe(10);
    expect(samplesOf(joined, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(wavFormat(joined)).toEqual({ audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
  });

  it('keeps interleaved channels together', () => {
    const joined = concatWavs([
      encodeWav([Int16Array.from([1]), Int16Array.from([-1])], 8000),
      encodeWav([Int16Array.from([2]), Int16Array.from([-2])], 8000),
    ]);
    expect(wavFormat(joined).channels).toBe(2);
    expect(samplesOf(joined, 4)).toEqual([1, -1, 2, -2]);
  });

  it('returns a single WAV unchanged', () => {
    const wav = encodeWav([Int16Array.from([7, 8])], 8000);
    expect(concatWavs([wav]).equals(wav)).toBe(true);
  });

  it('refuses WAVs of different formats, nothing, and what is not a WAV', () => {
    expect(() =>
      concatWavs([
        encodeWav([new Int16Array(1)], 8000),
        encodeWav([new Int16Array(1), new Int16Array(1)], 8000),
      ]),
    ).toThrow(/formats differ/);
    expect(() =>
      concatWavs([encodeWav([new Int16Array(1)], 8000), encodeWav([new Int16Array(1)], 16000)]),
    ).toThrow(RangeError);
    expect(() => concatWavs([])).toThrow(RangeError);
    expect(() => concatWavs([Buffer.from('not a wav at all')])).toThrow(/not a WAV/);
  });
});
