import { Inject, Injectable } from '@nestjs/common';
import { type WebhooksConfig } from '@switchyard/config';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { EventPublisher, type EventRecord, eventEnvelope } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { JobProducer } from '@switchyard/queue';
import {
  type AttemptVerdict,
  parseRetryAfterMs,
  retryDelayMs,
  slotWaitDelayMs,
  verdictOfStatus,
} from '../domain/retry-policy';
import {
  activeSecrets,
  deliveryJobId,
  type DeliveryJob,
  failedLongEnough,
} from '../domain/webhook-endpoint-rules';
import { signWebhookPayload } from '../domain/webhook-signature';
import { DeliveryReads } from '../infrastructure/delivery-reads';
import { EndpointConcurrencyLimiter } from '../infrastructure/endpoint-concurrency.limiter';
import { MicroBatcher } from '../infrastructure/micro-batcher';
import {
  type DeliveryOutcome,
  WebhookDeliveryRepository,
  type WebhookDeliveryRecord,
} from '../infrastructure/webhook-delivery.repository';
import {
  type WebhookEndpointRecord,
  WebhookEndpointRepository,
} from '../infrastructure/webhook-endpoint.repository';
import { WebhookHttpClient, type WebhookResponse } from '../infrastructure/webhook-http.client';
import { webhookEndpointResource } from './webhook-endpoint.resource';
import { WebhookTargetGuard, WebhookUrlNotAllowedError } from './webhook-target.guard';
import { WEBHOOKS_CONFIG } from './webhooks-settings';

export const userAgent = 'Switchyard-Webhooks/1 (+https://docs.switchyard.dev/webhooks)';

/** Source of jitter; tests pass a fixed one. */
export const RANDOM = Symbol('RANDOM');

type AttemptResult =
  WebhookResponse | { readonly kind: 'refused'; readonly error: string; readonly latencyMs: 0 };

/**
 * One attempt to deliver one event to one endpoint: sign, POST to the checked address, log the attempt, schedule
 * the next one with backoff when it is worth it, and keep the endpoint's health, disabling it after a long enough
 * run of failures. Idempotent per job: a replayed attempt sends again (receivers dedupe by X-Event-Id) and finds
 * its follow-up job already queued under the same id.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly log: MicroBatcher<WebhookDeliveryRecord, undefined>;

  constructor(
    @Inject(DeliveryReads) private readonly reads: DeliveryReads,
    @Inject(WebhookEndpointRepository) private readonly endpoints: WebhookEndpointRepository,
    @Inject(WebhookDeliveryRepository) deliveries: WebhookDeliveryRepository,
    @Inject(WebhookTargetGuard) private readonly guard: WebhookTargetGuard,
    @Inject(WebhookHttpClient) private readonly http: WebhookHttpClient,
    @Inject(EndpointConcurrencyLimiter) private readonly limiter: EndpointConcurrencyLimiter,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(Database) private readonly database: Database,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RANDOM) private readonly random: () => number,
  ) {
    this.log = new MicroBatcher(async (rows) => {
      await deliveries.recordMany(rows);
      return rows.map(() => undefined);
    });
  }

  async attempt(job: DeliveryJob): Promise<void> {
    const [event, endpoint] = await Promise.all([
      this.reads.event(job.accountId, job.eventId),
      this.reads.endpoint(job.accountId, job.endpointId),
    ]);
    // Purged, deleted or disabled meanwhile: the delivery ends here. A test event goes even to a disabled endpoint.
    if (!event || !endpoint || (!endpoint.enabled && event.type !== 'webhook.test')) return;
    const release = await this.limiter.tryAcquire(endpoint.id);
    if (!release) {
      const deferred: DeliveryJob = { ...job, deferral: job.deferral + 1 };
      await this.producer.enqueue('webhooks.deliver', deferred, {
        jobId: deliveryJobId(deferred),
        delayMs: slotWaitDelayMs(job.deferral, this.random),
      });
      return;
    }
    let result: AttemptResult;
    try {
      result = await this.send(endpoint, event);
    } finally {
      await release();
    }
    await this.settle(job, endpoint, event, result);
  }

  private async send(endpoint: WebhookEndpointRecord, event: EventRecord): Promise<AttemptResult> {
    let resolved;
    try {
      resolved = await this.guard.resolve(endpoint.url);
    } catch (error) {
      if (error instanceof WebhookUrlNotAllowedError)
        return { kind: 'refused', error: error.message, latencyMs: 0 };
      return {
        kind: 'network_error',
        error: error instanceof Error ? error.message : String(error),
        latencyMs: 0,
      };
    }
    const body = JSON.stringify(eventEnvelope(event));
    const now = this.clock.now();
    return this.http.post({
      url: resolved.url,
      target: resolved.target,
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': userAgent,
        'X-Event-Id': event.id,
        'X-Signature': signWebhookPayload({
          payload: body,
          secrets: activeSecrets(endpoint, now),
          timestamp: Math.floor(now.getTime() / 1000),
        }),
      },
    });
  }

  private async settle(
    job: DeliveryJob,
    endpoint: WebhookEndpointRecord,
    event: EventRecord,
    result: AttemptResult,
  ): Promise<void> {
    const now = this.clock.now();
    const verdict: AttemptVerdict =
      result.kind === 'response'
        ? verdictOfStatus(result.statusCode)
        : result.kind === 'refused'
          ? 'give_up'
          : 'retry';
    // A resend asked for by a user is one attempt; automatic ones follow the schedule.
    const delayMs =
      verdict === 'retry' && job.resendOf === undefined
        ? retryDelayMs(
            job.attempt,
            {
              baseMs: this.config.retryBaseMs,
              maxDelayMs: this.config.retryMaxDelayMs,
              maxAttempts: this.config.maxAttempts,
            },
            this.random,
            result.kind === 'response' ? parseRetryAfterMs(result.retryAfter, now) : undefined,
          )
        : null;
    const outcome: DeliveryOutcome =
      verdict === 'delivered' ? 'succeeded' : delayMs === null ? 'failed' : 'retrying';
    await this.log.submit({
      id: newId('webhookDelivery', now.getTime()),
      accountId: job.accountId,
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      attempt: job.attempt,
      outcome,
      statusCode: result.kind === 'response' ? result.statusCode : null,
      latencyMs: result.latencyMs,
      responseBody: result.kind === 'response' ? result.body : null,
      error: result.kind === 'response' ? null : result.error,
      nextAttemptAt: delayMs === null ? null : new Date(now.getTime() + delayMs),
      createdAt: now,
    });
    if (delayMs !== null) {
      const next: DeliveryJob = { ...job, attempt: job.attempt + 1, deferral: 0 };
      await this.producer.enqueue('webhooks.deliver', next, { jobId: deliveryJobId(next), delayMs });
    }
    await this.updateHealth(endpoint, verdict === 'delivered', now);
  }

  private async updateHealth(endpoint: WebhookEndpointRecord, delivered: boolean, now: Date): Promise<void> {
    const { accountId, id } = endpoint;
    if (delivered) {
      if (endpoint.failingSince === null) return;
      await this.endpoints.markHealthy(accountId, id);
    } else if (endpoint.failingSince === null) {
      await this.endpoints.markFailing(accountId, id, now);
    } else if (
      endpoint.enabled &&
      failedLongEnough(endpoint.failingSince, now, this.config.disableAfterSeconds * 1000)
    ) {
      await this.database.transaction(async () => {
        if (!(await this.endpoints.disable(accountId, id, now, 'failing_deliveries'))) return;
        const disabled = await this.endpoints.find(accountId, id);
        if (disabled)
          await this.events.publish(
            accountId,
            'webhook_endpoint.disabled',
            webhookEndpointResource(disabled),
          );
      });
    } else {
      return;
    }
    this.reads.forgetEndpoints(accountId);
  }
}
