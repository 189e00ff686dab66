import { describe, expect, it } from 'vitest';
import { encodeWav, trimTrailingSilence } from './recording/wav';
import { toneSequenceWav, voicemailBeep } from './tones';

const samplesOf = (wav: Buffer) =>
  Array.from({ length: (wav.length - 44) / 2 }, (_, index) => wav.readInt16LE(44 + index * 2));

describe('toneSequenceWav', () => {
  it('makes the 400 ms beep as 3,200 samples at 8 kHz, starting and ending silent', () => {
    const samples = samplesOf(toneSequenceWav(voicemailBeep));
    expect(samples).toHaveLength(3_200);
    expect(samples[0]).toBe(0);
    expect(samples.at(-1)).toBe(0);
    expect(Math.max(...samples)).toBeGreaterThan(0.24 * 32767);
    expect(Math.max(...samples)).toBeLessThanOrEqual(Math.round(0.25 * 32767));
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
