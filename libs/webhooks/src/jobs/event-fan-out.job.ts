import { Inject, Injectable } from '@nestjs/common';
import { type EventData, type JobPayloads } from '@switchyard/contracts';
import { JobProducer, type JobHandler } from '@switchyard/queue';
import { deliveryJobId, type DeliveryJob, endpointReceives } from '../domain/webhook-endpoint-rules';
import { DeliveryReads } from '../infrastructure/delivery-reads';

/** Turns one relayed event into one delivery job per endpoint that receives it. */
@Injectable()
export class EventFanOutJob implements JobHandler<'events.fan-out'> {
  readonly jobName = 'events.fan-out' as const;

  constructor(
    @Inject(DeliveryReads) private readonly reads: DeliveryReads,
    @Inject(JobProducer) private readonly producer: JobProducer,
  ) {}

  async handle({ accountId, eventId }: JobPayloads['events.fan-out']): Promise<void> {
    const event = await this.reads.event(accountId, eventId);
    if (!event) return;
    const subject = { type: event.type, data: event.data as EventData };
    const receivers = (await this.reads.endpointsOf(accountId)).filter((endpoint) =>
      endpointReceives(endpoint, subject),
    );
    await this.producer.enqueueMany(
      'webhooks.deliver',
      receivers.map((endpoint) => {
        const job: DeliveryJob = { accountId, eventId, endpointId: endpoint.id, attempt: 1, deferral: 0 };
        return { payload: job, options: { jobId: deliveryJobId(job) } };
      }),
    );
  }
}
