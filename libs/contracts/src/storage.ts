/** Where files live (uploaded documents, recordings): a port with one adapter per backend (disk, S3). */
export interface StoredObject {
  readonly key: string;
  readonly sizeBytes: number;
  /** Hex SHA-256 of the content. */
  readonly sha256: string;
}

export interface StoragePort {
  /** Stores the content under the key, replacing what was there. Keys are relative paths of [a-z0-9._-] segments. */
  put(key: string, content: Uint8Array, contentType: string): Promise<StoredObject>;
  /** The content, or null when nothing is stored under the key. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes the key; removing a missing key succeeds. */
  delete(key: string): Promise<void>;
}

/** Dependency-injection token under which apps provide their storage. */
export const STORAGE = Symbol('STORAGE');
