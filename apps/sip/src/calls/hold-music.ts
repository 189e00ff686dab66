import { execFile } from 'node:child_process';
import { access, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Bumped whenever the sound changes, so caches made by an older version are not reused. */
const holdMusicName = 'hold-music-v1.wav';

/**
 * The default hold music: four seconds of a soft C major chord fading in and out, as 8 kHz mu-law (what the media
 * engine plays without transcoding), made once with sox in `directory` and reused. Played in a loop, it makes a
 * gentle swell. Resolves with the file's absolute path.
 */
export async function holdMusic(directory: string): Promise<string> {
  const file = path.resolve(directory, holdMusicName);
  if (
    await access(file).then(
      () => true,
      () => false,
    )
  )
    return file;
  await mkdir(path.dirname(file), { recursive: true });
  // Written beside and renamed, so another process never plays a half-written file.
  const partial = `${file}.${process.pid}.partial.wav`;
  await run('sox', [
    ...['-n', '-r', '8000', '-c', '1', '-e', 'mu-law', partial],
    ...[
      'synth',
      '4',
      'sine',
      '261.63',
      'synth',
      '4',
      'sine',
      'mix',
      '329.63',
      'synth',
      '4',
      'sine',
      'mix',
      '392',
    ],
    ...['vol', '0.3', 'fade', 'q', '0.5', '4', '0.5'],
  ]);
  await rename(partial, file);
  return file;
}
