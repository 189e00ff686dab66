import { randomUUID } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { STORAGE, type StoragePort } from '@switchyard/contracts';
import { AUDIO_CACHE_DIRECTORY } from '../application/call-flows.ports';
import { AudioFileRepository } from './audio-file.repository';

/**
 * Local copies of the library's converted WAVs, for the media engine, which plays files by path. A file's audio
 * never changes under its id, so a copy once fetched stays good.
 */
@Injectable()
export class AudioPromptFiles {
  private readonly directory: string;

  constructor(
    @Inject(AudioFileRepository) private readonly audioFiles: AudioFileRepository,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(AUDIO_CACHE_DIRECTORY) cacheDirectory: string,
  ) {
    this.directory = path.resolve(cacheDirectory, 'audio');
  }

  /**
   * Absolute path of a local copy of the converted WAV, fetched from storage once into
   * `<cacheDirectory>/audio/<audioId>.wav`; null when the account has no such audio file.
   */
  async localPathOf(accountId: string, audioId: string): Promise<string | null> {
    const audio = await this.audioFiles.find(accountId, audioId);
    if (!audio) return null;
    const file = path.join(this.directory, `${audio.id}.wav`);
    if (await exists(file)) return file;
    const content = await this.storage.get(audio.storageKey);
    if (content === null) throw new Error(`The stored WAV of ${audio.id} is missing`);
    await writeAtomically(file, content);
    return file;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Temp file and rename: a call playing the file meanwhile never sees half of it. */
async function writeAtomically(file: string, content: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}
