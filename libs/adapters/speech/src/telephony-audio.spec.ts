import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AudioToolFailedError } from './command-runner';
import { silentTelephonyWav } from './fake-audio-tools';
import { convertAudio, readWavDurationMs, UnreadableWavError } from './telephony-audio';

describe('telephony audio', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'sy-audio-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('reads a WAV duration past other chunks, odd-sized ones padded', async () => {
    const list = Buffer.concat([
      Buffer.from('LIST', 'latin1'),
      Buffer.from([3, 0, 0, 0]),
      Buffer.from('abc\0'),
    ]);
    const file = path.join(directory, 'listed.wav');
    await writeFile(file, silentTelephonyWav(2500, [list]));

    expect(await readWavDurationMs(file)).toBe(2500);
  });

  it('refuses a file that is not a WAV', async () => {
    const file = path.join(directory, 'not.wav');
    await writeFile(file, 'ID3 an mp3 perhaps');

    await expect(readWavDurationMs(file)).rejects.toThrow(UnreadableWavError);
  });

  it('leaves neither output nor temporary file when sox fails', async () => {
    const output = path.join(directory, 'out.wav');
    const failingSox = async (_command: string, args: readonly string[]) => {
      await writeFile(args[args.length - 1]!, 'half a file');
      throw new AudioToolFailedError('sox', 'no handler for file extension', false);
    };

    await expect(convertAudio('upload.xyz', output, { runner: failingSox })).rejects.toThrow(
      AudioToolFailedError,
    );
    expect(await readdir(directory)).toEqual([]);
  });
});
