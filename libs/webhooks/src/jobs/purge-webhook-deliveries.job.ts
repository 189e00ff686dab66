import { Inject, Injectable } from '@nestjs/common';
import { type WebhooksConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { type JobHandler } from '@switchyard/queue';
import { WEBHOOKS_CONFIG } from '../application/webhooks-settings';
import { WebhookDeliveryRepository } from '../infrastructure/webhook-delivery.repository';

/** Deletes delivery attempts past the retention; a second run deletes nothing more. */
@Injectable()
export class PurgeWebhookDeliveriesJob implements JobHandler<'maintenance.purge-webhook-deliveries'> {
  readonly jobName = 'maintenance.purge-webhook-deliveries' as const;

  constructor(
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(): Promise<void> {
    const retentionMs = this.config.deliveryRetentionDays * 86_400_000;
    await this.deliveries.purgeBefore(new Date(this.clock.now().getTime() - retentionMs));
  }
}
