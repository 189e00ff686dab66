import { Inject, Injectable } from '@nestjs/common';
import { newId } from '@switchyard/contracts';
import { type Page, pageFromRows } from '@switchyard/http';
import { Database, type Prisma } from '@switchyard/prisma';
import { type MessageRecord } from './message.repository';

export interface ConversationRecord {
  readonly id: string;
  readonly accountId: string;
  readonly numberId: string;
  readonly remoteNumber: string;
  readonly unreadCount: number;
  readonly muted: boolean;
  readonly lastMessageAt: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastMessage: MessageRecord | null;
}

/** Where a conversation stands in a list by last activity. */
export interface ConversationPosition {
  readonly lastMessageAt: Date;
  readonly id: string;
}

/** A page of conversations, newest activity first, after or before a position. */
export interface ConversationPageRequest {
  readonly limit: number;
  readonly after?: ConversationPosition;
  readonly before?: ConversationPosition;
}

const withLastMessage = {
  messages: {
    orderBy: { id: 'desc' },
    take: 1,
    omit: { leaseOwner: true, leaseExpiresAt: true },
  },
} as const;

function toRecord<Row extends { messages: MessageRecord[] }>(
  row: Row,
): Omit<Row, 'messages'> & {
  lastMessage: MessageRecord | null;
} {
  const { messages, ...conversation } = row;
  return { ...conversation, lastMessage: messages[0] ?? null };
}

/** Conversations strictly past a position in (lastMessageAt, id) order. */
function positionedWhere(
  position: ConversationPosition,
  comparison: 'lt' | 'gt',
): Prisma.ConversationWhereInput {
  return {
    OR: [
      { lastMessageAt: { [comparison]: position.lastMessageAt } },
      { lastMessageAt: position.lastMessageAt, id: { [comparison]: position.id } },
    ],
  };
}

@Injectable()
export class ConversationRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** The conversation of the number and the remote party, created on first use; inbound messages count as unread. */
  async touch(
    accountId: string,
    numberId: string,
    remoteNumber: string,
    at: Date,
    inbound: boolean,
  ): Promise<string> {
    const { id } = await this.database.client.conversation.upsert({
      where: { accountId_numberId_remoteNumber: { accountId, numberId, remoteNumber } },
      create: {
        id: newId('conversation', at.getTime()),
        accountId,
        numberId,
        remoteNumber,
        unreadCount: inbound ? 1 : 0,
        lastMessageAt: at,
        createdAt: at,
      },
      update: { lastMessageAt: at, ...(inbound && { unreadCount: { increment: 1 } }) },
      select: { id: true },
    });
    return id;
  }

  async find(
    accountId: string,
    id: string,
    numberIds?: ReadonlySet<string>,
  ): Promise<ConversationRecord | null> {
    const row = await this.database.client.conversation.findFirst({
      where: { id, accountId, ...(numberIds && { numberId: { in: [...numberIds] } }) },
      include: withLastMessage,
    });
    return row ? toRecord(row) : null;
  }

  /**
   * Newest activity first, ties broken by id, over the (accountId, lastMessageAt, id) index. `before` walks
   * backwards, so its rows come back oldest first and are put in order again by `pageFromRows`.
   */
  async list(
    accountId: string,
    page: ConversationPageRequest,
    numberIds?: ReadonlySet<string>,
  ): Promise<Page<ConversationRecord>> {
    const direction = page.before ? 'asc' : 'desc';
    const rows = await this.database.client.conversation.findMany({
      where: {
        accountId,
        ...(numberIds && { numberId: { in: [...numberIds] } }),
        ...(page.after && positionedWhere(page.after, 'lt')),
        ...(page.before && positionedWhere(page.before, 'gt')),
      },
      orderBy: [{ lastMessageAt: direction }, { id: direction }],
      take: page.limit + 1,
      include: withLastMessage,
    });
    return pageFromRows(rows.map(toRecord), {
      limit: page.limit,
      ...(page.before && { endingBefore: page.before.id }),
    });
  }

  async update(
    accountId: string,
    id: string,
    changes: { readonly unreadCount?: 0; readonly muted?: boolean },
  ): Promise<void> {
    await this.database.client.conversation.updateMany({ where: { id, accountId }, data: changes });
  }
}
