import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type WorkerConfig } from '@switchyard/config';
import { CLOCK, type Clock, queueNames } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { DatabaseModule } from '@switchyard/prisma';
import { JOB_HANDLERS, type JobHandler, JobWorkerHost, QueueConnection } from '@switchyard/queue';
import { PurgeIdempotencyRecordsJob } from './jobs/purge-idempotency-records.job';

/** Every job handler of the worker; the host refuses to boot when the catalog names a job missing here. */
const jobHandlerClasses = [PurgeIdempotencyRecordsJob];

const LOGGER = Symbol('LOGGER');

class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(JobWorkerHost) private readonly host: JobWorkerHost,
    @Inject(QueueConnection) private readonly connection: QueueConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.host.start();
    await this.host.waitUntilReady();
    // Recurring maintenance: a job scheduler is idempotent by its id, so every worker may declare it.
    await this.connection
      .queue(queueNames.maintenance)
      .upsertJobScheduler(
        'purge-idempotency-records',
        { every: 3_600_000 },
        { name: 'maintenance.purge-idempotency-records', data: {} },
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
    await this.connection.close();
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, clock: Clock, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      global: true,
      imports: [DatabaseModule.forRoot({ url: config.database.url })],
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: LOGGER, useValue: logger },
        { provide: QueueConnection, useValue: new QueueConnection(config.redis) },
        ...jobHandlerClasses,
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
