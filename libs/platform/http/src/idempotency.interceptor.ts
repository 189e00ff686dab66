import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { principalOf } from '@switchyard/auth';
import { type Clock } from '@switchyard/contracts';
import { ConflictError, DomainError, ValidationError } from '@switchyard/errors';
import { Database, isUniqueViolation, Prisma } from '@switchyard/prisma';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';

export const idempotencyRetentionMs = 24 * 3_600_000;
const maxKeyLength = 255;

/**
 * Stripe-style `Idempotency-Key` on POST: the first response is stored and replayed for the same key and body;
 * the same key with another body is refused, and so is a key whose first request is still running.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers['idempotency-key'];
    const principal = principalOf(request);
    if (request.method !== 'POST' || key === undefined || !principal) return next.handle();
    return from(
      this.run(String(key), principal.accountId, request, context.switchToHttp().getResponse(), next),
    );
  }

  private async run(
    key: string,
    accountId: string,
    request: FastifyRequest,
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    if (key.length === 0 || key.length > maxKeyLength) {
      throw new ValidationError([
        {
          field: 'Idempotency-Key',
          code: 'invalid_idempotency_key',
          message: `Use 1 to ${maxKeyLength} characters.`,
        },
      ]);
    }
    const requestHash = createHash('sha256')
      .update(
        `${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.body ?? null)}`,
      )
      .digest('hex');
    const now = this.clock.now();
    const records = this.database.root.idempotencyRecord;
    try {
      await records.create({
        data: {
          accountId,
          key,
          requestHash,
          status: 'in_progress',
          expiresAt: new Date(now.getTime() + idempotencyRetentionMs),
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await records.findUnique({ where: { accountId_key: { accountId, key } } });
      if (existing && existing.expiresAt <= now) {
        await records.delete({ where: { accountId_key: { accountId, key } } });
        return this.run(key, accountId, request, reply, next);
      }
      if (!existing || existing.requestHash !== requestHash) {
        throw new DomainError(
          'unprocessable',
          'idempotency_key_reused',
          'This Idempotency-Key was used with another request.',
        );
      }
      if (existing.status !== 'completed' || existing.responseStatus === null) {
        throw new ConflictError(
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still being processed.',
        );
      }
      void reply.status(existing.responseStatus).header('Idempotent-Replayed', 'true');
      return existing.responseBody;
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await records.update({
        where: { accountId_key: { accountId, key } },
        data: {
          status: 'completed',
          responseStatus: reply.statusCode,
          responseBody: (body ?? Prisma.JsonNull) as Prisma.InputJsonValue,
        },
      });
      return body;
    } catch (error) {
      // A failed request leaves nothing behind, so the client may retry it with the same key.
      await records.delete({ where: { accountId_key: { accountId, key } } }).catch(() => undefined);
      throw error;
    }
  }
}
