import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type EventType } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { advanceTimeline, finalCallStatus, isLive, type StatusChange } from '../domain';
import {
  type CallChanges,
  type CallLegRow,
  CallRepository,
  type CallRow,
  type LegChanges,
} from '../infrastructure/call.repository';
import { type CallEnding } from './call-recorder';
import { callResource } from './call-resource';

interface Move {
  readonly change: StatusChange;
  readonly changes: CallChanges;
  readonly event: EventType;
}

/**
 * Every change of a call record, each in one transaction with its `call.*` event, the call row locked meanwhile so
 * that writers in different processes (a sip instance, the api, an orphan sweep) apply in turn. A status move the
 * timeline does not allow (backwards, after the end, twice) changes nothing and answers null.
 */
@Injectable()
export class CallWriter {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CallRepository) private readonly calls: CallRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Ends the call: completed when it was answered, else what the SIP status says. `closeLiveLegs` ends its legs
   * too, for endings decided away from the sip instance that held them.
   */
  ended(
    accountId: string,
    callId: string,
    ending: CallEnding,
    options: { readonly closeLiveLegs?: boolean } = {},
  ): Promise<CallRow | null> {
    return this.move(
      accountId,
      callId,
      (call) => {
        const status = finalCallStatus({ answered: call.answeredAt !== null, sipStatus: ending.sipStatus });
        return {
          change: { status, at: ending.at },
          changes: {
            endedAt: ending.at,
            sipStatus: ending.sipStatus,
            sipReason: ending.sipReason,
            hangupSource: ending.hangupSource,
          },
          event: status === 'completed' ? 'call.completed' : 'call.failed',
        };
      },
      options.closeLiveLegs
        ? async (call) => {
            for (const leg of call.legs.filter((candidate) => isLive(candidate.status))) {
              await this.endLeg(accountId, leg.id, {
                sipStatus: ending.sipStatus,
                sipReason: ending.sipReason,
                at: ending.at,
              });
            }
          }
        : undefined,
    );
  }

  endLeg(
    accountId: string,
    legId: string,
    ending: { readonly sipStatus: number; readonly sipReason: string; readonly at: Date },
  ): Promise<boolean> {
    return this.moveLeg(accountId, legId, (leg) => ({
      at: ending.at,
      changes: {
        status: finalCallStatus({ answered: leg.answeredAt !== null, sipStatus: ending.sipStatus }),
        endedAt: ending.at,
        sipStatus: ending.sipStatus,
        sipReason: ending.sipReason,
      },
    }));
  }

  private async move(
    accountId: string,
    callId: string,
    decide: (call: CallRow) => Move,
    afterwards?: (call: CallRow) => Promise<void>,
  ): Promise<CallRow | null> {
    return this.database.transaction(async () => {
      const call = await this.calls.lock(accountId, callId);
      if (!call) return null;
      const move = decide(call);
      const timeline = advanceTimeline(call.timeline, move.change);
      if (!timeline) return null;
      await this.calls.update(accountId, callId, move.change.status, timeline, move.changes);
      if (afterwards) await afterwards(call);
      return this.publish(accountId, callId, move.event);
    });
  }

  /** Leg moves follow the call's transition rules, checked against the leg's current status. */
  private async moveLeg(
    accountId: string,
    legId: string,
    decide: (leg: CallLegRow) => { readonly at: Date; readonly changes: LegChanges },
  ): Promise<boolean> {
    const leg = await this.calls.findLeg(accountId, legId);
    if (!leg) return false;
    const { at, changes } = decide(leg);
    if (!advanceTimeline([{ status: leg.status, at: leg.startedAt }], { status: changes.status, at })) {
      return false;
    }
    await this.calls.updateLeg(accountId, legId, changes);
    return true;
  }

  private async publish(accountId: string, callId: string, type: EventType): Promise<CallRow> {
    const call = await this.calls.find(accountId, callId);
    if (!call) throw new Error(`Call ${callId} vanished inside its own transaction.`);
    await this.events.publish(accountId, type, callResource(call));
    return call;
  }
}
