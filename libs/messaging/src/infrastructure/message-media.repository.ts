import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';
import { type MessageStatus } from '../domain';

export interface MessageMediaRecord {
  readonly id: string;
  readonly accountId: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly storageKey: string;
  readonly sourceUrl: string | null;
  readonly createdAt: Date;
}

/** What a media download needs to know about the message it was signed for. */
export interface MediaCarrier {
  readonly status: MessageStatus;
  readonly sentAt: Date | null;
}

@Injectable()
export class MessageMediaRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async insert(media: MessageMediaRecord): Promise<MessageMediaRecord> {
    return this.database.client.messageMedia.create({ data: media });
  }

  async find(accountId: string, id: string): Promise<MessageMediaRecord | null> {
    return this.database.client.messageMedia.findFirst({ where: { id, accountId } });
  }

  /** The account's media with these ids, in the order asked; ids of no media of the account are left out. */
  async findMany(accountId: string, ids: readonly string[]): Promise<MessageMediaRecord[]> {
    const rows = await this.database.client.messageMedia.findMany({
      where: { accountId, id: { in: [...ids] } },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The media and the message a download URL names, across accounts (a carrier names no account): null unless
   * that message carries that media.
   */
  async findCarried(
    mediaId: string,
    messageId: string,
  ): Promise<{ readonly media: MessageMediaRecord; readonly message: MediaCarrier } | null> {
    const message = await this.database.root.message.findFirst({
      where: { id: messageId, mediaIds: { has: mediaId } },
      select: { accountId: true, status: true, sentAt: true },
    });
    if (!message) return null;
    const media = await this.database.root.messageMedia.findFirst({
      where: { id: mediaId, accountId: message.accountId },
    });
    return media && { media, message: { status: message.status, sentAt: message.sentAt } };
  }
}
