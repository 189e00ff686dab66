import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createCarrier } from '@switchyard/carriers';
import { type WorkerConfig } from '@switchyard/config';
import { CLOCK, type Clock, jobCatalog } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { messagingJobHandlers, MessagingModule } from '@switchyard/messaging';
import { numberJobHandlers, NumbersModule } from '@switchyard/numbers';
import { DatabaseModule } from '@switchyard/prisma';
import { PurgeEventsJob } from '@switchyard/events';
import { JOB_HANDLERS, type JobHandler, JobWorkerHost, QueueConnection } from '@switchyard/queue';
import { webhookJobHandlers, WebhooksModule } from '@switchyard/webhooks';
import { PurgeIdempotencyRecordsJob } from './jobs/purge-idempotency-records.job';

const ownJobHandlers = [PurgeIdempotencyRecordsJob];
/** Every job handler of the worker; the host refuses to boot when the catalog names a job missing here. */
const jobHandlerClasses = [
  ...ownJobHandlers,
  PurgeEventsJob,
  ...webhookJobHandlers,
  ...numberJobHandlers,
  ...messagingJobHandlers,
];

/** Recurring jobs: a job scheduler is idempotent by its id, so every worker may declare it. */
const schedules = [
  { id: 'purge-idempotency-records', every: 3_600_000, name: 'maintenance.purge-idempotency-records' },
  { id: 'purge-events', every: 3_600_000, name: 'maintenance.purge-events' },
  { id: 'purge-webhook-deliveries', every: 3_600_000, name: 'maintenance.purge-webhook-deliveries' },
  { id: 'reconcile-number-orders', every: 60_000, name: 'numbers.reconcile-orders' },
  { id: 'release-due-numbers', every: 60_000, name: 'numbers.release-due' },
  { id: 'reconcile-messages', every: 60_000, name: 'messages.reconcile' },
  { id: 'reconcile-campaigns', every: 60_000, name: 'campaigns.reconcile' },
  { id: 'reconcile-carrier-callbacks', every: 60_000, name: 'messages.reconcile-callbacks' },
] as const;

const LOGGER = Symbol('LOGGER');

class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(JobWorkerHost) private readonly host: JobWorkerHost,
    @Inject(QueueConnection) private readonly connection: QueueConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.host.start();
    await this.host.waitUntilReady();
    for (const schedule of schedules) {
      await this.connection
        .queue(jobCatalog[schedule.name].queue)
        .upsertJobScheduler(schedule.id, { every: schedule.every }, { name: schedule.name, data: {} });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
    await this.connection.close();
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, clock: Clock, logger: Logger): DynamicModule {
    const numbers = NumbersModule.forWorker({
      config,
      carrier: (sandboxStore) => createCarrier(config.carrier, { sandboxStore, clock: () => clock.now() }),
    });
    return {
      module: WorkerModule,
      global: true,
      imports: [
        DatabaseModule.forRoot({ url: config.database.url }),
        WebhooksModule.forWorker(config, logger),
        numbers,
        MessagingModule.forWorker(numbers, config.messagingPacing),
      ],
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: LOGGER, useValue: logger },
        { provide: QueueConnection, useValue: new QueueConnection(config.redis) },
        ...ownJobHandlers,
        {
          provide: JOB_HANDLERS,
          useFactory: (...handlers: JobHandler[]) => handlers,
          inject: jobHandlerClasses,
        },
        {
          provide: JobWorkerHost,
          useFactory: (connection: QueueConnection, handlers: JobHandler[]) =>
            new JobWorkerHost(
              connection,
              handlers,
              { concurrency: config.concurrency, shutdownGraceMs: config.shutdownGraceSeconds * 1000 },
              logger,
            ),
          inject: [QueueConnection, JOB_HANDLERS],
        },
        WorkerLifecycle,
      ],
      exports: [CLOCK, QueueConnection],
    };
  }
}
