import { Inject, Injectable } from '@nestjs/common';
import { JobProducer, QueueConnection } from '@switchyard/queue';
import { ensurePendingJob } from './pending-job';

/** Enqueues the job that applies a stored carrier callback, keyed by the stored row's id. */
@Injectable()
export class CarrierCallbackJobs {
  constructor(
    @Inject(JobProducer) private readonly jobs: JobProducer,
    @Inject(QueueConnection) private readonly connection: QueueConnection,
  ) {}

  /** Adds the job unless it is pending; a finished one (kept for a while by BullMQ) is replaced. */
  async enqueue(callbackId: string): Promise<void> {
    await ensurePendingJob(
      this.connection,
      this.jobs,
      'messages.process-callback',
      { callbackId },
      callbackId,
    );
  }
}
