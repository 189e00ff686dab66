import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { addCallFlowSchemas } from '@switchyard/call-flows';
import { type ApiConfig } from '@switchyard/config';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { type Clock, systemClock } from '@switchyard/contracts';
import {
  createValidationPipe,
  FieldErrorDto,
  ProblemDto,
  ProblemExceptionFilter,
  requestIdOf,
} from '@switchyard/http';
import { createLogger, type Logger, PinoNestLogger } from '@switchyard/logging';
import { ApiModule } from './api.module';

/** One log line per request, written when it completes, with what an operator needs to follow it. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
        err: error ?? undefined,
      },
      'request completed',
    );
  }
}

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

const registeredRoutes = new WeakMap<object, RegisteredRoute[]>();

/** The routes the application serves, as Fastify registered them; tests compare them with the OpenAPI document. */
export function routesOf(app: NestFastifyApplication): readonly RegisteredRoute[] {
  return registeredRoutes.get(app.getHttpAdapter().getInstance()) ?? [];
}

export interface ApiAppOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Switchyard API')
    .setDescription(
      'Cloud PBX and CPaaS: numbers, call flows, calls, messaging and webhooks. Errors are RFC 7807 problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'An API key (sk_…) or a dashboard access token.',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto, FieldErrorDto] });
  // RFC 7807 lets a problem carry extension members (e.g. the conflicting resources), so they are allowed.
  const problemSchema = document.components?.schemas?.ProblemDto;
  if (problemSchema && !('$ref' in problemSchema)) problemSchema.additionalProperties = true;
  addCallFlowSchemas(document);
  return document;
}

/** Builds the API application without listening, so tests can drive it with inject(). */
export async function createApiApp(
  config: ApiConfig,
  options: ApiAppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createLogger({ service: 'api', level: config.logging.level });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new OneLinePerRequest({ requestIdLogLabel: 'requestId' }),
    genReqId: requestIdOf,
    bodyLimit: 1_048_576,
    trustProxy: true,
  });
  const routes: RegisteredRoute[] = [];
  registeredRoutes.set(adapter.getInstance(), routes);
  adapter.getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config, options.clock ?? systemClock),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      bufferLogs: false,
      abortOnError: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(
    new ProblemExceptionFilter((error, request) => request.log.error({ err: error }, 'unhandled error')),
  );
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  fastify.get('/openapi.json', async () => document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  return app;
}
