import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type EventType, type MediaStats } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { type Logger } from '@switchyard/logging';
import { Database } from '@switchyard/prisma';
import { advanceTimeline, type CallBlockReason, type CallStatus, finalCallStatus } from '../domain';
import {
  type CallLegRow,
  type CallMediaStats,
  CallRepository,
  type CallRow,
  type FlowPathStep,
  type HangupSource,
  type LegRole,
} from '../infrastructure/call.repository';
import { callResource } from './call-resource';
import { CALLS_LOGGER } from './calls-settings';

/** A call as it starts; `id` is chosen by the caller (newId), so SIP handling never waits for the insert. */
export type NewCall = Pick<
  CallRow,
  | 'id'
  | 'accountId'
  | 'direction'
  | 'from'
  | 'to'
  | 'numberId'
  | 'phoneNumber'
  | 'userId'
  | 'deviceId'
  | 'sipInstanceId'
  | 'startedAt'
>;

export type NewLeg = Pick<
  CallLegRow,
  'id' | 'role' | 'sipCallId' | 'from' | 'to' | 'target' | 'deviceId' | 'startedAt'
>;

export interface CallEnding {
  readonly sipStatus: number;
  readonly sipReason: string;
  readonly hangupSource: HangupSource | null;
  readonly at: Date;
}

/** The record of one call, as the sip instance holding it reports what happens. */
export interface CallRecord {
  readonly id: string;
  addLeg(leg: NewLeg): void;
  legRinging(legId: string, at: Date): void;
  legAnswered(legId: string, at: Date): void;
  legEnded(legId: string, ending: Omit<CallEnding, 'hangupSource'>): void;
  /** call.ringing (once). */
  ringing(at: Date): void;
  /** call.answered. */
  answered(at: Date): void;
  /** Status from finalCallStatus; call.completed or call.failed; idempotent. */
  ended(ending: CallEnding): void;
  /** The flow version an inbound call runs. */
  flowStarted(flowId: string, flowVersionId: string): void;
  /** Nodes the call went through since the last report, in order. */
  flowFollowed(steps: readonly FlowPathStep[]): void;
  /** Refused by policy before anything went out: status failed, sipStatus 403, blockedReason; event call.blocked. */
  blocked(reason: CallBlockReason, detail: string, at: Date): void;
  /**
   * What the media engine measured when the call's media session ended. `roleOf` names the party of each engine
   * leg tag, or null for a leg that is no party (the silent side prompts play from), which is left out.
   */
  mediaMeasured(stats: MediaStats, roleOf: (legTag: string) => LegRole | null): void;
  /** Resolves when every change reported so far is in Postgres (used by tests and by graceful drain). */
  settled(): Promise<void>;
}

/** Postgres text cannot hold NUL, and SIP values come from the network. */
function clean<T extends object>(values: T): T {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.replaceAll('\u0000', '') : value,
    ]),
  ) as T;
}

/**
 * The engine's measurements as the call record keeps them: one entry per party role rather than per SIP tag, the
 * caller first. The callees of a transferred call are summed, as the engine counts a new callee's packets partly
 * under the tag of the one it replaced.
 */
function callMediaStats(stats: MediaStats, roleOf: (legTag: string) => LegRole | null): CallMediaStats {
  const roles: readonly LegRole[] = ['caller', 'callee'];
  const legs = roles.flatMap((role) => {
    const measured = stats.legs.filter((leg) => roleOf(leg.legTag) === role);
    if (measured.length === 0) return [];
    const total = (field: 'packets' | 'bytes' | 'errors') =>
      measured.reduce((sum, leg) => sum + leg[field], 0);
    return [{ role, packets: total('packets'), bytes: total('bytes'), errors: total('errors') }];
  });
  return {
    packets: stats.packets,
    bytes: stats.bytes,
    errors: stats.errors,
    legs,
    quality: stats.quality.map(({ mos, jitterMs, packetLossPercent, roundTripMs }) => ({
      mos,
      jitterMs,
      packetLossPercent,
      roundTripMs,
    })),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type LegEnding = Omit<CallEnding, 'hangupSource'>;
type CallState = Mutable<Omit<CallRow, 'legs'>>;
type LegState = Mutable<CallLegRow>;

/** One call as this instance knows it, with what Postgres has not seen yet. */
class RecordedCall {
  readonly legs = new Map<string, LegState>();
  readonly changedLegs = new Set<string>();
  events: { accountId: string; type: EventType; data: ReturnType<typeof callResource> }[] = [];
  changed = true;

  constructor(readonly call: CallState) {}

  row(): CallRow {
    const legs = [...this.legs.values()].sort(
      (a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id),
    );
    return { ...this.call, timeline: [...this.call.timeline], flowPath: [...this.call.flowPath], legs };
  }

  /** A status move of the call: applied with its event, or ignored when the timeline does not allow it. */
  move(status: CallStatus, at: Date, changes: Partial<CallState>, event: EventType): void {
    const timeline = advanceTimeline(this.call.timeline, { status, at });
    if (!timeline) return;
    Object.assign(this.call, changes, { status, timeline, updatedAt: at });
    this.changed = true;
    this.events.push({ accountId: this.call.accountId, type: event, data: callResource(this.row()) });
  }

  moveLeg(legId: string, status: CallStatus, at: Date, changes: Partial<LegState>): void {
    const leg = this.legs.get(legId);
    if (!leg || !advanceTimeline([{ status: leg.status, at: leg.startedAt }], { status, at })) return;
    Object.assign(leg, changes, { status });
    this.changedLegs.add(legId);
  }

  endLeg(legId: string, ending: LegEnding): void {
    const leg = this.legs.get(legId);
    const status = finalCallStatus({ answered: leg?.answeredAt != null, sipStatus: ending.sipStatus });
    this.moveLeg(legId, status, ending.at, {
      endedAt: ending.at,
      sipStatus: ending.sipStatus,
      sipReason: ending.sipReason,
    });
  }

  /** What to write now; afterwards the call counts as written until it changes again. */
  take(): { callId: string; call: CallRow | null; legs: CallLegRow[]; events: RecordedCall['events'] } {
    const taken = {
      callId: this.call.id,
      call: this.changed ? this.row() : null,
      legs: [...this.changedLegs].map((id) => ({ ...this.legs.get(id)! })),
      events: this.events,
    };
    this.changed = false;
    this.changedLegs.clear();
    this.events = [];
    return taken;
  }
}

/**
 * Call records for the sip app: SIP handling reports and moves on, never waiting for Postgres nor failing with it.
 * Each call's state lives here while it changes; whatever changed since the last write, across all calls, is
 * written together in one transaction with its `call.*` events (group commit), so a busy instance writes a few
 * batches instead of a transaction per SIP message. The instance holding a call is its only writer meanwhile. When
 * a batch fails, its calls are written one by one, each tried twice before its changes are dropped and logged.
 */
@Injectable()
export class CallRecorder {
  private readonly waiting = new Set<RecordedCall>();
  private writing: Promise<void> | null = null;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CallRepository) private readonly calls: CallRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALLS_LOGGER) private readonly logger: Logger,
  ) {}

  begin(call: NewCall, callerLeg: NewLeg): CallRecord {
    const recorded = new RecordedCall({
      ...clean(call),
      status: 'initiated',
      timeline: [{ status: 'initiated', at: call.startedAt }],
      sipStatus: null,
      sipReason: null,
      blockedReason: null,
      hangupSource: null,
      flowId: null,
      flowVersionId: null,
      flowPath: [],
      mediaStats: null,
      ringingAt: null,
      answeredAt: null,
      endedAt: null,
      createdAt: this.clock.now(),
      updatedAt: this.clock.now(),
    });
    const addLeg = (leg: NewLeg) => {
      if (recorded.legs.has(leg.id)) return;
      recorded.legs.set(leg.id, {
        ...clean(leg),
        callId: call.id,
        accountId: call.accountId,
        status: 'initiated',
        sipStatus: null,
        sipReason: null,
        answeredAt: null,
        endedAt: null,
      });
      recorded.changedLegs.add(leg.id);
    };
    addLeg(callerLeg);
    recorded.events.push({
      accountId: call.accountId,
      type: 'call.initiated',
      data: callResource(recorded.row()),
    });
    this.schedule(recorded);

    const change = (apply: () => void) => {
      apply();
      this.schedule(recorded);
    };
    return {
      id: call.id,
      addLeg: (leg) => change(() => addLeg(leg)),
      legRinging: (legId, at) => change(() => recorded.moveLeg(legId, 'ringing', at, {})),
      legAnswered: (legId, at) => change(() => recorded.moveLeg(legId, 'answered', at, { answeredAt: at })),
      legEnded: (legId, ending) => change(() => recorded.endLeg(legId, clean(ending))),
      ringing: (at) => change(() => recorded.move('ringing', at, { ringingAt: at }, 'call.ringing')),
      answered: (at) => change(() => recorded.move('answered', at, { answeredAt: at }, 'call.answered')),
      ended: (reported) =>
        change(() => {
          const ending = clean(reported);
          const status = finalCallStatus({
            answered: recorded.call.answeredAt !== null,
            sipStatus: ending.sipStatus,
          });
          recorded.move(
            status,
            ending.at,
            {
              endedAt: ending.at,
              sipStatus: ending.sipStatus,
              sipReason: ending.sipReason,
              hangupSource: ending.hangupSource,
            },
            status === 'completed' ? 'call.completed' : 'call.failed',
          );
        }),
      flowStarted: (flowId, flowVersionId) =>
        change(() => {
          Object.assign(recorded.call, { flowId, flowVersionId });
          recorded.changed = true;
        }),
      flowFollowed: (steps) =>
        change(() => {
          if (steps.length === 0) return;
          recorded.call.flowPath = [...recorded.call.flowPath, ...steps];
          recorded.changed = true;
        }),
      blocked: (reason, detail, at) =>
        change(() =>
          recorded.move(
            'failed',
            at,
            { endedAt: at, sipStatus: 403, sipReason: detail, blockedReason: reason },
            'call.blocked',
          ),
        ),
      mediaMeasured: (stats, roleOf) =>
        change(() => {
          Object.assign(recorded.call, {
            mediaStats: callMediaStats(stats, roleOf),
            updatedAt: this.clock.now(),
          });
          recorded.changed = true;
        }),
      settled: () => this.settledAll(),
    };
  }

  /** Resolves when every change of every call reported so far is in Postgres (graceful drain, tests). */
  async settledAll(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private schedule(recorded: RecordedCall): void {
    this.waiting.add(recorded);
    this.writing ??= this.writeWaiting().finally(() => {
      this.writing = null;
    });
  }

  private async writeWaiting(): Promise<void> {
    // Changes made in the same turn of the event loop (a leg and its call ending) go in one batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.size > 0) {
      const batch = [...this.waiting].map((recorded) => recorded.take());
      this.waiting.clear();
      await this.write(batch);
    }
  }

  /** One transaction for the batch; if it fails, each call on its own, so that one bad call cannot sink the rest. */
  private async write(batch: ReturnType<RecordedCall['take']>[]): Promise<void> {
    if (batch.length > 1 && (await this.tryWrite(batch))) return;
    for (const part of batch) {
      if (await this.tryWrite([part])) continue;
      if (await this.tryWrite([part])) continue;
      this.logger.error({ callId: part.callId }, 'call record write failed twice; dropped');
    }
  }

  private async tryWrite(batch: ReturnType<RecordedCall['take']>[]): Promise<boolean> {
    try {
      await this.database.transaction(async () => {
        await this.calls.save(
          batch.flatMap(({ call }) => (call ? [call] : [])),
          batch.flatMap(({ legs }) => legs),
        );
        await this.events.publishMany(batch.flatMap(({ events }) => events));
      });
      return true;
    } catch (error) {
      this.logger.warn(
        { err: error, callIds: batch.map(({ callId }) => callId) },
        'call record write failed',
      );
      return false;
    }
  }
}
