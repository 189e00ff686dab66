import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type StoragePort, type StoredObject } from '@switchyard/contracts';

const keySegment = /^[a-z0-9][a-z0-9._-]*$/i;

export class InvalidStorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`"${key}" is not a valid storage key`);
    this.name = 'InvalidStorageKeyError';
  }
}

/**
 * Files under one directory, a key being a relative path. Writes go to a temporary file renamed into place, so a
 * reader never sees half a file. For a single machine or a shared volume; several machines want the S3 adapter.
 */
export class LocalDiskStorage implements StoragePort {
  private readonly root: string;

  constructor(directory: string) {
    this.root = path.resolve(directory);
  }

  async put(key: string, content: Uint8Array): Promise<StoredObject> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, target);
    return {
      key,
      sizeBytes: content.byteLength,
      sha256: createHash('sha256').update(content).digest('hex'),
    };
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Every segment is checked, so no key reaches outside the root (no "..", no absolute paths). */
  private pathOf(key: string): string {
    const segments = key.split('/');
    if (segments.some((segment) => !keySegment.test(segment) || /^\.+$/.test(segment))) {
      throw new InvalidStorageKeyError(key);
    }
    return path.join(this.root, ...segments);
  }
}
