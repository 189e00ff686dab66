import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { type VoicemailStatus } from '../domain';

export interface VoicemailRecord {
  readonly id: string;
  readonly accountId: string;
  readonly boxId: string;
  readonly callId: string | null;
  readonly from: string;
  readonly to: string;
  readonly durationMs: number;
  readonly storageKey: string;
  readonly sizeBytes: number;
  readonly status: VoicemailStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface VoicemailFilter {
  readonly boxId?: string;
  readonly status?: VoicemailStatus;
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  /** Only messages left on these E.164 numbers (an agent's view); undefined means every voicemail of the account. */
  readonly visibleTo?: { readonly phoneNumbers: ReadonlySet<string> };
}

function visibleWhere(visibleTo: VoicemailFilter['visibleTo']) {
  return visibleTo && { to: { in: [...visibleTo.phoneNumbers] } };
}

@Injectable()
export class VoicemailRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async find(
    accountId: string,
    voicemailId: string,
    visibility: Pick<VoicemailFilter, 'visibleTo'> = {},
  ): Promise<VoicemailRecord | null> {
    return this.database.client.voicemail.findFirst({
      where: { id: voicemailId, accountId, ...visibleWhere(visibility.visibleTo) },
    });
  }

  /** The voicemail a call left, if it left one. */
  async idOfCall(accountId: string, callId: string): Promise<string | null> {
    const row = await this.database.client.voicemail.findFirst({
      where: { callId, accountId },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  async list(accountId: string, page: PageRequest, filter: VoicemailFilter): Promise<Page<VoicemailRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.voicemail.findMany({
      ...rest,
      where: {
        ...where,
        accountId,
        boxId: filter.boxId,
        status: filter.status,
        createdAt: { gte: filter.createdAfter, lt: filter.createdBefore },
        ...visibleWhere(filter.visibleTo),
      },
    });
    return pageFromRows(rows, page);
  }

  async insert(voicemail: VoicemailRecord): Promise<VoicemailRecord> {
    return this.database.client.voicemail.create({ data: voicemail });
  }

  async setStatus(
    accountId: string,
    voicemailId: string,
    status: VoicemailStatus,
    updatedAt: Date,
  ): Promise<void> {
    await this.database.client.voicemail.updateMany({
      where: { id: voicemailId, accountId },
      data: { status, updatedAt },
    });
  }

  async delete(accountId: string, voicemailId: string): Promise<void> {
    await this.database.client.voicemail.deleteMany({ where: { id: voicemailId, accountId } });
  }

  async storageKeysInBox(accountId: string, boxId: string): Promise<string[]> {
    const rows = await this.database.client.voicemail.findMany({
      where: { accountId, boxId },
      select: { storageKey: true },
    });
    return rows.map((row) => row.storageKey);
  }
}
