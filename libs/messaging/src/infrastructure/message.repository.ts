import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database, isUniqueViolation, type Prisma } from '@switchyard/prisma';
import { type MessageDirection, type MessageStatus, type SmsEncoding } from '../domain';

export interface MessageRecord {
  readonly id: string;
  readonly accountId: string;
  readonly numberId: string;
  readonly conversationId: string;
  readonly direction: MessageDirection;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly status: MessageStatus;
  readonly encoding: SmsEncoding;
  readonly segments: number;
  readonly costAmount: number;
  readonly currency: string;
  readonly sendAt: Date | null;
  readonly carrierMessageId: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly sentAt: Date | null;
  /** The local hours ('HH:MM') the message may reach the recipient in, on the clock of `sendWindowTimeZone`. */
  readonly sendWindowStart: string | null;
  readonly sendWindowEnd: string | null;
  readonly sendWindowTimeZone: string | null;
  /** The media of an MMS in order, with each one's type and size at the same index; empty for an SMS. */
  readonly mediaIds: string[];
  readonly mediaContentTypes: string[];
  readonly mediaSizeBytes: number[];
  /** Where the carrier downloads each media item. */
  readonly mediaUrls: string[];
  /** The recurring message this is an occurrence of. */
  readonly recurringMessageId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

type OptionalColumns =
  | 'sendWindowStart'
  | 'sendWindowEnd'
  | 'sendWindowTimeZone'
  | 'mediaIds'
  | 'mediaContentTypes'
  | 'mediaSizeBytes'
  | 'mediaUrls'
  | 'recurringMessageId';

export type NewMessage = Omit<
  MessageRecord,
  'carrierMessageId' | 'errorCode' | 'errorMessage' | 'sentAt' | 'updatedAt' | OptionalColumns
> &
  Partial<Pick<MessageRecord, OptionalColumns>>;

/** A number of the account that may send: what the send rules need to know about it. */
export interface SenderNumber {
  readonly id: string;
  readonly phoneNumber: string;
  readonly country: string;
  readonly type: 'local' | 'toll_free' | 'mobile';
  readonly capabilities: readonly string[];
}

export interface MessageFilter {
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  /** Digits either party's number contains. */
  readonly number?: string;
  readonly direction?: MessageDirection;
  readonly status?: MessageStatus;
  /** Words the text contains, case-insensitive. */
  readonly q?: string;
  readonly conversationId?: string;
  /** Only messages of these numbers; undefined means every number of the account. */
  readonly numberIds?: ReadonlySet<string>;
}

/** A message found by a sweep across accounts. */
export interface MessageReference {
  readonly accountId: string;
  readonly id: string;
  readonly sendAt: Date | null;
}

const columns = {
  id: true,
  accountId: true,
  numberId: true,
  conversationId: true,
  direction: true,
  from: true,
  to: true,
  text: true,
  status: true,
  encoding: true,
  segments: true,
  costAmount: true,
  currency: true,
  sendAt: true,
  carrierMessageId: true,
  errorCode: true,
  errorMessage: true,
  sentAt: true,
  sendWindowStart: true,
  sendWindowEnd: true,
  sendWindowTimeZone: true,
  mediaIds: true,
  mediaContentTypes: true,
  mediaSizeBytes: true,
  mediaUrls: true,
  recurringMessageId: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.MessageSelect;

function filterWhere(filter: MessageFilter): Prisma.MessageWhereInput {
  const and: Prisma.MessageWhereInput[] = [];
  if (filter.createdAfter || filter.createdBefore) {
    and.push({ createdAt: { gte: filter.createdAfter, lt: filter.createdBefore } });
  }
  if (filter.number) {
    and.push({ OR: [{ from: { contains: filter.number } }, { to: { contains: filter.number } }] });
  }
  if (filter.direction) and.push({ direction: filter.direction });
  if (filter.status) and.push({ status: filter.status });
  if (filter.q) and.push({ text: { contains: filter.q, mode: 'insensitive' } });
  if (filter.conversationId) and.push({ conversationId: filter.conversationId });
  if (filter.numberIds) and.push({ numberId: { in: [...filter.numberIds] } });
  return { AND: and };
}

@Injectable()
export class MessageRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** An active number of the account with that E.164 number; `numberIds` narrows it to the numbers one may use. */
  async findSender(
    accountId: string,
    phoneNumber: string,
    numberIds?: ReadonlySet<string>,
  ): Promise<SenderNumber | null> {
    return this.database.client.phoneNumber.findFirst({
      where: {
        accountId,
        phoneNumber,
        status: 'active',
        ...(numberIds && { id: { in: [...numberIds] } }),
      },
      select: { id: true, phoneNumber: true, country: true, type: true, capabilities: true },
    });
  }

  /** The zone the account keeps its hours in: where a recipient's own zone is unknown, the best guess left. */
  async accountTimeZone(accountId: string): Promise<string> {
    const { timezone } = await this.database.client.account.findUniqueOrThrow({
      where: { id: accountId },
      select: { timezone: true },
    });
    return timezone;
  }

  async insert(message: NewMessage): Promise<MessageRecord> {
    return this.database.client.message.create({ data: message, select: columns });
  }

  async find(accountId: string, id: string, numberIds?: ReadonlySet<string>): Promise<MessageRecord | null> {
    return this.database.client.message.findFirst({
      where: { id, accountId, ...(numberIds && { numberId: { in: [...numberIds] } }) },
      select: columns,
    });
  }

  async list(accountId: string, page: PageRequest, filter: MessageFilter): Promise<Page<MessageRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.message.findMany({
      ...rest,
      where: { ...where, accountId, ...filterWhere(filter) },
      select: columns,
    });
    return pageFromRows(rows, page);
  }

  /**
   * Claims a due message for one submission: a queued or due scheduled message, or one left in `sending` by a
   * worker whose lease ran out. Null when the message is not there to claim (sent, canceled, claimed by another).
   */
  async claim(
    accountId: string,
    id: string,
    lease: { readonly owner: string; readonly now: Date; readonly expiresAt: Date },
  ): Promise<MessageRecord | null> {
    const { count } = await this.database.client.message.updateMany({
      where: {
        id,
        accountId,
        OR: [
          { status: 'queued' },
          { status: 'scheduled', sendAt: { lte: lease.now } },
          { status: 'sending', leaseExpiresAt: { lt: lease.now } },
        ],
      },
      data: { status: 'sending', leaseOwner: lease.owner, leaseExpiresAt: lease.expiresAt },
    });
    return count === 1 ? this.find(accountId, id) : null;
  }

  /** Ends a lease with an outcome; false when the lease was lost to another worker meanwhile. */
  async settle(
    accountId: string,
    id: string,
    leaseOwner: string,
    outcome: Prisma.MessageUpdateManyMutationInput,
  ): Promise<boolean> {
    const { count } = await this.database.client.message.updateMany({
      where: { id, accountId, status: 'sending', leaseOwner },
      data: { ...outcome, leaseOwner: null, leaseExpiresAt: null },
    });
    return count === 1;
  }

  /** Moves the message to `to` only while it is in one of `from`; false when it was not. */
  async transition(
    accountId: string,
    id: string,
    from: readonly MessageStatus[],
    to: MessageStatus,
  ): Promise<boolean> {
    const { count } = await this.database.client.message.updateMany({
      where: { id, accountId, status: { in: [...from] } },
      data: { status: to },
    });
    return count === 1;
  }

  /** Moves a message that is still scheduled to another time; false when it is no longer scheduled. */
  async reschedule(accountId: string, id: string, sendAt: Date): Promise<boolean> {
    const { count } = await this.database.client.message.updateMany({
      where: { id, accountId, status: 'scheduled' },
      data: { sendAt },
    });
    return count === 1;
  }

  /** Cancels every outbound message to the recipient nobody has handed to the carrier yet; returns them. */
  async cancelPendingTo(accountId: string, to: string): Promise<MessageRecord[]> {
    return this.database.client.message.updateManyAndReturn({
      where: { accountId, to, direction: 'outbound', status: { in: ['scheduled', 'queued'] } },
      data: { status: 'canceled', errorCode: 'recipient_opted_out' },
      select: columns,
    });
  }

  /** Cancels the occurrences of a recurring message nobody has handed to the carrier yet; returns them. */
  async cancelPendingOfRecurring(accountId: string, recurringMessageId: string): Promise<MessageRecord[]> {
    return this.database.client.message.updateManyAndReturn({
      where: { accountId, recurringMessageId, status: { in: ['scheduled', 'queued'] } },
      data: { status: 'canceled' },
      select: columns,
    });
  }

  /** How many occurrences of each recurring message are in each status. */
  async occurrenceCounts(
    accountId: string,
    recurringMessageIds: readonly string[],
  ): Promise<Map<string, Partial<Record<MessageStatus, number>>>> {
    const groups = await this.database.client.message.groupBy({
      by: ['recurringMessageId', 'status'],
      where: { accountId, recurringMessageId: { in: [...recurringMessageIds] } },
      _count: { _all: true },
    });
    const counts = new Map<string, Partial<Record<MessageStatus, number>>>();
    for (const group of groups) {
      if (group.recurringMessageId === null) continue;
      const byStatus = counts.get(group.recurringMessageId) ?? {};
      byStatus[group.status] = group._count._all;
      counts.set(group.recurringMessageId, byStatus);
    }
    return counts;
  }

  /** When the next occurrence of each recurring message is due; absent for one with none scheduled. */
  async nextOccurrences(
    accountId: string,
    recurringMessageIds: readonly string[],
  ): Promise<Map<string, Date>> {
    const groups = await this.database.client.message.groupBy({
      by: ['recurringMessageId'],
      where: { accountId, recurringMessageId: { in: [...recurringMessageIds] }, status: 'scheduled' },
      _min: { sendAt: true },
    });
    return new Map(
      groups.flatMap((group) =>
        group.recurringMessageId !== null && group._min.sendAt !== null
          ? [[group.recurringMessageId, group._min.sendAt] as const]
          : [],
      ),
    );
  }

  /** Records a carrier callback by its event id; false when it was recorded before (a redelivery). */
  async recordCarrierEvent(carrier: string, eventId: string, receivedAt: Date): Promise<boolean> {
    try {
      await this.database.client.carrierWebhookEvent.create({ data: { carrier, eventId, receivedAt } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * The outbound message a carrier callback is about, found by our reference (the message id) or the carrier's
   * id: a carrier names no account, so this looks across accounts.
   */
  async locateOutbound(lookup: {
    readonly reference?: string;
    readonly carrierMessageId: string;
  }): Promise<{ readonly accountId: string; readonly id: string } | null> {
    return this.database.client.message.findFirst({
      where: {
        direction: 'outbound',
        OR: [
          ...(lookup.reference === undefined ? [] : [{ id: lookup.reference }]),
          { carrierMessageId: lookup.carrierMessageId },
        ],
      },
      select: { accountId: true, id: true },
    });
  }

  /** The account number an inbound message arrived on, across accounts: the carrier names only the number. */
  async findReceivingNumber(
    phoneNumber: string,
  ): Promise<(SenderNumber & { readonly accountId: string }) | null> {
    return this.database.client.phoneNumber.findFirst({
      where: { phoneNumber, status: 'active' },
      select: { id: true, accountId: true, phoneNumber: true, country: true, type: true, capabilities: true },
    });
  }

  /** Applies a carrier's report while the message is still in `expected`; false when it changed meanwhile. */
  async applyCarrierStatus(
    accountId: string,
    id: string,
    expected: MessageStatus,
    report: {
      readonly status: MessageStatus;
      readonly carrierMessageId: string;
      readonly errorCode?: string;
      readonly sentAt?: Date;
    },
  ): Promise<boolean> {
    const { count } = await this.database.client.message.updateMany({
      where: { id, accountId, status: expected },
      data: {
        status: report.status,
        carrierMessageId: report.carrierMessageId,
        leaseOwner: null,
        leaseExpiresAt: null,
        ...(report.errorCode !== undefined && { errorCode: report.errorCode }),
        ...(report.sentAt !== undefined && { sentAt: report.sentAt }),
      },
    });
    return count === 1;
  }

  /** Outbound messages that are or will soon be due, and abandoned claims: what dispatch jobs must exist for. */
  async dueBy(
    until: Date,
    now: Date,
    page: { readonly afterId?: string; readonly limit: number },
  ): Promise<MessageReference[]> {
    return this.database.root.message.findMany({
      where: {
        ...(page.afterId !== undefined && { id: { gt: page.afterId } }),
        OR: [
          { status: 'queued' },
          { status: 'scheduled', sendAt: { lte: until } },
          { status: 'sending', leaseExpiresAt: { lt: now } },
        ],
      },
      select: { accountId: true, id: true, sendAt: true },
      orderBy: { id: 'asc' },
      take: page.limit,
    });
  }
}
