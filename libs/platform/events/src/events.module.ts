import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type EventsConfig, type RedisConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { Database } from '@switchyard/prisma';
import { JobProducer, QueueConnection } from '@switchyard/queue';
import { EventPublisher } from './event-publisher';
import { EventStore } from './event-store';
import { LiveEventHub, LiveEventWriter, type LiveStreamSettings } from './live-event-stream';
import { OutboxRelay } from './outbox-relay';
import { PurgeEventsJob } from './purge-events.job';
import { RecentEventCache } from './recent-event.cache';
import { QueueAndStreamSink } from './relay-event-sink';

/** Live-stream resumes reach back at most this far, whatever the length cap allows. */
const liveStreamIdleExpiryMs = 86_400_000;

function liveStreamSettings(events: EventsConfig, redis: RedisConfig): LiveStreamSettings {
  return {
    keyPrefix: redis.keyPrefix,
    maxLength: events.streamMaxLength,
    idleExpiryMs: liveStreamIdleExpiryMs,
  };
}

const publisherProviders = [
  {
    provide: EventPublisher,
    useFactory: (database: Database, clock: Clock) => new EventPublisher(database, clock),
    inject: [Database, CLOCK],
  },
  { provide: EventStore, useFactory: (database: Database) => new EventStore(database), inject: [Database] },
];

class LiveEventHubLifecycle implements OnApplicationShutdown {
  constructor(@Inject(LiveEventHub) private readonly hub: LiveEventHub) {}
  async onApplicationShutdown(): Promise<void> {
    await this.hub.close();
  }
}

class OutboxRelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(LiveEventWriter) private readonly live: LiveEventWriter,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    this.live.close();
  }
}

/**
 * The outbox: `EventPublisher` and `EventStore` everywhere; the live-stream hub in the api; the relay and the events
 * purge in the worker. Needs Database, CLOCK and QueueConnection from the app.
 */
@Module({})
export class EventsModule {
  static forApi(config: { events: EventsConfig; redis: RedisConfig }): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        ...publisherProviders,
        {
          provide: LiveEventHub,
          useFactory: (connection: QueueConnection) =>
            new LiveEventHub(
              connection.createClient(),
              connection.createClient(),
              liveStreamSettings(config.events, config.redis),
            ),
          inject: [QueueConnection],
        },
        LiveEventHubLifecycle,
      ],
      exports: [EventPublisher, EventStore, LiveEventHub],
    };
  }

  static forWorker(
    config: { events: EventsConfig; redis: RedisConfig; database: { url: string } },
    logger: Logger,
  ): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        ...publisherProviders,
        { provide: RecentEventCache, useValue: new RecentEventCache() },
        {
          provide: LiveEventWriter,
          useFactory: (connection: QueueConnection) =>
            new LiveEventWriter(connection.createClient(), liveStreamSettings(config.events, config.redis)),
          inject: [QueueConnection],
        },
        {
          provide: OutboxRelay,
          useFactory: (
            database: Database,
            connection: QueueConnection,
            live: LiveEventWriter,
            recent: RecentEventCache,
          ) =>
            new OutboxRelay(
              database,
              new QueueAndStreamSink(new JobProducer(connection), live, recent),
              {
                databaseUrl: config.database.url,
                batchSize: config.events.relayBatchSize,
                sweepMs: config.events.relaySweepMs,
              },
              logger,
            ),
          inject: [Database, QueueConnection, LiveEventWriter, RecentEventCache],
        },
        OutboxRelayLifecycle,
        {
          provide: PurgeEventsJob,
          useFactory: (store: EventStore, clock: Clock) =>
            new PurgeEventsJob(store, clock, config.events.retentionDays),
          inject: [EventStore, CLOCK],
        },
      ],
      exports: [EventPublisher, EventStore, RecentEventCache, PurgeEventsJob],
    };
  }
}
