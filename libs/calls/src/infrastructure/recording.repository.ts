import { Inject, Injectable } from '@nestjs/common';
import { idPageArguments, type Page, type PageRequest, pageFromRows } from '@switchyard/http';
import { Database, Prisma } from '@switchyard/prisma';
import { type RecordingLayout, type RecordingSource, type RecordingStatus } from '../domain';
import { type CallFilter } from './call.repository';

export interface RecordingRow {
  readonly id: string;
  readonly accountId: string;
  readonly callId: string;
  readonly status: RecordingStatus;
  readonly source: RecordingSource;
  readonly layout: RecordingLayout;
  readonly channels: number | null;
  readonly durationMs: number | null;
  readonly storageKey: string | null;
  readonly sizeBytes: number | null;
  readonly failureReason: string | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type RecordingChanges = Partial<
  Pick<
    RecordingRow,
    'status' | 'channels' | 'durationMs' | 'storageKey' | 'sizeBytes' | 'failureReason' | 'endedAt'
  >
> & { readonly updatedAt: Date };

export interface RecordingFilter {
  readonly callId?: string;
  /** Only recordings of calls an agent sees (as calls are filtered); undefined means all of the account. */
  readonly visibleTo?: CallFilter['visibleTo'];
}

type Stored = Prisma.RecordingGetPayload<object>;

function rowOf(recording: Stored): RecordingRow {
  return {
    ...recording,
    source: recording.source as RecordingSource,
    layout: recording.layout as RecordingLayout,
  };
}

@Injectable()
export class RecordingRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async create(recording: RecordingRow): Promise<void> {
    await this.database.client.recording.create({ data: recording });
  }

  /**
   * The recording, locked until the open transaction ends. By id alone: the sip instance holding the call is its
   * writer and knows it by the id it was given when the recording started.
   */
  async lockForWriter(id: string): Promise<RecordingRow | null> {
    const [locked] = await this.database.client.$queryRaw<Stored[]>`
      SELECT * FROM "Recording" WHERE "id" = ${id} FOR UPDATE`;
    return locked ? rowOf(locked) : null;
  }

  async find(accountId: string, id: string, filter: RecordingFilter = {}): Promise<RecordingRow | null> {
    const [row] = await this.select(accountId, filter, Prisma.sql`AND r."id" = ${id}`, Prisma.empty, 1);
    return row ?? null;
  }

  async list(accountId: string, page: PageRequest, filter: RecordingFilter): Promise<Page<RecordingRow>> {
    const { where, orderBy, take } = idPageArguments(page);
    let bound = Prisma.empty;
    if (where.id && 'lt' in where.id) bound = Prisma.sql`AND r."id" < ${where.id.lt}`;
    if (where.id && 'gt' in where.id) bound = Prisma.sql`AND r."id" > ${where.id.gt}`;
    const order = orderBy.id === 'asc' ? Prisma.sql`ORDER BY r."id" ASC` : Prisma.sql`ORDER BY r."id" DESC`;
    return pageFromRows(await this.select(accountId, filter, bound, order, take), page);
  }

  /** Recordings of the call not yet completed or failed, oldest first. */
  async unfinishedOfCall(accountId: string, callId: string): Promise<RecordingRow[]> {
    const recordings = await this.database.client.recording.findMany({
      where: { accountId, callId, status: { in: ['in_progress', 'paused'] } },
      orderBy: { id: 'asc' },
    });
    return recordings.map(rowOf);
  }

  async update(accountId: string, id: string, changes: RecordingChanges): Promise<void> {
    await this.database.client.recording.updateMany({ where: { id, accountId }, data: changes });
  }

  async delete(accountId: string, id: string): Promise<void> {
    await this.database.client.recording.deleteMany({ where: { id, accountId } });
  }

  /**
   * Recordings carry no relation to their call (contexts keep foreign keys out), so an agent's view joins the call
   * by hand and applies the same rule as for calls: a number shared with them, or their own call.
   */
  private async select(
    accountId: string,
    filter: RecordingFilter,
    condition: Prisma.Sql,
    order: Prisma.Sql,
    limit: number,
  ): Promise<RecordingRow[]> {
    const ofCall = filter.callId === undefined ? Prisma.empty : Prisma.sql`AND r."callId" = ${filter.callId}`;
    const visible = filter.visibleTo
      ? Prisma.sql`AND EXISTS (
          SELECT 1 FROM "Call" c WHERE c."id" = r."callId" AND c."accountId" = r."accountId"
            AND (c."numberId" = ANY(${[...filter.visibleTo.numberIds]}::text[]) OR c."userId" = ${filter.visibleTo.userId}))`
      : Prisma.empty;
    const rows = await this.database.client.$queryRaw<Stored[]>`
      SELECT r.* FROM "Recording" r
      WHERE r."accountId" = ${accountId} ${ofCall} ${visible} ${condition}
      ${order} LIMIT ${limit}`;
    return rows.map(rowOf);
  }
}
