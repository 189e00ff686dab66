import { Inject, Injectable } from '@nestjs/common';
import { newId } from '@switchyard/contracts';
import { Database, Prisma } from '@switchyard/prisma';
import { type MessageRecord, type NewMessage } from './message.repository';

/** Statements that write or read many messages at once, for the bulk send path. */
@Injectable()
export class BulkMessageRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** The given recipients that opted out of the account's messages. */
  async optedOutAmong(accountId: string, phoneNumbers: readonly string[]): Promise<ReadonlySet<string>> {
    const rows = await this.database.client.optOut.findMany({
      where: { accountId, phoneNumber: { in: [...phoneNumbers] } },
      select: { phoneNumber: true },
    });
    return new Set(rows.map((row) => row.phoneNumber));
  }

  /**
   * Creates or touches the conversation of each (number, remote number) pair in one statement; returns their ids
   * by `numberId + ' ' + remoteNumber`.
   */
  async touchConversations(
    accountId: string,
    pairs: readonly { readonly numberId: string; readonly remoteNumber: string }[],
    at: Date,
  ): Promise<ReadonlyMap<string, string>> {
    const values = pairs.map(
      ({ numberId, remoteNumber }) =>
        Prisma.sql`(${newId('conversation', at.getTime())}, ${accountId}, ${numberId}, ${remoteNumber}, 0, false, ${at}, ${at}, ${at})`,
    );
    const rows = await this.database.client.$queryRaw<
      { id: string; numberId: string; remoteNumber: string }[]
    >`
      INSERT INTO "Conversation"
        ("id", "accountId", "numberId", "remoteNumber", "unreadCount", "muted", "lastMessageAt", "createdAt", "updatedAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("accountId", "numberId", "remoteNumber")
        DO UPDATE SET "lastMessageAt" = EXCLUDED."lastMessageAt", "updatedAt" = EXCLUDED."updatedAt"
      RETURNING "id", "numberId", "remoteNumber"`;
    return new Map(rows.map((row) => [`${row.numberId} ${row.remoteNumber}`, row.id]));
  }

  async insertMany(messages: readonly NewMessage[]): Promise<MessageRecord[]> {
    return this.database.client.message.createManyAndReturn({ data: [...messages] });
  }
}
