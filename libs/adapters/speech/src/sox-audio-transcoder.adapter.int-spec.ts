import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SoxAudioTranscoder } from './sox-audio-transcoder.adapter';

describe('SoxAudioTranscoder (real sox)', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'sox-transcoder-'));
  const workDirectory = path.join(scratch, 'work');
  mkdirSync(workDirectory);
  const transcoder = new SoxAudioTranscoder({ workDirectory });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('converts FLAC into the 8 kHz mono mu-law WAV and measures it', async () => {
    const flac = path.join(scratch, 'tone.flac');
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', flac, 'synth', '0.75', 'sine', '440']);
    const converted = await transcoder.toTelephonyWav(readFileSync(flac), 'flac');
    expect(converted?.durationMs).toBe(750);
    const wav = Buffer.from(converted!.wav);
    // Encoding 7 is mu-law; channels, sample rate, bits per sample.
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([
      7, 1, 8000, 8,
    ]);
    expect(readdirSync(workDirectory)).toEqual([]);
  });

  it('answers null for content sox cannot read, and cleans up', async () => {
    expect(await transcoder.toTelephonyWav(Buffer.from('not audio'), 'wav')).toBeNull();
    expect(readdirSync(workDirectory)).toEqual([]);
  });
});
