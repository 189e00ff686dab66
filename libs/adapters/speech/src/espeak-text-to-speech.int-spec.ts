import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AudioToolFailedError,
  AudioToolMissingError,
  type CommandRunner,
  execFileRunner,
} from './command-runner';
import { EspeakTextToSpeech } from './espeak-text-to-speech.adapter';
import { convertAudio, probeAudioDurationMs } from './telephony-audio';

/** The 58-byte header sox writes for mu-law: an 18-byte `fmt ` chunk, then `fact` with the sample count. */
const headerBytes = 58;
function wavHeader(wav: Buffer) {
  return {
    riff: wav.toString('latin1', 0, 4),
    wave: wav.toString('latin1', 8, 12),
    fmt: wav.toString('latin1', 12, 16),
    encoding: wav.readUInt16LE(20),
    channels: wav.readUInt16LE(22),
    sampleRate: wav.readUInt32LE(24),
    byteRate: wav.readUInt32LE(28),
    bitsPerSample: wav.readUInt16LE(34),
    fact: wav.toString('latin1', 38, 42),
    samples: wav.readUInt32LE(46),
    data: wav.toString('latin1', 50, 54),
    dataBytes: wav.readUInt32LE(54),
  };
}

const telephonyHeader = {
  riff: 'RIFF',
  wave: 'WAVE',
  fmt: 'fmt ',
  encoding: 7, // WAVE_FORMAT_MULAW
  channels: 1,
  sampleRate: 8000,
  byteRate: 8000,
  bitsPerSample: 8,
  fact: 'fact',
  data: 'data',
};

/** Checks that the WAV is the telephony format as sox lays it out; answers the length of its samples in bytes. */
function telephonyDataBytes(wav: Buffer): number {
  const dataBytes = wav.readUInt32LE(54);
  // One byte a sample; an odd-sized data chunk is padded to an even length.
  expect(wavHeader(wav)).toEqual({ ...telephonyHeader, samples: dataBytes, dataBytes });
  expect(wav.length).toBe(headerBytes + dataBytes + (dataBytes % 2));
  return dataBytes;
}

describe('espeak-ng and sox, run for real', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'sy-speech-int-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('synthesizes a sentence into an 8 kHz mono mu-law WAV once, then serves it without a process', async () => {
    const runs: string[] = [];
    const countingRunner: CommandRunner = (command, args, timeoutMs) => {
      runs.push(command);
      return execFileRunner(command, args, timeoutMs);
    };
    const speech = new EspeakTextToSpeech({ cacheDirectory: directory, runner: countingRunner });
    const request = { text: 'Thank you for calling. Press one for sales or two for support.' };

    const prompt = await speech.synthesize(request);
    const wav = await readFile(prompt.file);

    const dataBytes = telephonyDataBytes(wav);
    expect(prompt.durationMs).toBeGreaterThan(500);
    expect(prompt.durationMs).toBe(Math.round((dataBytes / 8000) * 1000));
    expect(Math.abs(prompt.durationMs - (await probeAudioDurationMs(prompt.file)))).toBeLessThanOrEqual(1);
    expect(runs).toEqual(['espeak-ng', 'espeak-ng', 'sox']);

    runs.length = 0;
    expect(await speech.synthesize(request)).toEqual(prompt);
    expect(runs).toEqual([]);
  });

  it('speaks another voice variant into another file', async () => {
    const speech = new EspeakTextToSpeech({ cacheDirectory: directory });

    const plain = await speech.synthesize({ text: 'Goodbye', language: 'en-GB' });
    const variant = await speech.synthesize({ text: 'Goodbye', language: 'en-GB', voice: 'f3' });

    expect(variant.file).not.toBe(plain.file);
    expect(variant.durationMs).toBeGreaterThan(200);
  });

  it('reports an unknown voice as a failed run', async () => {
    const speech = new EspeakTextToSpeech({ cacheDirectory: directory });

    await expect(speech.synthesize({ text: 'Hello', language: 'xx-nowhere' })).rejects.toThrow(
      AudioToolFailedError,
    );
  });

  it('converts a 44.1 kHz stereo upload into an 8 kHz mono WAV of the same length', async () => {
    const upload = path.join(directory, 'upload.flac');
    execFileSync('sox', [
      '-n',
      '-r',
      '44100',
      '-c',
      '2',
      upload,
      'synth',
      '2.5',
      'sine',
      '440',
      'sine',
      '660',
    ]);
    const output = path.join(directory, 'converted.wav');

    const converted = await convertAudio(upload, output);

    const wav = await readFile(output);
    expect(converted.file).toBe(output);
    telephonyDataBytes(wav);
    const uploadedMs = await probeAudioDurationMs(upload);
    expect(uploadedMs).toBe(2500);
    expect(Math.abs(converted.durationMs - uploadedMs)).toBeLessThanOrEqual(50);
  });

  it('names a missing binary and a run past its timeout', async () => {
    await expect(execFileRunner('switchyard-no-such-tool', [], 1000)).rejects.toThrow(AudioToolMissingError);
    await expect(execFileRunner('sleep', ['5'], 50)).rejects.toMatchObject({
      name: 'AudioToolFailedError',
      timedOut: true,
    });
    await expect(
      convertAudio(path.join(directory, 'missing.wav'), path.join(directory, 'out.wav')),
    ).rejects.toThrow(AudioToolFailedError);
  });
});
