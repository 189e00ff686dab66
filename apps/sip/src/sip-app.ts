import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type SipConfig } from '@switchyard/config';
import { type Clock, systemClock } from '@switchyard/contracts';
import { createLogger, type Logger, PinoNestLogger } from '@switchyard/logging';
import { SipModule } from './sip.module';

export interface SipAppOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** The SIP application: a Nest context that steers drachtio-server over its control connection. */
export async function createSipApp(
  config: SipConfig,
  options: SipAppOptions = {},
): Promise<INestApplicationContext> {
  const logger = options.logger ?? createLogger({ service: 'sip', level: config.logging.level });
  const app = await NestFactory.createApplicationContext(
    SipModule.forRoot(config, logger, options.clock ?? systemClock),
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    },
  );
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
  return app;
}
