import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createCarrier } from '@switchyard/carriers';
import { loadWorkerConfig } from '@switchyard/config';
import { CLOCK, type Clock, type JobName, type QueueName, queueNames } from '@switchyard/contracts';
import { messagingJobHandlers, MessagingModule } from '@switchyard/messaging';
import { NumbersModule } from '@switchyard/numbers';
import { DatabaseModule } from '@switchyard/prisma';
import { type JobHandler, QueueConnection } from '@switchyard/queue';
import { Worker } from 'bullmq';

export interface MessagingWorker {
  readonly context: INestApplicationContext;
  close(): Promise<void>;
}

/**
 * The messaging part of the worker in this process, on the test's clock: the messaging job handlers behind BullMQ
 * workers of the given queues (by default the messages and carrier-callbacks queues). An app cannot import another
 * app, so the test assembles it from the libs. Pacing is off unless `env` turns it on: it runs on Redis's clock,
 * not the test's, and has its own test with worker processes.
 */
export async function startMessagingWorker(
  env: Record<string, string | undefined>,
  clock: Clock,
  queues: readonly QueueName[] = [queueNames.messages, queueNames.carrierCallbacks],
): Promise<MessagingWorker> {
  const config = loadWorkerConfig({ MESSAGING_PACING_ENABLED: 'false', ...env });
  const connection = new QueueConnection(config.redis);
  const numbers = NumbersModule.forWorker({
    config,
    carrier: (sandboxStore) => createCarrier(config.carrier, { sandboxStore, clock: () => clock.now() }),
  });

  @Module({
    imports: [
      DatabaseModule.forRoot({ url: config.database.url }),
      numbers,
      MessagingModule.forWorker(numbers, config.messagingPacing),
    ],
    providers: [
      { provide: CLOCK, useValue: clock },
      { provide: QueueConnection, useValue: connection },
    ],
    exports: [CLOCK, QueueConnection],
  })
  class MessagingWorkerModule {}

  const context = await NestFactory.createApplicationContext(
    { module: MessagingWorkerModule, global: true },
    { logger: false },
  );
  const handlers = new Map<string, JobHandler>(
    messagingJobHandlers.map((type) => {
      const handler = context.get<JobHandler>(type);
      return [handler.jobName, handler];
    }),
  );
  const workers = queues.map(
    (queue) =>
      new Worker(
        queue,
        async (job) =>
          handlers
            .get(job.name as JobName)!
            .handle(job.data, { jobId: job.id!, attempt: job.attemptsMade + 1 }),
        { connection: connection.connectionOptions(), prefix: connection.prefix, concurrency: 8 },
      ),
  );
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    context,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await connection.close();
      await context.close();
    },
  };
}
