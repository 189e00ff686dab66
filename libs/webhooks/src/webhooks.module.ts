import {
  type InjectionToken,
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { type EventsConfig, type RedisConfig, type WebhooksConfig } from '@switchyard/config';
import { EventsModule } from '@switchyard/events';
import { Redis } from 'ioredis';
import { type Logger } from '@switchyard/logging';
import { JobProducer, QueueConnection } from '@switchyard/queue';
import { EventQueryService } from './application/event-query.service';
import { LIVE_STREAM_HEARTBEAT_MS, LiveEventsService } from './application/live-events.service';
import { SHARED_NUMBERS, type SharedNumbers } from './application/shared-numbers.port';
import { WebhookDeliveryLogService } from './application/webhook-delivery-log.service';
import { RANDOM, WebhookDeliveryService } from './application/webhook-delivery.service';
import { WebhookEndpointService } from './application/webhook-endpoint.service';
import { WebhookTargetGuard } from './application/webhook-target.guard';
import { WEBHOOKS_CONFIG } from './application/webhooks-settings';
import { EventTypesController } from './http/event-types.controller';
import { EventsController } from './http/events.controller';
import { WebhookEndpointsController } from './http/webhook-endpoints.controller';
import { DeliveryReads } from './infrastructure/delivery-reads';
import { EndpointConcurrencyLimiter } from './infrastructure/endpoint-concurrency.limiter';
import { HOST_RESOLVER, type HostResolver, systemHostResolver } from './infrastructure/host-resolver';
import { WebhookDeliveryRepository } from './infrastructure/webhook-delivery.repository';
import { WebhookEndpointRepository } from './infrastructure/webhook-endpoint.repository';
import { WebhookHttpClient } from './infrastructure/webhook-http.client';
import { EventFanOutJob } from './jobs/event-fan-out.job';
import { PurgeWebhookDeliveriesJob } from './jobs/purge-webhook-deliveries.job';
import { WebhookDeliveryJob } from './jobs/webhook-delivery.job';

export interface WebhooksModuleConfig {
  readonly webhooks: WebhooksConfig;
  readonly events: EventsConfig;
  readonly redis: RedisConfig;
  readonly database: { readonly url: string };
}

/** The job handlers the worker registers from this module. */
export const webhookJobHandlers = [EventFanOutJob, WebhookDeliveryJob, PurgeWebhookDeliveriesJob];

function sharedProviders(config: WebhooksModuleConfig): Provider[] {
  return [
    { provide: WEBHOOKS_CONFIG, useValue: config.webhooks },
    { provide: HOST_RESOLVER, useValue: systemHostResolver },
    {
      provide: WebhookTargetGuard,
      useFactory: (resolver: HostResolver) =>
        new WebhookTargetGuard(resolver, config.webhooks.allowPrivateTargets),
      inject: [HOST_RESOLVER],
    },
    {
      provide: JobProducer,
      useFactory: (connection: QueueConnection) => new JobProducer(connection),
      inject: [QueueConnection],
    },
    WebhookEndpointRepository,
    WebhookDeliveryRepository,
  ];
}

class DeliveryResources implements OnApplicationShutdown {
  constructor(
    @Inject(WebhookHttpClient) private readonly http: WebhookHttpClient,
    @Inject(EndpointConcurrencyLimiter) private readonly limiter: EndpointConcurrencyLimiter,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    this.http.close();
    await this.limiter.close();
  }
}

/**
 * Webhook endpoints, their delivery log, the events API and the live stream (api); fan-out, delivery and purge
 * jobs (worker). Needs Database, CLOCK and QueueConnection from the app.
 */
@Module({})
export class WebhooksModule {
  /** `numbers` is the module that exports `sharedNumbers`, what agents may see of the live stream. */
  static forApi(
    config: WebhooksModuleConfig,
    numbers: { readonly module: DynamicModule; readonly sharedNumbers: InjectionToken<SharedNumbers> },
  ): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [EventsModule.forApi(config), numbers.module],
      controllers: [WebhookEndpointsController, EventsController, EventTypesController],
      providers: [
        ...sharedProviders(config),
        { provide: SHARED_NUMBERS, useExisting: numbers.sharedNumbers },
        { provide: LIVE_STREAM_HEARTBEAT_MS, useValue: config.events.streamHeartbeatSeconds * 1000 },
        WebhookEndpointService,
        WebhookDeliveryLogService,
        EventQueryService,
        LiveEventsService,
      ],
    };
  }

  static forWorker(config: WebhooksModuleConfig, logger: Logger): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [EventsModule.forWorker(config, logger)],
      providers: [
        ...sharedProviders(config),
        { provide: RANDOM, useValue: Math.random },
        { provide: WebhookHttpClient, useFactory: () => new WebhookHttpClient(config.webhooks.timeoutMs) },
        {
          provide: EndpointConcurrencyLimiter,
          // Auto-pipelining sends the slot commands of jobs running in the same tick in one write.
          useFactory: () =>
            new EndpointConcurrencyLimiter(new Redis(config.redis.url, { enableAutoPipelining: true }), {
              keyPrefix: config.redis.keyPrefix,
              limit: config.webhooks.endpointConcurrency,
              // A slot outlives the longest request, so it is only ever reclaimed from a crashed worker.
              leaseMs: config.webhooks.timeoutMs + 5_000,
            }),
        },
        DeliveryResources,
        DeliveryReads,
        WebhookDeliveryService,
        ...webhookJobHandlers,
      ],
      exports: [EventsModule, ...webhookJobHandlers],
    };
  }
}
