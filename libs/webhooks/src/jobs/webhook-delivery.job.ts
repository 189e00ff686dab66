import { Inject, Injectable } from '@nestjs/common';
import { type JobPayloads } from '@switchyard/contracts';
import { type JobHandler } from '@switchyard/queue';
import { WebhookDeliveryService } from '../application/webhook-delivery.service';

@Injectable()
export class WebhookDeliveryJob implements JobHandler<'webhooks.deliver'> {
  readonly jobName = 'webhooks.deliver' as const;

  constructor(@Inject(WebhookDeliveryService) private readonly deliveries: WebhookDeliveryService) {}

  handle(job: JobPayloads['webhooks.deliver']): Promise<void> {
    return this.deliveries.attempt(job);
  }
}
