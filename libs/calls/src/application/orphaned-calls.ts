import { Inject, Injectable } from '@nestjs/common';
import { CallRepository } from '../infrastructure/call.repository';
import { LiveCallRegistry } from '../infrastructure/live-call.registry';
import { CallRecordings } from './call-recordings';
import { CallWriter } from './call-writer';

/** SIP status recorded for calls whose instance vanished: 500, so unanswered ones end as failed. */
const instanceLostStatus = 500;
/** Why the recordings of those calls failed: their audio was in the media session the instance drove. */
const instanceLostReason = 'instance_lost';

/** Closes the records of calls whose sip instance died with them, so no call stays live forever. */
@Injectable()
export class OrphanedCalls {
  constructor(
    @Inject(CallRepository) private readonly calls: CallRepository,
    @Inject(LiveCallRegistry) private readonly registry: LiveCallRegistry,
    @Inject(CallWriter) private readonly writer: CallWriter,
    @Inject(CallRecordings) private readonly recordings: CallRecordings,
  ) {}

  /**
   * Ends live calls held by sip instances whose heartbeat is gone: completed if answered, else failed; sipReason
   * 'SIP instance lost', hangupSource 'system'; with their events. Their unfinished recordings fail
   * (`instance_lost`). Returns how many calls.
   */
  async closeCallsOfVanishedInstances(now: Date): Promise<number> {
    const vanished = await this.registry.vanished(await this.calls.instancesWithLiveCalls());
    let closed = 0;
    for (const instanceId of vanished) {
      for (const call of await this.calls.liveCallsOf(instanceId)) {
        const ending = {
          sipStatus: instanceLostStatus,
          sipReason: 'SIP instance lost',
          hangupSource: 'system' as const,
          at: now,
        };
        if (await this.writer.ended(call.accountId, call.id, ending, { closeLiveLegs: true })) closed += 1;
        await this.recordings.failedAllOfCall(call.accountId, call.id, instanceLostReason, now);
        await this.registry.release(call.accountId, call.id);
      }
    }
    return closed;
  }
}
