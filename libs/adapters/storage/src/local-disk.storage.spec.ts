import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type StoragePort } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStorageKeyError, LocalDiskStorage } from './local-disk.storage';

describe('LocalDiskStorage', () => {
  let directory: string;
  let storage: StoragePort;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'sy-storage-'));
    storage = new LocalDiskStorage(directory);
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('stores, reads back and deletes content under nested keys', async () => {
    const content = Buffer.from('hello');

    const stored = await storage.put('documents/acc_1/doc_1.pdf', content, 'application/pdf');

    expect(stored).toEqual({
      key: 'documents/acc_1/doc_1.pdf',
      sizeBytes: 5,
      sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    });
    expect(Buffer.from((await storage.get('documents/acc_1/doc_1.pdf'))!).toString()).toBe('hello');
    expect(await readdir(path.join(directory, 'documents/acc_1'))).toEqual(['doc_1.pdf']);
    await storage.delete('documents/acc_1/doc_1.pdf');
    await storage.delete('documents/acc_1/doc_1.pdf');
    expect(await storage.get('documents/acc_1/doc_1.pdf')).toBeNull();
  });

  it('replaces content stored under the same key', async () => {
    await storage.put('a.txt', Buffer.from('first'), 'text/plain');
    await storage.put('a.txt', Buffer.from('second'), 'text/plain');
    expect(Buffer.from((await storage.get('a.txt'))!).toString()).toBe('second');
  });

  it.each(['../escape', '/absolute', 'a//b', 'a/../../b', '', 'a/./b', 'spaces are bad'])(
    'refuses the key %j',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.get(key)).rejects.toThrow(InvalidStorageKeyError);
    },
  );
});
