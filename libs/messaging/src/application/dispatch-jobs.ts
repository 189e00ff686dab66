import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, jobCatalog } from '@switchyard/contracts';
import { JobProducer, QueueConnection } from '@switchyard/queue';

/**
 * How far ahead dispatch jobs are armed. A message due later waits in Postgres alone, and `messages.reconcile`
 * (every minute) arms it once it comes within this horizon, so Redis holds jobs for the next minutes only, however
 * many messages are scheduled.
 */
export const ARMING_HORIZON_MS = 5 * 60_000;

/** Whether a message due at `sendAt` (now when null) gets its dispatch job now rather than from the reconciler. */
export function armsNow(sendAt: Date | null, now: Date): boolean {
  return sendAt === null || sendAt.getTime() <= now.getTime() + ARMING_HORIZON_MS;
}

/**
 * Arms the dispatch job of a message, keyed by the message id so there is never more than one. Redis holds only
 * that id and the time it is due; Postgres stays the truth, and arming again is always safe.
 */
@Injectable()
export class DispatchJobs {
  constructor(
    @Inject(JobProducer) private readonly jobs: JobProducer,
    @Inject(QueueConnection) private readonly connection: QueueConnection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Makes sure a pending dispatch job exists for the message, due at `sendAt` (at once when null): a delayed one
   * is moved to the new time, a waiting or running one is left alone, and a finished one (BullMQ keeps them for a
   * while, which would turn adding it again into a no-op) is replaced. Beyond the arming horizon no job is added.
   */
  async arm(accountId: string, messageId: string, sendAt: Date | null): Promise<void> {
    const now = this.clock.now();
    const delayMs = sendAt ? Math.max(0, sendAt.getTime() - now.getTime()) : 0;
    const existing = await this.connection.queue(jobCatalog['messages.dispatch'].queue).getJob(messageId);
    if (!existing && !armsNow(sendAt, now)) return;
    if (existing) {
      const state = await existing.getState();
      if (state === 'delayed') {
        await existing.changeDelay(delayMs);
        return;
      }
      if (state !== 'completed' && state !== 'failed') return;
      await existing.remove();
    }
    await this.jobs.enqueue(
      'messages.dispatch',
      { accountId, messageId },
      { jobId: messageId, ...(delayMs > 0 && { delayMs }) },
    );
  }

  /**
   * Arms the dispatch jobs of messages just stored, in one round trip: their ids are new, so no job exists for them
   * yet and adding each is arming it. Those due beyond the arming horizon are left to the reconciler.
   */
  async armNew(
    messages: readonly { readonly accountId: string; readonly id: string; readonly sendAt: Date | null }[],
  ): Promise<void> {
    const now = this.clock.now();
    await this.jobs.enqueueMany(
      'messages.dispatch',
      messages
        .filter((message) => armsNow(message.sendAt, now))
        .map((message) => {
          const delayMs = message.sendAt ? Math.max(0, message.sendAt.getTime() - now.getTime()) : 0;
          return {
            payload: { accountId: message.accountId, messageId: message.id },
            options: { jobId: message.id, ...(delayMs > 0 && { delayMs }) },
          };
        }),
    );
  }
}
