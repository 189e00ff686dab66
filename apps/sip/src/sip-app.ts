import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type SipConfig } from '@switchyard/config';
import { createLogger, type Logger, PinoNestLogger } from '@switchyard/logging';
import { SipModule } from './sip.module';

export interface SipAppOptions {
  readonly logger?: Logger;
}

/** The SIP application: a Nest context that steers drachtio-server over its control connection. */
export async function createSipApp(
  config: SipConfig,
  options: SipAppOptions = {},
): Promise<INestApplicationContext> {
  const logger = options.logger ?? createLogger({ service: 'sip', level: config.logging.level });
  const app = await NestFactory.createApplicationContext(SipModule.forRoot(config, logger), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
  return app;
}
