import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import {
  type CarrierCallbackBody,
  CarrierCallbackRepository,
} from '../infrastructure/carrier-callback.repository';
import { CarrierCallbackJobs } from './carrier-callback-jobs';

/**
 * Takes verified carrier callbacks in (api): stores each under the carrier's event id and enqueues the job that
 * applies it in the worker, so the carrier gets its answer as soon as the row is committed. A redelivery finds the
 * stored row and enqueues it again only when it was not applied yet.
 */
@Injectable()
export class CarrierCallbackIntake {
  constructor(
    @Inject(CarrierCallbackRepository) private readonly callbacks: CarrierCallbackRepository,
    @Inject(CarrierCallbackJobs) private readonly jobs: CarrierCallbackJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async accept(carrier: string, eventId: string, body: CarrierCallbackBody): Promise<void> {
    const now = this.clock.now();
    const stored = await this.callbacks.store({
      id: newId('carrierCallback', now.getTime()),
      carrier,
      eventId,
      body,
      receivedAt: now,
    });
    // Should enqueueing fail, the carrier retries and finds the stored row; a job Redis lost later is the
    // reconciler's to enqueue again.
    if (!stored.processedAt) await this.jobs.enqueue(stored.id);
  }
}
