import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database } from '@switchyard/prisma';

/** An uploaded audio file: the original as received, and the telephony WAV calls play. */
export interface AudioFileRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly originalContentType: string;
  readonly originalSizeBytes: number;
  readonly originalStorageKey: string;
  /** The converted WAV. */
  readonly storageKey: string;
  readonly sizeBytes: number;
  readonly durationMs: number;
  /** Hex SHA-256 of the converted WAV. */
  readonly sha256: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

@Injectable()
export class AudioFileRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async find(accountId: string, audioId: string): Promise<AudioFileRecord | null> {
    return this.database.client.audioFile.findFirst({ where: { id: audioId, accountId } });
  }

  async existingIds(accountId: string, audioIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (audioIds.length === 0) return new Set();
    const rows = await this.database.client.audioFile.findMany({
      where: { accountId, id: { in: [...audioIds] } },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  }

  async list(accountId: string, page: PageRequest): Promise<Page<AudioFileRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.audioFile.findMany({ ...rest, where: { ...where, accountId } });
    return pageFromRows(rows, page);
  }

  async create(audio: Omit<AudioFileRecord, 'updatedAt'>): Promise<AudioFileRecord> {
    return this.database.client.audioFile.create({ data: audio });
  }

  async rename(accountId: string, audioId: string, name: string): Promise<void> {
    await this.database.client.audioFile.updateMany({ where: { id: audioId, accountId }, data: { name } });
  }

  async delete(accountId: string, audioId: string): Promise<void> {
    await this.database.client.audioFile.deleteMany({ where: { id: audioId, accountId } });
  }
}
