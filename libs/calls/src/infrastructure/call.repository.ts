import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database, Prisma } from '@switchyard/prisma';
import { type CallDirection, type CallStatus, liveCallStatuses, type StatusChange } from '../domain';

export type LegRole = 'caller' | 'callee';
export type HangupSource = 'caller' | 'callee' | 'api' | 'system' | 'timeout';

export interface CallLegRow {
  readonly id: string;
  readonly callId: string;
  readonly accountId: string;
  readonly role: LegRole;
  readonly sipCallId: string;
  readonly from: string;
  readonly to: string;
  readonly target: string;
  readonly deviceId: string | null;
  readonly status: CallStatus;
  readonly sipStatus: number | null;
  readonly sipReason: string | null;
  readonly startedAt: Date;
  readonly answeredAt: Date | null;
  readonly endedAt: Date | null;
}

/** A node an inbound call went through, and the exit it left by (null where the call ended there). */
export interface FlowPathStep {
  readonly nodeId: string;
  readonly kind: string;
  readonly exit: string | null;
  /** ISO instant. */
  readonly at: string;
  readonly digits?: string;
  readonly extension?: string;
}

/** What the media engine received from one party of the call. */
export interface MeasuredLeg {
  readonly role: LegRole;
  readonly packets: number;
  readonly bytes: number;
  readonly errors: number;
}

/** Quality of one RTP stream, from the RTCP reports of the parties. */
export interface MeasuredStreamQuality {
  /** Mean opinion score, 1.0 to 5.0. */
  readonly mos: number;
  readonly jitterMs: number;
  readonly packetLossPercent: number;
  readonly roundTripMs: number;
}

/** What the media engine measured over the call's media session, taken when the session ended. */
export interface CallMediaStats {
  readonly packets: number;
  readonly bytes: number;
  readonly errors: number;
  readonly legs: readonly MeasuredLeg[];
  /** Empty when the parties sent no RTCP. */
  readonly quality: readonly MeasuredStreamQuality[];
}

export interface CallRow {
  readonly id: string;
  readonly accountId: string;
  readonly direction: CallDirection;
  readonly from: string;
  readonly to: string;
  readonly numberId: string | null;
  readonly phoneNumber: string | null;
  readonly userId: string | null;
  readonly deviceId: string | null;
  readonly status: CallStatus;
  readonly timeline: readonly StatusChange[];
  readonly sipStatus: number | null;
  readonly sipReason: string | null;
  readonly blockedReason: string | null;
  readonly hangupSource: HangupSource | null;
  readonly flowId: string | null;
  readonly flowVersionId: string | null;
  /** Oldest first; empty for calls no flow handled. */
  readonly flowPath: readonly FlowPathStep[];
  /** Null until the call's media session ended, and for calls the media engine never anchored. */
  readonly mediaStats: CallMediaStats | null;
  readonly sipInstanceId: string;
  readonly startedAt: Date;
  readonly ringingAt: Date | null;
  readonly answeredAt: Date | null;
  readonly endedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Oldest first. */
  readonly legs: readonly CallLegRow[];
}

/** What a status move changes besides status and timeline. */
export interface CallChanges {
  readonly ringingAt?: Date;
  readonly answeredAt?: Date;
  readonly endedAt?: Date;
  readonly sipStatus?: number;
  readonly sipReason?: string;
  readonly blockedReason?: string;
  readonly hangupSource?: HangupSource | null;
}

export interface LegChanges {
  readonly status: CallStatus;
  readonly answeredAt?: Date;
  readonly endedAt?: Date;
  readonly sipStatus?: number;
  readonly sipReason?: string;
}

export interface CallFilter {
  /** On startedAt, inclusive. */
  readonly createdAfter?: Date;
  /** On startedAt, exclusive. */
  readonly createdBefore?: Date;
  readonly direction?: CallDirection;
  /** Digits the from, to or account number contains. */
  readonly number?: string;
  readonly userId?: string;
  readonly statuses?: readonly CallStatus[];
  /** Only calls of these numbers or of this user (an agent's view); undefined means every call of the account. */
  readonly visibleTo?: { readonly numberIds: ReadonlySet<string>; readonly userId: string };
}

const withLegs = {
  legs: { orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] },
} as const satisfies Prisma.CallInclude;
type CallWithLegs = Prisma.CallGetPayload<{ include: typeof withLegs }>;

function rowOf(call: CallWithLegs): CallRow {
  const timeline = call.timeline as unknown as { status: CallStatus; at: string }[];
  return {
    ...call,
    hangupSource: call.hangupSource as HangupSource | null,
    flowPath: (call.flowPath ?? []) as unknown as FlowPathStep[],
    mediaStats: call.mediaStats as unknown as CallMediaStats | null,
    timeline: timeline.map((change) => ({ status: change.status, at: new Date(change.at) })),
    legs: call.legs.map((leg) => ({ ...leg })),
  };
}

function timelineJson(timeline: readonly StatusChange[]): Prisma.InputJsonValue {
  return timeline.map((change) => ({ status: change.status, at: change.at.toISOString() }));
}

function filterWhere(filter: CallFilter): Prisma.CallWhereInput {
  const and: Prisma.CallWhereInput[] = [];
  if (filter.createdAfter || filter.createdBefore) {
    and.push({ startedAt: { gte: filter.createdAfter, lt: filter.createdBefore } });
  }
  if (filter.direction) and.push({ direction: filter.direction });
  if (filter.number) {
    and.push({
      OR: [
        { from: { contains: filter.number } },
        { to: { contains: filter.number } },
        { phoneNumber: { contains: filter.number } },
      ],
    });
  }
  if (filter.userId) and.push({ userId: filter.userId });
  if (filter.statuses) and.push({ status: { in: [...filter.statuses] } });
  if (filter.visibleTo) {
    and.push({
      OR: [{ numberId: { in: [...filter.visibleTo.numberIds] } }, { userId: filter.visibleTo.userId }],
    });
  }
  return { AND: and };
}

@Injectable()
export class CallRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /**
   * Writes calls and legs as they are now: new ones are inserted, known ones overwritten. One statement each, so a
   * batch of many calls costs what one does.
   */
  async save(calls: readonly CallRow[], legs: readonly CallLegRow[]): Promise<void> {
    if (calls.length > 0) {
      const rows = calls.map(
        (call) => Prisma.sql`(
          ${call.id}, ${call.accountId}, ${call.direction}::"CallDirection", ${call.from}, ${call.to},
          ${call.numberId}, ${call.phoneNumber}, ${call.userId}, ${call.deviceId}, ${call.status}::"CallStatus",
          ${JSON.stringify(timelineJson(call.timeline))}::jsonb, ${call.sipStatus}, ${call.sipReason},
          ${call.blockedReason}, ${call.hangupSource}, ${call.flowId}, ${call.flowVersionId},
          ${call.flowPath.length === 0 ? null : JSON.stringify(call.flowPath)}::jsonb,
          ${call.mediaStats === null ? null : JSON.stringify(call.mediaStats)}::jsonb, ${call.sipInstanceId},
          ${call.startedAt}, ${call.ringingAt}, ${call.answeredAt}, ${call.endedAt}, ${call.createdAt},
          ${call.updatedAt})`,
      );
      await this.database.client.$executeRaw`
        INSERT INTO "Call" ("id", "accountId", "direction", "from", "to", "numberId", "phoneNumber", "userId",
          "deviceId", "status", "timeline", "sipStatus", "sipReason", "blockedReason", "hangupSource", "flowId",
          "flowVersionId", "flowPath", "mediaStats", "sipInstanceId", "startedAt", "ringingAt", "answeredAt", "endedAt",
          "createdAt", "updatedAt")
        VALUES ${Prisma.join(rows)}
        ON CONFLICT ("id") DO UPDATE SET "status" = EXCLUDED."status", "timeline" = EXCLUDED."timeline",
          "sipStatus" = EXCLUDED."sipStatus", "sipReason" = EXCLUDED."sipReason",
          "blockedReason" = EXCLUDED."blockedReason", "hangupSource" = EXCLUDED."hangupSource",
          "flowId" = EXCLUDED."flowId", "flowVersionId" = EXCLUDED."flowVersionId", "flowPath" = EXCLUDED."flowPath",
          "mediaStats" = EXCLUDED."mediaStats",
          "ringingAt" = EXCLUDED."ringingAt", "answeredAt" = EXCLUDED."answeredAt", "endedAt" = EXCLUDED."endedAt",
          "updatedAt" = EXCLUDED."updatedAt"`;
    }
    if (legs.length > 0) {
      const rows = legs.map(
        (leg) => Prisma.sql`(
          ${leg.id}, ${leg.callId}, ${leg.accountId}, ${leg.role}::"CallLegRole", ${leg.sipCallId}, ${leg.from},
          ${leg.to}, ${leg.target}, ${leg.deviceId}, ${leg.status}::"CallStatus", ${leg.sipStatus}, ${leg.sipReason},
          ${leg.startedAt}, ${leg.answeredAt}, ${leg.endedAt})`,
      );
      await this.database.client.$executeRaw`
        INSERT INTO "CallLeg" ("id", "callId", "accountId", "role", "sipCallId", "from", "to", "target", "deviceId",
          "status", "sipStatus", "sipReason", "startedAt", "answeredAt", "endedAt")
        VALUES ${Prisma.join(rows)}
        ON CONFLICT ("id") DO UPDATE SET "sipCallId" = EXCLUDED."sipCallId", "status" = EXCLUDED."status",
          "sipStatus" = EXCLUDED."sipStatus", "sipReason" = EXCLUDED."sipReason",
          "answeredAt" = EXCLUDED."answeredAt", "endedAt" = EXCLUDED."endedAt"`;
    }
  }

  async find(accountId: string, id: string, filter: CallFilter = {}): Promise<CallRow | null> {
    const call = await this.database.client.call.findFirst({
      where: { id, accountId, ...filterWhere(filter) },
      include: withLegs,
    });
    return call && rowOf(call);
  }

  /** The call, locked until the open transaction ends, so concurrent status moves of one call apply in turn. */
  async lock(accountId: string, id: string): Promise<CallRow | null> {
    await this.database.client
      .$executeRaw`SELECT 1 FROM "Call" WHERE "id" = ${id} AND "accountId" = ${accountId} FOR UPDATE`;
    return this.find(accountId, id);
  }

  async list(accountId: string, page: PageRequest, filter: CallFilter): Promise<Page<CallRow>> {
    const { where, ...rest } = idPageArguments(page);
    const calls = await this.database.client.call.findMany({
      ...rest,
      where: { ...where, accountId, ...filterWhere(filter) },
      include: withLegs,
    });
    return pageFromRows(calls.map(rowOf), page);
  }

  async update(
    accountId: string,
    id: string,
    status: CallStatus,
    timeline: readonly StatusChange[],
    changes: CallChanges,
  ): Promise<void> {
    await this.database.client.call.updateMany({
      where: { id, accountId },
      data: { ...changes, status, timeline: timelineJson(timeline) },
    });
  }

  async findLeg(accountId: string, legId: string): Promise<CallLegRow | null> {
    return this.database.client.callLeg.findFirst({ where: { id: legId, accountId } });
  }

  async updateLeg(accountId: string, legId: string, changes: LegChanges): Promise<void> {
    await this.database.client.callLeg.updateMany({ where: { id: legId, accountId }, data: changes });
  }

  /** The sip instances that hold live calls (the partial index on live statuses answers this). */
  async instancesWithLiveCalls(): Promise<string[]> {
    const rows = await this.database.client.call.findMany({
      where: { status: { in: [...liveCallStatuses] } },
      distinct: ['sipInstanceId'],
      select: { sipInstanceId: true },
    });
    return rows.map((row) => row.sipInstanceId);
  }

  async liveCallsOf(sipInstanceId: string): Promise<{ accountId: string; id: string }[]> {
    return this.database.client.call.findMany({
      where: { sipInstanceId, status: { in: [...liveCallStatuses] } },
      select: { accountId: true, id: true },
      orderBy: { id: 'asc' },
    });
  }
}
