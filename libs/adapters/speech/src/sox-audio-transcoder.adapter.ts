import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AudioToolFailedError, type CommandRunner } from './command-runner';
import { convertAudio, UnreadableWavError } from './telephony-audio';

export interface SoxAudioTranscoderOptions {
  /** Where each conversion gets a scratch directory, removed afterwards; the system's temp directory by default. */
  readonly workDirectory?: string;
  /** Longest time one run of sox may take. */
  readonly timeoutMs?: number;
  readonly runner?: CommandRunner;
}

/** sox picks the reader of its input from the file extension, so the format becomes one. */
const formatPattern = /^[a-z0-9]{1,8}$/;

/** Converts uploaded audio into the telephony WAV with sox, through files in a scratch directory. */
export class SoxAudioTranscoder {
  constructor(private readonly options: SoxAudioTranscoderOptions = {}) {}

  /** Null when sox cannot read the content as that format; a missing binary or a timeout still throws. */
  async toTelephonyWav(
    content: Uint8Array,
    format: string,
  ): Promise<{ wav: Uint8Array; durationMs: number } | null> {
    if (!formatPattern.test(format)) throw new Error(`"${format}" is not an audio file extension`);
    const scratch = await mkdtemp(path.join(this.options.workDirectory ?? tmpdir(), 'sox-transcode-'));
    try {
      const input = path.join(scratch, `input.${format}`);
      await writeFile(input, content);
      const converted = await convertAudio(input, path.join(scratch, 'output.wav'), this.options);
      return { wav: await readFile(converted.file), durationMs: converted.durationMs };
    } catch (error) {
      if (error instanceof UnreadableWavError) return null;
      if (error instanceof AudioToolFailedError && !error.timedOut) return null;
      throw error;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}
