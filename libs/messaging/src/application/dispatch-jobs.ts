import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, jobCatalog } from '@switchyard/contracts';
import { JobProducer, QueueConnection } from '@switchyard/queue';

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
   * while, which would turn adding it again into a no-op) is replaced.
   */
  async arm(accountId: string, messageId: string, sendAt: Date | null): Promise<void> {
    const delayMs = sendAt ? Math.max(0, sendAt.getTime() - this.clock.now().getTime()) : 0;
    const existing = await this.connection.queue(jobCatalog['messages.dispatch'].queue).getJob(messageId);
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
}
