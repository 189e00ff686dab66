import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database, isUniqueViolation, Prisma } from '@switchyard/prisma';
import {
  HELD_NUMBER_STATUSES,
  LISTED_NUMBER_STATUSES,
  type NumberHandling,
  type NumberStatus,
  type NumberType,
} from '../domain';

export interface PhoneNumberRecord {
  readonly id: string;
  readonly accountId: string;
  readonly phoneNumber: string;
  readonly country: string;
  readonly type: NumberType;
  readonly region: string;
  readonly areaCode: string | null;
  readonly capabilities: readonly string[];
  readonly monthlyPriceAmount: number;
  readonly setupPriceAmount: number;
  readonly currency: string;
  readonly status: NumberStatus;
  readonly carrier: string;
  readonly carrierOrderId: string | null;
  readonly failureReason: string | null;
  readonly carrierCheckPending: boolean;
  readonly friendlyName: string | null;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly voice: NumberHandling | null;
  readonly messaging: NumberHandling | null;
  readonly orderedAt: Date;
  readonly purchasedAt: Date | null;
  readonly releaseAt: Date | null;
  readonly releasedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly sharedUserIds: readonly string[];
  readonly sharedTeamIds: readonly string[];
}

export type NewPhoneNumber = Omit<
  PhoneNumberRecord,
  | 'carrierOrderId'
  | 'failureReason'
  | 'carrierCheckPending'
  | 'description'
  | 'tags'
  | 'voice'
  | 'messaging'
  | 'purchasedAt'
  | 'releaseAt'
  | 'releasedAt'
  | 'updatedAt'
  | 'sharedUserIds'
  | 'sharedTeamIds'
>;

/** Columns a state change or an edit may set. */
export interface PhoneNumberChanges {
  readonly status?: NumberStatus;
  readonly carrierOrderId?: string | null;
  readonly failureReason?: string | null;
  readonly carrierCheckPending?: boolean;
  readonly friendlyName?: string | null;
  readonly description?: string | null;
  readonly tags?: readonly string[];
  readonly voice?: NumberHandling | null;
  readonly messaging?: NumberHandling | null;
  readonly orderedAt?: Date;
  readonly purchasedAt?: Date | null;
  readonly releaseAt?: Date | null;
  readonly releasedAt?: Date | null;
}

/** Which of the account's numbers a caller sees: all of them, or those shared with a user or their teams. */
export type NumberVisibility =
  | { readonly kind: 'all' }
  | { readonly kind: 'shared'; readonly userId: string; readonly teamIds: readonly string[] };

export interface PhoneNumberFilter {
  readonly country?: string;
  readonly type?: NumberType;
  readonly status?: NumberStatus;
  /** Shared with this user directly or with one of `sharedWithTeamIds`. */
  readonly sharedWithUserId?: string;
  readonly sharedWithTeamIds?: readonly string[];
  /** Digits the E.164 number contains. */
  readonly digits?: string;
}

/** A row found by a sweep across accounts; the sweeper handles it with its account id like any other caller. */
export interface NumberReference {
  readonly accountId: string;
  readonly id: string;
}

const withShares = {
  userShares: { select: { userId: true }, orderBy: { userId: 'asc' } },
  teamShares: { select: { teamId: true }, orderBy: { teamId: 'asc' } },
} as const satisfies Prisma.PhoneNumberInclude;

type PhoneNumberRow = Prisma.PhoneNumberGetPayload<{ include: typeof withShares }>;

function toRecord(row: PhoneNumberRow): PhoneNumberRecord {
  const { userShares, teamShares, voice, messaging, ...columns } = row;
  return {
    ...columns,
    voice: voice as NumberHandling | null,
    messaging: messaging as NumberHandling | null,
    sharedUserIds: userShares.map((share) => share.userId),
    sharedTeamIds: teamShares.map((share) => share.teamId),
  };
}

function json(value: NumberHandling | null | undefined) {
  if (value === undefined) return undefined;
  return value === null ? Prisma.DbNull : (value as unknown as Prisma.InputJsonObject);
}

function changesData(changes: PhoneNumberChanges): Prisma.PhoneNumberUpdateManyMutationInput {
  const { voice, messaging, tags, ...rest } = changes;
  return {
    ...rest,
    ...(tags !== undefined && { tags: [...tags] }),
    ...(voice !== undefined && { voice: json(voice) }),
    ...(messaging !== undefined && { messaging: json(messaging) }),
  };
}

function visibilityWhere(visibility: NumberVisibility): Prisma.PhoneNumberWhereInput {
  if (visibility.kind === 'all') return {};
  return sharedWith(visibility.userId, visibility.teamIds);
}

function sharedWith(userId: string | undefined, teamIds: readonly string[]): Prisma.PhoneNumberWhereInput {
  return {
    OR: [
      ...(userId === undefined ? [] : [{ userShares: { some: { userId } } }]),
      { teamShares: { some: { teamId: { in: [...teamIds] } } } },
    ],
  };
}

@Injectable()
export class PhoneNumberRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Inserts a row that holds its number; null when another row, of any account, holds it already. */
  async insertHeld(number: NewPhoneNumber): Promise<PhoneNumberRecord | null> {
    try {
      const row = await this.database.client.phoneNumber.create({
        data: { ...number, capabilities: [...number.capabilities], tags: [] },
        include: withShares,
      });
      return toRecord(row);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async find(
    accountId: string,
    numberId: string,
    visibility: NumberVisibility = { kind: 'all' },
  ): Promise<PhoneNumberRecord | null> {
    const row = await this.database.client.phoneNumber.findFirst({
      where: { id: numberId, accountId, ...visibilityWhere(visibility) },
      include: withShares,
    });
    return row ? toRecord(row) : null;
  }

  async list(
    accountId: string,
    page: PageRequest,
    filter: PhoneNumberFilter,
    visibility: NumberVisibility,
  ): Promise<Page<PhoneNumberRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const shared =
      filter.sharedWithUserId === undefined && filter.sharedWithTeamIds === undefined
        ? {}
        : sharedWith(filter.sharedWithUserId, filter.sharedWithTeamIds ?? []);
    const rows = await this.database.client.phoneNumber.findMany({
      ...rest,
      where: {
        AND: [
          where,
          { accountId },
          filter.status === undefined
            ? { status: { in: [...LISTED_NUMBER_STATUSES] } }
            : { status: filter.status },
          filter.country === undefined ? {} : { country: filter.country },
          filter.type === undefined ? {} : { type: filter.type },
          filter.digits === undefined ? {} : { phoneNumber: { contains: filter.digits } },
          shared,
          visibilityWhere(visibility),
        ],
      },
      include: withShares,
    });
    return pageFromRows(rows.map(toRecord), page);
  }

  /**
   * Applies the changes only while the row is in one of `from`; false when it was not (someone else moved it first),
   * which makes every state change safe to race and to repeat.
   */
  async transition(
    accountId: string,
    numberId: string,
    from: readonly NumberStatus[],
    changes: PhoneNumberChanges,
  ): Promise<boolean> {
    const { count } = await this.database.client.phoneNumber.updateMany({
      where: { id: numberId, accountId, status: { in: [...from] } },
      data: changesData(changes),
    });
    return count === 1;
  }

  async update(accountId: string, numberId: string, changes: PhoneNumberChanges): Promise<void> {
    await this.database.client.phoneNumber.updateMany({
      where: { id: numberId, accountId },
      data: changesData(changes),
    });
  }

  async addShares(
    accountId: string,
    numberId: string,
    shares: { userIds: readonly string[]; teamIds: readonly string[] },
    at: Date,
  ): Promise<void> {
    await this.database.client.phoneNumberUserShare.createMany({
      data: shares.userIds.map((userId) => ({ accountId, numberId, userId, createdAt: at })),
      skipDuplicates: true,
    });
    await this.database.client.phoneNumberTeamShare.createMany({
      data: shares.teamIds.map((teamId) => ({ accountId, numberId, teamId, createdAt: at })),
      skipDuplicates: true,
    });
  }

  async removeUserShare(accountId: string, numberId: string, userId: string): Promise<void> {
    await this.database.client.phoneNumberUserShare.deleteMany({ where: { accountId, numberId, userId } });
  }

  async removeTeamShare(accountId: string, numberId: string, teamId: string): Promise<void> {
    await this.database.client.phoneNumberTeamShare.deleteMany({ where: { accountId, numberId, teamId } });
  }

  /** The numbers a user may use: shared with them or with one of their teams. */
  async sharedNumbersOf(
    accountId: string,
    userId: string,
    teamIds: readonly string[],
  ): Promise<{ id: string; phoneNumber: string }[]> {
    return this.database.client.phoneNumber.findMany({
      where: { accountId, ...sharedWith(userId, teamIds) },
      select: { id: true, phoneNumber: true },
    });
  }

  /** The account's numbers waiting for documents of a country and type. */
  async waitingForDocuments(accountId: string, country: string, type: NumberType): Promise<string[]> {
    const rows = await this.database.client.phoneNumber.findMany({
      where: { accountId, country, type, status: 'pending_documents' },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => row.id);
  }

  // Sweeps across accounts. The carrier's catalog and the background jobs see every account at once; each row found
  // is then handled through the account-scoped methods above.

  /** Which of these E.164 numbers some row holds, in any account. */
  async heldAmong(phoneNumbers: readonly string[]): Promise<ReadonlySet<string>> {
    const rows = await this.database.client.phoneNumber.findMany({
      where: { phoneNumber: { in: [...phoneNumbers] }, status: { in: [...HELD_NUMBER_STATUSES] } },
      select: { phoneNumber: true },
    });
    return new Set(rows.map((row) => row.phoneNumber));
  }

  /** Orders placed before `before` without a recorded outcome, and failed orders the carrier never confirmed. */
  async ordersToReconcile(before: Date, limit: number): Promise<NumberReference[]> {
    return this.database.client.phoneNumber.findMany({
      where: {
        OR: [
          { status: 'ordering', orderedAt: { lt: before } },
          { status: 'failed', carrierCheckPending: true },
        ],
      },
      select: { accountId: true, id: true },
      orderBy: { orderedAt: 'asc' },
      take: limit,
    });
  }

  async allWaitingForDocuments(limit: number): Promise<NumberReference[]> {
    return this.database.client.phoneNumber.findMany({
      where: { status: 'pending_documents' },
      select: { accountId: true, id: true },
      orderBy: { orderedAt: 'asc' },
      take: limit,
    });
  }

  async dueForRelease(now: Date, limit: number): Promise<NumberReference[]> {
    return this.database.client.phoneNumber.findMany({
      where: { status: 'releasing', releaseAt: { lte: now } },
      select: { accountId: true, id: true },
      orderBy: { releaseAt: 'asc' },
      take: limit,
    });
  }
}
