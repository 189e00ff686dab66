import { Inject, Injectable } from '@nestjs/common';
import { type JobPayloads } from '@switchyard/contracts';
import { type JobHandler } from '@switchyard/queue';
import { CarrierCallbackService } from '../application/carrier-callback.service';

/** Applies one carrier callback the api stored; a replay finds it applied and changes nothing. */
@Injectable()
export class ProcessCarrierCallbackJob implements JobHandler<'messages.process-callback'> {
  readonly jobName = 'messages.process-callback' as const;

  constructor(@Inject(CarrierCallbackService) private readonly callbacks: CarrierCallbackService) {}

  async handle({ callbackId }: JobPayloads['messages.process-callback']): Promise<void> {
    await this.callbacks.process(callbackId);
  }
}
