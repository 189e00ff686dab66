import { Inject, Injectable } from '@nestjs/common';
import { newId } from '@switchyard/contracts';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database, Prisma } from '@switchyard/prisma';
import { type MessageStatus } from '../domain';
import { type NewMessage } from './message.repository';

export type CampaignStatus = 'draft' | 'running' | 'paused' | 'completed' | 'canceled';
export type EnrollmentStatus = 'active' | 'completed' | 'replied' | 'opted_out' | 'skipped' | 'canceled';

/** A step as stored: the domain's CampaignStep with its fixed time as an ISO string. */
export interface StoredCampaignStep {
  readonly template: string;
  readonly timing:
    | {
        readonly type: 'delay';
        readonly amount: number;
        readonly unit: 'seconds' | 'minutes' | 'hours' | 'days';
      }
    | { readonly type: 'at'; readonly at: string };
  readonly sendWindow?: { readonly startLocal: string; readonly endLocal: string };
}

export interface CampaignRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly status: CampaignStatus;
  readonly steps: readonly StoredCampaignStep[];
  readonly senderType: 'number' | 'pool';
  readonly senderNumbers: readonly string[];
  readonly audienceTags: readonly string[];
  readonly audienceContactIds: readonly string[];
  readonly sendWindowStart: string | null;
  readonly sendWindowEnd: string | null;
  readonly timeZone: string;
  readonly stopOnReply: boolean;
  readonly enrollmentCursor: string | null;
  readonly enrolledAt: Date | null;
  readonly startedAt: Date | null;
  readonly pausedAt: Date | null;
  readonly endedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewCampaign = Omit<
  CampaignRecord,
  'enrollmentCursor' | 'enrolledAt' | 'startedAt' | 'pausedAt' | 'endedAt' | 'updatedAt'
>;

export type CampaignDefinitionChanges = Partial<
  Pick<
    CampaignRecord,
    | 'name'
    | 'steps'
    | 'senderType'
    | 'senderNumbers'
    | 'audienceTags'
    | 'audienceContactIds'
    | 'sendWindowStart'
    | 'sendWindowEnd'
    | 'timeZone'
    | 'stopOnReply'
  >
>;

export type CampaignLifecycleChanges = Partial<
  Pick<CampaignRecord, 'status' | 'enrolledAt' | 'startedAt' | 'pausedAt' | 'endedAt'>
>;

export interface NewEnrollment {
  readonly campaignId: string;
  readonly contactId: string;
  readonly accountId: string;
  readonly phoneNumber: string;
  readonly senderNumber: string;
  readonly status: EnrollmentStatus;
  readonly skipReason: string | null;
  readonly createdAt: Date;
}

/** A Message row to create for a step, with the link back to the campaign. */
export interface NewCampaignMessage {
  readonly message: Omit<NewMessage, 'conversationId' | 'media'>;
  readonly contactId: string;
  readonly stepIndex: number;
}

/** An enrollment that is still going, with where it stands. */
export interface ActiveEnrollment {
  readonly campaignId: string;
  readonly contactId: string;
  readonly phoneNumber: string;
  readonly senderNumber: string;
  readonly stopOnReply: boolean;
  /** The highest step a message was planned for and not withdrawn by a pause; null before the first. */
  readonly lastPlannedStep: number | null;
  /** The highest step whose message reached the carrier; null when none has. */
  readonly lastSentStep: number | null;
}

/** How many of a step's messages are in each status. */
export interface StepStatusCount {
  readonly stepIndex: number;
  readonly status: MessageStatus;
  readonly count: number;
}

export interface StepExitCount {
  readonly stepIndex: number;
  readonly status: 'replied' | 'opted_out';
  readonly count: number;
}

const columns = {
  id: true,
  accountId: true,
  name: true,
  status: true,
  steps: true,
  senderType: true,
  senderNumbers: true,
  audienceTags: true,
  audienceContactIds: true,
  sendWindowStart: true,
  sendWindowEnd: true,
  timeZone: true,
  stopOnReply: true,
  enrollmentCursor: true,
  enrolledAt: true,
  startedAt: true,
  pausedAt: true,
  endedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.CampaignSelect;

type CampaignRow = Prisma.CampaignGetPayload<{ select: typeof columns }>;

function toRecord(row: CampaignRow): CampaignRecord {
  return { ...row, steps: row.steps as unknown as StoredCampaignStep[] };
}

function definitionData(changes: CampaignDefinitionChanges): Prisma.CampaignUpdateManyMutationInput {
  const { steps, senderNumbers, audienceTags, audienceContactIds, ...rest } = changes;
  return {
    ...rest,
    ...(steps !== undefined && { steps: steps as unknown as Prisma.InputJsonValue }),
    ...(senderNumbers !== undefined && { senderNumbers: [...senderNumbers] }),
    ...(audienceTags !== undefined && { audienceTags: [...audienceTags] }),
    ...(audienceContactIds !== undefined && { audienceContactIds: [...audienceContactIds] }),
  };
}

/** The error code of messages a pause withdrew; resuming plans their steps again. */
export const CAMPAIGN_PAUSED = 'campaign_paused';

/** Statuses of a message nobody has handed to the carrier yet: what canceling a campaign withdraws. */
const PENDING_STATUSES = ['scheduled', 'queued'] as const;

@Injectable()
export class CampaignRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async insert(campaign: NewCampaign): Promise<CampaignRecord> {
    const row = await this.database.client.campaign.create({
      data: { ...campaign, ...definitionData(campaign) } as Prisma.CampaignUncheckedCreateInput,
      select: columns,
    });
    return toRecord(row);
  }

  async find(accountId: string, id: string): Promise<CampaignRecord | null> {
    const row = await this.database.client.campaign.findFirst({ where: { id, accountId }, select: columns });
    return row && toRecord(row);
  }

  /** The campaign, locked for the rest of the transaction so that enrollment chunks never run side by side. */
  async lock(accountId: string, id: string): Promise<CampaignRecord | null> {
    await this.database.client.$queryRaw`SELECT 1 FROM "Campaign" WHERE "id" = ${id} FOR UPDATE`;
    return this.find(accountId, id);
  }

  async list(accountId: string, page: PageRequest, status?: CampaignStatus): Promise<Page<CampaignRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.campaign.findMany({
      ...rest,
      where: { ...where, accountId, ...(status !== undefined && { status }) },
      select: columns,
    });
    return pageFromRows(rows.map(toRecord), page);
  }

  /** Changes a draft's definition; false when the campaign is no draft (any more). */
  async updateDraft(accountId: string, id: string, changes: CampaignDefinitionChanges): Promise<boolean> {
    const { count } = await this.database.client.campaign.updateMany({
      where: { id, accountId, status: 'draft' },
      data: definitionData(changes),
    });
    return count === 1;
  }

  async deleteDraft(accountId: string, id: string): Promise<boolean> {
    const { count } = await this.database.client.campaign.deleteMany({
      where: { id, accountId, status: 'draft' },
    });
    return count === 1;
  }

  /** Applies a lifecycle change only while the campaign is in one of `from`; false when it was not. */
  async transition(
    accountId: string,
    id: string,
    from: readonly CampaignStatus[],
    changes: CampaignLifecycleChanges,
  ): Promise<boolean> {
    const { count } = await this.database.client.campaign.updateMany({
      where: { id, accountId, status: { in: [...from] } },
      data: changes,
    });
    return count === 1;
  }

  async setEnrollmentCursor(id: string, cursor: string): Promise<void> {
    await this.database.client.campaign.update({ where: { id }, data: { enrollmentCursor: cursor } });
  }

  /** Records enrollments, leaving out contacts enrolled before; returns the contact ids it recorded. */
  async insertEnrollments(enrollments: readonly NewEnrollment[]): Promise<Set<string>> {
    if (enrollments.length === 0) return new Set();
    const column = <Value>(value: (enrollment: NewEnrollment) => Value) => enrollments.map(value);
    const inserted = await this.database.client.$queryRaw<{ contactId: string }[]>`
      INSERT INTO "CampaignEnrollment" ("campaignId", "contactId", "accountId", "phoneNumber", "senderNumber",
        "status", "skipReason", "createdAt")
      SELECT "campaignId", "contactId", "accountId", "phoneNumber", "senderNumber",
        status::"CampaignEnrollmentStatus", "skipReason", "createdAt"
      FROM unnest(
        ${column((enrollment) => enrollment.campaignId)}::text[],
        ${column((enrollment) => enrollment.contactId)}::text[],
        ${column((enrollment) => enrollment.accountId)}::text[],
        ${column((enrollment) => enrollment.phoneNumber)}::text[],
        ${column((enrollment) => enrollment.senderNumber)}::text[],
        ${column((enrollment) => enrollment.status)}::text[],
        ${column((enrollment) => enrollment.skipReason)}::text[],
        ${column((enrollment) => enrollment.createdAt.toISOString())}::timestamptz[]
      ) AS t("campaignId", "contactId", "accountId", "phoneNumber", "senderNumber", status, "skipReason",
        "createdAt")
      ON CONFLICT DO NOTHING
      RETURNING "contactId"`;
    return new Set(inserted.map((row) => row.contactId));
  }

  /**
   * Creates the messages with their conversations and campaign links, in multi-row statements. The caller runs
   * it in a transaction with the enrollments.
   */
  async insertMessages(campaignId: string, messages: readonly NewCampaignMessage[], at: Date): Promise<void> {
    if (messages.length === 0) return;
    const conversations = await this.touchConversations(messages, at);
    const rows = messages.map(({ message }) => message);
    const column = <Value>(value: (message: (typeof rows)[number]) => Value) => rows.map(value);
    // One array per column: a handful of parameters however many rows, which Postgres binds far faster.
    await this.database.client.$executeRaw`
      INSERT INTO "Message" ("id", "accountId", "numberId", "conversationId", "direction", "from", "to", "text",
        "status", "encoding", "segments", "costAmount", "currency", "sendAt", "sendWindowStart", "sendWindowEnd",
        "sendWindowTimeZone", "createdAt", "updatedAt")
      SELECT id, "accountId", "numberId", "conversationId", direction::"MessageDirection", "from", "to", "text",
        status::"MessageStatus", encoding::"SmsEncoding", segments, "costAmount", currency, "sendAt",
        "sendWindowStart", "sendWindowEnd", "sendWindowTimeZone", ${at}, ${at}
      FROM unnest(
        ${column((message) => message.id)}::text[], ${column((message) => message.accountId)}::text[],
        ${column((message) => message.numberId)}::text[],
        ${column((message) => conversations.get(conversationKey(message.numberId, message.to))!)}::text[],
        ${column((message) => message.direction)}::text[], ${column((message) => message.from)}::text[],
        ${column((message) => message.to)}::text[], ${column((message) => message.text)}::text[],
        ${column((message) => message.status)}::text[], ${column((message) => message.encoding)}::text[],
        ${column((message) => message.segments)}::int[], ${column((message) => message.costAmount)}::int[],
        ${column((message) => message.currency)}::text[], ${column((message) => message.sendAt?.toISOString() ?? null)}::timestamptz[],
        ${column((message) => message.sendWindowStart ?? null)}::text[],
        ${column((message) => message.sendWindowEnd ?? null)}::text[],
        ${column((message) => message.sendWindowTimeZone ?? null)}::text[]
      ) AS t(id, "accountId", "numberId", "conversationId", direction, "from", "to", "text", status, encoding,
        segments, "costAmount", currency, "sendAt", "sendWindowStart", "sendWindowEnd", "sendWindowTimeZone")`;
    await this.database.client.$executeRaw`
      INSERT INTO "CampaignMessage" ("messageId", "accountId", "campaignId", "contactId", "stepIndex")
      SELECT "messageId", "accountId", ${campaignId}, "contactId", "stepIndex"
      FROM unnest(
        ${messages.map(({ message }) => message.id)}::text[],
        ${messages.map(({ message }) => message.accountId)}::text[],
        ${messages.map(({ contactId }) => contactId)}::text[],
        ${messages.map(({ stepIndex }) => stepIndex)}::int[]
      ) AS t("messageId", "accountId", "contactId", "stepIndex")`;
  }

  /**
   * Cancels the campaign's messages nobody has handed to the carrier yet, all of them or one contact's, and
   * returns their ids.
   */
  async cancelPending(
    accountId: string,
    campaignId: string,
    errorCode: string,
    contactId?: string,
  ): Promise<string[]> {
    const rows = await this.database.client.$queryRaw<{ id: string }[]>`
      UPDATE "Message" AS m SET "status" = 'canceled', "errorCode" = ${errorCode}, "updatedAt" = now()
      FROM "CampaignMessage" AS c
      WHERE c."messageId" = m."id" AND c."campaignId" = ${campaignId} AND c."accountId" = ${accountId}
        AND m."accountId" = ${accountId}
        AND m."status" IN (${Prisma.join(PENDING_STATUSES.map((status) => Prisma.sql`${status}::"MessageStatus"`))})
        ${contactId === undefined ? Prisma.empty : Prisma.sql`AND c."contactId" = ${contactId}`}
      RETURNING m."id"`;
    return rows.map((row) => row.id);
  }

  /** Which of the numbers opted out of the account's messages. */
  async optedOutAmong(accountId: string, phoneNumbers: readonly string[]): Promise<Set<string>> {
    const rows = await this.database.client.optOut.findMany({
      where: { accountId, phoneNumber: { in: [...phoneNumbers] } },
      select: { phoneNumber: true },
    });
    return new Set(rows.map((row) => row.phoneNumber));
  }

  /** Ends every enrollment of the campaign that is still going. */
  async endActiveEnrollments(
    accountId: string,
    campaignId: string,
    status: 'completed' | 'canceled',
    at: Date,
  ): Promise<void> {
    await this.database.client.campaignEnrollment.updateMany({
      where: { accountId, campaignId, status: 'active' },
      data: { status, exitedAt: at },
    });
  }

  /** Ends one enrollment early; false when it had ended already. */
  async exitEnrollment(
    accountId: string,
    campaignId: string,
    contactId: string,
    exit: { readonly status: 'replied' | 'opted_out'; readonly exitStep: number | null; readonly at: Date },
  ): Promise<boolean> {
    const { count } = await this.database.client.campaignEnrollment.updateMany({
      where: { accountId, campaignId, contactId, status: 'active' },
      data: { status: exit.status, exitStep: exit.exitStep, exitedAt: exit.at },
    });
    return count === 1;
  }

  /** The recipient's enrollments still going, in campaigns that run or are paused. */
  async activeEnrollmentsOf(accountId: string, phoneNumber: string): Promise<ActiveEnrollment[]> {
    return this.database.client.$queryRaw<ActiveEnrollment[]>`
      SELECT e."campaignId", e."contactId", e."phoneNumber", e."senderNumber", c."stopOnReply",
        ${progressColumns}
      FROM "CampaignEnrollment" AS e
      JOIN "Campaign" AS c ON c."id" = e."campaignId"
      WHERE e."accountId" = ${accountId} AND e."phoneNumber" = ${phoneNumber} AND e."status" = 'active'
        AND c."status" IN ('running', 'paused')`;
  }

  /** A page of the campaign's enrollments still going, in contact id order. */
  async activeEnrollmentsPage(
    accountId: string,
    campaignId: string,
    page: { readonly afterContactId: string | null; readonly limit: number },
  ): Promise<(ActiveEnrollment & { readonly timeZone: string | null })[]> {
    return this.database.client.$queryRaw`
      SELECT e."campaignId", e."contactId", e."phoneNumber", e."senderNumber", c."stopOnReply",
        ct."timeZone", ${progressColumns}
      FROM "CampaignEnrollment" AS e
      JOIN "Campaign" AS c ON c."id" = e."campaignId"
      LEFT JOIN "Contact" AS ct ON ct."id" = e."contactId"
      WHERE e."accountId" = ${accountId} AND e."campaignId" = ${campaignId} AND e."status" = 'active'
        ${page.afterContactId === null ? Prisma.empty : Prisma.sql`AND e."contactId" > ${page.afterContactId}`}
      ORDER BY e."contactId"
      LIMIT ${page.limit}`;
  }

  /** Running campaigns whose enrollment has not finished, across accounts: what the reconciler resumes. */
  async enrollingCampaigns(): Promise<
    { readonly accountId: string; readonly id: string; readonly enrollmentCursor: string | null }[]
  > {
    return this.database.root.campaign.findMany({
      where: { status: 'running', enrolledAt: null },
      select: { accountId: true, id: true, enrollmentCursor: true },
    });
  }

  /**
   * Running, fully enrolled campaigns none of whose messages is still to be sent or in flight to the carrier,
   * across accounts: the ones to complete.
   */
  async finishedCampaigns(): Promise<{ readonly accountId: string; readonly id: string }[]> {
    return this.database.root.$queryRaw`
      SELECT c."accountId", c."id" FROM "Campaign" AS c
      WHERE c."status" = 'running' AND c."enrolledAt" IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM "CampaignMessage" AS cm JOIN "Message" AS m ON m."id" = cm."messageId"
          WHERE cm."campaignId" = c."id" AND m."status" IN ('scheduled', 'queued', 'sending')
        )`;
  }

  async stepStatusCounts(accountId: string, campaignId: string): Promise<StepStatusCount[]> {
    const rows = await this.database.client.$queryRaw<
      { stepIndex: number; status: MessageStatus; count: bigint }[]
    >`
      SELECT cm."stepIndex", m."status", count(*) AS "count"
      FROM "CampaignMessage" AS cm JOIN "Message" AS m ON m."id" = cm."messageId"
      WHERE cm."accountId" = ${accountId} AND cm."campaignId" = ${campaignId}
      GROUP BY 1, 2`;
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  async stepExitCounts(accountId: string, campaignId: string): Promise<StepExitCount[]> {
    const rows = await this.database.client.campaignEnrollment.groupBy({
      by: ['exitStep', 'status'],
      where: { accountId, campaignId, status: { in: ['replied', 'opted_out'] }, exitStep: { not: null } },
      _count: { _all: true },
    });
    return rows.map((row) => ({
      stepIndex: row.exitStep!,
      status: row.status as 'replied' | 'opted_out',
      count: row._count._all,
    }));
  }

  /**
   * The conversation of each (number, recipient) pair, created on first use, in one statement; returns ids by
   * {@link conversationKey}.
   */
  private async touchConversations(
    messages: readonly NewCampaignMessage[],
    at: Date,
  ): Promise<Map<string, string>> {
    const pairs = new Map<string, NewCampaignMessage['message']>();
    for (const { message } of messages) pairs.set(conversationKey(message.numberId, message.to), message);
    const firsts = [...pairs.values()];
    const conversations = await this.database.client.$queryRaw<
      { id: string; numberId: string; remoteNumber: string }[]
    >`
      INSERT INTO "Conversation" ("id", "accountId", "numberId", "remoteNumber", "unreadCount", "muted",
        "lastMessageAt", "createdAt", "updatedAt")
      SELECT id, "accountId", "numberId", "remoteNumber", 0, false, ${at}, ${at}, ${at}
      FROM unnest(
        ${firsts.map(() => newId('conversation', at.getTime()))}::text[],
        ${firsts.map((message) => message.accountId)}::text[],
        ${firsts.map((message) => message.numberId)}::text[],
        ${firsts.map((message) => message.to)}::text[]
      ) AS t(id, "accountId", "numberId", "remoteNumber")
      ON CONFLICT ("accountId", "numberId", "remoteNumber") DO UPDATE
        SET "lastMessageAt" = GREATEST("Conversation"."lastMessageAt", EXCLUDED."lastMessageAt")
      RETURNING "id", "numberId", "remoteNumber"`;
    return new Map(conversations.map((row) => [conversationKey(row.numberId, row.remoteNumber), row.id]));
  }
}

function conversationKey(numberId: string, remoteNumber: string): string {
  return `${numberId}\u0000${remoteNumber}`;
}

/** Where an enrollment stands: its last planned step (ignoring messages a pause withdrew) and last sent one. */
const progressColumns = Prisma.sql`
  (SELECT max(cm."stepIndex") FROM "CampaignMessage" AS cm JOIN "Message" AS m ON m."id" = cm."messageId"
    WHERE cm."campaignId" = e."campaignId" AND cm."contactId" = e."contactId"
      AND m."errorCode" IS DISTINCT FROM ${CAMPAIGN_PAUSED}) AS "lastPlannedStep",
  (SELECT max(cm."stepIndex") FROM "CampaignMessage" AS cm JOIN "Message" AS m ON m."id" = cm."messageId"
    WHERE cm."campaignId" = e."campaignId" AND cm."contactId" = e."contactId"
      AND m."status" IN ('sent', 'delivered', 'undelivered')) AS "lastSentStep"`;
