import { Inject, Injectable } from '@nestjs/common';
import { type Prompt } from '@switchyard/call-flows';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database, Prisma, type VoicemailBoxModel } from '@switchyard/prisma';

export interface VoicemailBoxRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  /** Null plays the default greeting. */
  readonly greeting: Prompt | null;
  readonly maxMessageSeconds: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type VoicemailBoxSettingsChange = Partial<
  Pick<VoicemailBoxRecord, 'name' | 'greeting' | 'maxMessageSeconds'>
>;

function toRecord(row: VoicemailBoxModel): VoicemailBoxRecord {
  // Written only from greetings `checkGreeting` accepted.
  return { ...row, greeting: row.greeting as unknown as Prompt | null };
}

const greetingColumn = (greeting: Prompt | null) =>
  greeting === null ? Prisma.DbNull : (greeting as unknown as Prisma.InputJsonObject);

@Injectable()
export class VoicemailBoxRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async find(accountId: string, boxId: string): Promise<VoicemailBoxRecord | null> {
    const row = await this.database.client.voicemailBox.findFirst({ where: { id: boxId, accountId } });
    return row ? toRecord(row) : null;
  }

  async list(accountId: string, page: PageRequest): Promise<Page<VoicemailBoxRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.voicemailBox.findMany({
      ...rest,
      where: { ...where, accountId },
    });
    return pageFromRows(rows.map(toRecord), page);
  }

  async create(box: VoicemailBoxRecord): Promise<VoicemailBoxRecord> {
    const row = await this.database.client.voicemailBox.create({
      data: { ...box, greeting: greetingColumn(box.greeting) },
    });
    return toRecord(row);
  }

  async update(
    accountId: string,
    boxId: string,
    changes: VoicemailBoxSettingsChange,
    updatedAt: Date,
  ): Promise<void> {
    const { greeting, ...columns } = changes;
    await this.database.client.voicemailBox.updateMany({
      where: { id: boxId, accountId },
      data: {
        ...columns,
        ...(greeting === undefined ? {} : { greeting: greetingColumn(greeting) }),
        updatedAt,
      },
    });
  }

  /**
   * Locks the box's row for the rest of the transaction and tells whether it exists. A deposit takes a share lock,
   * so a box deletion (which takes the update lock) waits for it and then sees its voicemail.
   */
  async lock(accountId: string, boxId: string, mode: 'share' | 'update'): Promise<boolean> {
    const lockClause = mode === 'share' ? Prisma.sql`FOR SHARE` : Prisma.sql`FOR UPDATE`;
    const rows = await this.database.client.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "VoicemailBox" WHERE "id" = ${boxId} AND "accountId" = ${accountId} ${lockClause}`;
    return rows.length > 0;
  }

  /** Its voicemails go with it (cascade); their audio is the caller's to remove. */
  async delete(accountId: string, boxId: string): Promise<void> {
    await this.database.client.voicemailBox.deleteMany({ where: { id: boxId, accountId } });
  }
}
