import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { NotFoundError } from '@switchyard/errors';
import { EventStore } from '@switchyard/events';
import { type Page, type PageRequest } from '@switchyard/http';
import { JobProducer } from '@switchyard/queue';
import { deliveryJobId, type DeliveryJob } from '../domain/webhook-endpoint-rules';
import {
  WebhookDeliveryRepository,
  type WebhookDeliveryRecord,
} from '../infrastructure/webhook-delivery.repository';
import { WebhookEndpointRepository } from '../infrastructure/webhook-endpoint.repository';

export interface CreatedRange {
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
}

/** The log of delivery attempts, per endpoint or per event, and sending a logged delivery again. */
@Injectable()
export class WebhookDeliveryLogService {
  constructor(
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WebhookEndpointRepository) private readonly endpoints: WebhookEndpointRepository,
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(JobProducer) private readonly producer: JobProducer,
  ) {}

  async listForEndpoint(
    principal: Principal,
    endpointId: string,
    page: PageRequest,
    range: CreatedRange,
  ): Promise<Page<WebhookDeliveryRecord>> {
    if (!(await this.endpoints.find(principal.accountId, endpointId))) {
      throw new NotFoundError('webhook_endpoint', endpointId);
    }
    return this.deliveries.list(principal.accountId, page, { ...range, endpointId });
  }

  async listForEvent(
    principal: Principal,
    eventId: string,
    page: PageRequest,
    range: CreatedRange,
  ): Promise<Page<WebhookDeliveryRecord>> {
    if (!(await this.events.find(principal.accountId, eventId))) throw new NotFoundError('event', eventId);
    return this.deliveries.list(principal.accountId, page, { ...range, eventId });
  }

  /** Queues one more attempt of the logged delivery's event to its endpoint; asking twice queues it once. */
  async resend(principal: Principal, endpointId: string, deliveryId: string): Promise<WebhookDeliveryRecord> {
    const delivery = await this.deliveries.find(principal.accountId, endpointId, deliveryId);
    if (!delivery) throw new NotFoundError('webhook_delivery', deliveryId);
    const job: DeliveryJob = {
      accountId: delivery.accountId,
      eventId: delivery.eventId,
      endpointId: delivery.endpointId,
      attempt: 1,
      deferral: 0,
      resendOf: delivery.id,
    };
    await this.producer.enqueue('webhooks.deliver', job, { jobId: deliveryJobId(job) });
    return delivery;
  }
}
