import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type CommandRunner, execFileRunner } from './command-runner';

/**
 * sox output options for the one format prompts and uploads are kept in: mu-law WAV, 8 kHz, mono (8 KB a second).
 * A PCMU leg carries mu-law, so rtpengine plays the file there without transcoding: it measured about a tenth of
 * the CPU a 16-bit linear file took to start. A PCMA leg still gets it transcoded (mu-law decoded, A-law encoded),
 * as it would any file.
 */
export const telephonyWavOptions: readonly string[] = '-t wav -r 8000 -c 1 -e mu-law'.split(' ');

export const defaultAudioToolTimeoutMs = 30_000;

export interface AudioToolOptions {
  readonly runner?: CommandRunner;
  /** Longest time one run of a binary may take. */
  readonly timeoutMs?: number;
}

export interface ConvertedAudio {
  /** Absolute path of the telephony WAV. */
  readonly file: string;
  readonly durationMs: number;
}

/** The file is not a WAV whose length can be read from its header. */
export class UnreadableWavError extends Error {
  constructor(readonly file: string) {
    super(`${file} is not a readable WAV file`);
    this.name = 'UnreadableWavError';
  }
}

/**
 * Converts any audio sox reads (WAV, FLAC, Ogg, and MP3 where libsox-fmt-mp3 is installed) into the telephony WAV.
 * The output appears whole or not at all: sox writes a temporary file beside it, renamed into place.
 */
export async function convertAudio(
  input: string,
  output: string,
  options: AudioToolOptions = {},
): Promise<ConvertedAudio> {
  const { runner = execFileRunner, timeoutMs = defaultAudioToolTimeoutMs } = options;
  // Absolute paths never start with "-", so sox cannot take a file name for an option or for stdin.
  const target = path.resolve(output);
  const temporary = `${target}.${randomUUID()}.tmp`;
  try {
    await runner('sox', [path.resolve(input), ...telephonyWavOptions, temporary], timeoutMs);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
  return { file: target, durationMs: await readWavDurationMs(target) };
}

/** Length of any audio file sox reads, from its header (`sox --i -D`). */
export async function probeAudioDurationMs(file: string, options: AudioToolOptions = {}): Promise<number> {
  const { runner = execFileRunner, timeoutMs = defaultAudioToolTimeoutMs } = options;
  const { stdout } = await runner('sox', ['--i', '-D', path.resolve(file)], timeoutMs);
  const seconds = Number(stdout.trim());
  if (!Number.isFinite(seconds)) throw new UnreadableWavError(file);
  return Math.round(seconds * 1000);
}

/** Length of a WAV from its `fmt ` and `data` chunks, read without running a process. */
export async function readWavDurationMs(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const durationMs = wavDurationMs(head.subarray(0, bytesRead));
    if (durationMs === null) throw new UnreadableWavError(file);
    return durationMs;
  } finally {
    await handle.close();
  }
}

function wavDurationMs(head: Buffer): number | null {
  if (
    head.length < 12 ||
    head.toString('latin1', 0, 4) !== 'RIFF' ||
    head.toString('latin1', 8, 12) !== 'WAVE'
  )
    return null;
  let byteRate = 0;
  let at = 12;
  // Each chunk: a 4-byte id, a little-endian 4-byte size, then the body padded to an even length.
  while (at + 8 <= head.length) {
    const id = head.toString('latin1', at, at + 4);
    const size = head.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 20 <= head.length) byteRate = head.readUInt32LE(at + 16);
    if (id === 'data') return byteRate > 0 ? Math.round((size * 1000) / byteRate) : null;
    at += 8 + size + (size % 2);
  }
  return null;
}
