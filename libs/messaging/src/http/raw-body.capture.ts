import { Readable } from 'node:stream';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FastifyInstance, type FastifyRequest } from 'fastify';

export const CARRIER_WEBHOOKS_PATH = '/v1/carrier-webhooks/';

const rawBodies = new WeakMap<FastifyRequest, string>();

/** The body exactly as the carrier sent it, which is what its signature covers. */
export function rawBodyOf(request: FastifyRequest): string {
  return rawBodies.get(request) ?? '';
}

/**
 * Keeps the raw body of carrier callbacks (and of nothing else) before Fastify parses it: signatures are computed
 * over the bytes, and parsed-then-serialized JSON would not match them.
 */
@Injectable()
export class RawBodyCapture implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      if (!request.url.startsWith(CARRIER_WEBHOOKS_PATH)) return payload;
      const chunks: Buffer[] = [];
      for await (const chunk of payload) chunks.push(Buffer.from(chunk as Buffer));
      const raw = Buffer.concat(chunks);
      rawBodies.set(request, raw.toString('utf8'));
      return Readable.from([raw]);
    });
  }
}
