import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { type JobHandler } from '@switchyard/queue';
import { CarrierCallbackJobs } from '../application/carrier-callback-jobs';
import { CarrierCallbackRepository } from '../infrastructure/carrier-callback.repository';

/** Callbacks younger than this are left to the job the api enqueued with them. */
export const CALLBACK_RECONCILE_AGE_MS = 30_000;
const pageSize = 500;

/**
 * Postgres keeps every stored callback until the worker applied it: each run enqueues again the ones still not
 * applied, so a callback whose job Redis lost (or whose retries ran out) is applied all the same.
 */
@Injectable()
export class ReconcileCarrierCallbacksJob implements JobHandler<'messages.reconcile-callbacks'> {
  readonly jobName = 'messages.reconcile-callbacks' as const;

  constructor(
    @Inject(CarrierCallbackRepository) private readonly callbacks: CarrierCallbackRepository,
    @Inject(CarrierCallbackJobs) private readonly jobs: CarrierCallbackJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(): Promise<void> {
    const receivedBefore = new Date(this.clock.now().getTime() - CALLBACK_RECONCILE_AGE_MS);
    let afterId: string | undefined;
    for (;;) {
      const ids = await this.callbacks.unprocessed(receivedBefore, { afterId, limit: pageSize });
      for (const id of ids) await this.jobs.enqueue(id);
      const last = ids.at(-1);
      if (ids.length < pageSize || last === undefined) return;
      afterId = last;
    }
  }
}
