import { describe, expect, it } from 'vitest';
import { g711TableFor, payloadTypePcmu } from './recording/g711';
import { encodeWav, trimTrailingSilence } from './recording/wav';
import { toneSequenceWav, voicemailBeep } from './tones';

/** The samples of a mu-law WAV as `encodeMuLawWav` writes it (58-byte header), decoded to 16-bit values. */
const samplesOf = (wav: Buffer) => {
  const decode = g711TableFor(payloadTypePcmu)!;
  return Array.from(wav.subarray(58, 58 + wav.readUInt32LE(54)), (byte) => decode[byte]!);
};

describe('toneSequenceWav', () => {
  it('makes the 400 ms beep as 3,200 samples at 8 kHz, starting and ending silent', () => {
    const samples = samplesOf(toneSequenceWav(voicemailBeep));
    expect(samples).toHaveLength(3_200);
    expect(samples[0]).toBe(0);
    expect(samples.at(-1)).toBe(0);
    // mu-law steps are 1/16 of the value at this level.
    expect(Math.max(...samples)).toBeGreaterThan(0.23 * 32767);
    expect(Math.max(...samples)).toBeLessThanOrEqual(0.26 * 32767);
  });

  it('plays chords and rests one after the other', () => {
    const samples = samplesOf(
      toneSequenceWav([
        { frequencies: [440, 660], durationMs: 100 },
        { frequencies: [], durationMs: 50 },
      ]),
    );
    expect(samples).toHaveLength(1_200);
    expect(samples.slice(800).every((sample) => sample === 0)).toBe(true);
  });
});

describe('trimTrailingSilence', () => {
  const tone = (count: number, value: number) => Array.from({ length: count }, () => value);

  it('keeps the audible part and 200 ms of the quiet end', () => {
    const wav = encodeWav([[...tone(8_000, 5_000), ...tone(16_000, 20)]], 8_000);
    expect(trimTrailingSilence(wav)).toMatchObject({ durationMs: 1_200 });
  });

  it('leaves nothing of a silent recording', () => {
    const trimmed = trimTrailingSilence(encodeWav([tone(8_000, 0)], 8_000));
    expect(trimmed.durationMs).toBe(0);
    expect(trimmed.wav).toHaveLength(44);
  });

  it('refuses a stereo WAV', () => {
    expect(() => trimTrailingSilence(encodeWav([[1], [1]], 8_000))).toThrow(RangeError);
  });
});
