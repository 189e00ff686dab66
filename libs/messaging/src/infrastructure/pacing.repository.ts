import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';
import { type MessagingNumberType } from '../domain';

/** What pacing needs to know of an outbound message that may be dispatched now. */
export interface PacedMessage {
  readonly numberId: string;
  readonly numberType: MessagingNumberType;
  readonly segments: number;
}

/** What one sending number has waiting for the carrier. */
export interface SenderBacklog {
  readonly numberId: string;
  readonly numberType: MessagingNumberType;
  readonly messages: number;
  readonly segments: number;
}

@Injectable()
export class PacingRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /**
   * The message with its sender's kind, while it is still waiting to go (queued, due, or claimed by a worker that
   * may have died); null otherwise, so a finished or canceled message takes no sending slot.
   */
  async pendingDispatch(accountId: string, messageId: string, now: Date): Promise<PacedMessage | null> {
    const message = await this.database.client.message.findFirst({
      where: {
        id: messageId,
        accountId,
        direction: 'outbound',
        OR: [{ status: { in: ['queued', 'sending'] } }, { status: 'scheduled', sendAt: { lte: now } }],
      },
      select: { numberId: true, segments: true },
    });
    if (!message) return null;
    const number = await this.database.client.phoneNumber.findFirst({
      where: { id: message.numberId, accountId },
      select: { type: true },
    });
    return number && { numberId: message.numberId, numberType: number.type, segments: message.segments };
  }

  /**
   * The outbound messages of one of the account's numbers that wait for the carrier (queued, or being sent);
   * null when the account has no such number, or `numberIds` leaves it out.
   */
  async senderBacklog(
    accountId: string,
    numberId: string,
    numberIds?: ReadonlySet<string>,
  ): Promise<SenderBacklog | null> {
    if (numberIds && !numberIds.has(numberId)) return null;
    const number = await this.database.client.phoneNumber.findFirst({
      where: { id: numberId, accountId },
      select: { type: true },
    });
    if (!number) return null;
    const waiting = await this.database.client.message.aggregate({
      where: { accountId, numberId, direction: 'outbound', status: { in: ['queued', 'sending'] } },
      _count: { _all: true },
      _sum: { segments: true },
    });
    return {
      numberId,
      numberType: number.type,
      messages: waiting._count._all,
      segments: waiting._sum.segments ?? 0,
    };
  }
}
