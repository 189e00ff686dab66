import { Inject, Injectable } from '@nestjs/common';
import { jobCatalog } from '@switchyard/contracts';
import { JobProducer, QueueConnection } from '@switchyard/queue';

/** Enqueues the job that applies a stored carrier callback, keyed by the stored row's id. */
@Injectable()
export class CarrierCallbackJobs {
  constructor(
    @Inject(JobProducer) private readonly jobs: JobProducer,
    @Inject(QueueConnection) private readonly connection: QueueConnection,
  ) {}

  /** Adds the job unless it is pending; a finished one (kept for a while by BullMQ) is replaced. */
  async enqueue(callbackId: string): Promise<void> {
    const existing = await this.connection
      .queue(jobCatalog['messages.process-callback'].queue)
      .getJob(callbackId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed') return;
      await existing.remove();
    }
    await this.jobs.enqueue('messages.process-callback', { callbackId }, { jobId: callbackId });
  }
}
