import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type StoragePort } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AudioFileRecord, type AudioFileRepository } from './audio-file.repository';
import { AudioPromptFiles } from './audio-prompt-files';

const wav = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4]);
const audio = {
  id: 'aud_01jd3v3k6m5x9q8w7e6r5t4y3u',
  accountId: 'acc_1',
  storageKey: 'audio/acc_1/aud_01jd3v3k6m5x9q8w7e6r5t4y3u.wav',
} as AudioFileRecord;

/** The account's files as a repository finds them: by account and id. */
const repository = {
  find: async (accountId: string, audioId: string) =>
    accountId === audio.accountId && audioId === audio.id ? audio : null,
} as AudioFileRepository;

class CountingStorage implements StoragePort {
  gets = 0;
  async put(): Promise<never> {
    throw new Error('not used');
  }
  async get(key: string): Promise<Uint8Array | null> {
    this.gets += 1;
    return key === audio.storageKey ? wav : null;
  }
  async delete(): Promise<void> {}
}

describe('AudioPromptFiles', () => {
  let cacheDirectory: string;
  let storage: CountingStorage;
  let files: AudioPromptFiles;

  beforeEach(async () => {
    cacheDirectory = await mkdtemp(path.join(tmpdir(), 'audio-prompt-files-'));
    storage = new CountingStorage();
    files = new AudioPromptFiles(repository, storage, cacheDirectory);
  });
  afterEach(() => rm(cacheDirectory, { recursive: true, force: true }));

  it('fetches the WAV from storage once, then answers from the local copy', async () => {
    const expected = path.join(cacheDirectory, 'audio', `${audio.id}.wav`);
    expect(await files.localPathOf(audio.accountId, audio.id)).toBe(expected);
    expect(new Uint8Array(await readFile(expected))).toEqual(wav);
    expect(await files.localPathOf(audio.accountId, audio.id)).toBe(expected);
    expect(storage.gets).toBe(1);
    // Written through a temporary file renamed into place: nothing else is left behind.
    expect(await readdir(path.join(cacheDirectory, 'audio'))).toEqual([`${audio.id}.wav`]);
  });

  it('answers null for audio another account owns or nobody does, without touching storage', async () => {
    expect(await files.localPathOf('acc_2', audio.id)).toBeNull();
    expect(await files.localPathOf(audio.accountId, 'aud_missing')).toBeNull();
    expect(storage.gets).toBe(0);
  });
});
