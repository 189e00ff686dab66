import { encodeMuLaw } from './recording/g711';
import { encodeMuLawWav } from './recording/wav';

const sampleRate = 8_000;

/** A tone: frequencies sounding together (a chord), or none for a rest. */
export interface Tone {
  readonly frequencies: readonly number[];
  readonly durationMs: number;
}

/** Fade in and out over this long, so no tone starts or ends with a click. */
const fadeMs = 15;

/**
 * Tones one after the other as a telephony WAV (8 kHz mono mu-law, like every prompt) at `level` of full scale: the
 * voicemail beep is made this way, so it needs no audio tool or shipped file.
 */
export function toneSequenceWav(tones: readonly Tone[], level = 0.25): Buffer {
  const samples: number[] = [];
  const fade = (fadeMs * sampleRate) / 1000;
  for (const tone of tones) {
    const count = Math.round((tone.durationMs * sampleRate) / 1000);
    const voices = Math.max(1, tone.frequencies.length);
    for (let index = 0; index < count; index++) {
      const envelope = Math.min(1, index / fade, (count - 1 - index) / fade);
      const mixed = tone.frequencies.reduce(
        (sum, frequency) => sum + Math.sin((2 * Math.PI * frequency * index) / sampleRate),
        0,
      );
      samples.push(encodeMuLaw((mixed / voices) * envelope * level * 32767));
    }
  }
  return encodeMuLawWav(Uint8Array.from(samples), sampleRate);
}

/** The 1 kHz, 400 ms beep before a voicemail message. */
export const voicemailBeep: readonly Tone[] = [{ frequencies: [1_000], durationMs: 400 }];
