import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type WorkerConfig } from '@switchyard/config';
import { type Clock, systemClock } from '@switchyard/contracts';
import { createLogger, type Logger, PinoNestLogger } from '@switchyard/logging';
import { WorkerModule } from './worker.module';

export interface WorkerAppOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** The worker is a Nest application context without HTTP: it only runs queue processors. */
export async function createWorkerApp(
  config: WorkerConfig,
  options: WorkerAppOptions = {},
): Promise<INestApplicationContext> {
  const logger = options.logger ?? createLogger({ service: 'worker', level: config.logging.level });
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, options.clock ?? systemClock, logger),
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    },
  );
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
  return app;
}
