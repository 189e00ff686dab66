import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import {
  DomainError,
  problem,
  problemContentType,
  problemFromDomainError,
  type ProblemDetails,
} from '@switchyard/errors';
import { type FastifyReply, type FastifyRequest } from 'fastify';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const codeByHttpStatus: Record<number, string> = {
  // Invalid fields arrive as ValidationError; any other 400 is a body the server could not read.
  400: 'malformed_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'route_not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** Turns every error leaving a controller into RFC 7807 problem+json, in one place. */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  constructor(private readonly onUnexpected: (error: unknown, request: FastifyRequest) => void) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toProblem(exception, request);
    body.instance = String(request.id);
    if (exception instanceof DomainError && exception.retryAfterSeconds !== undefined) {
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    void reply.status(body.status).header('Content-Type', problemContentType).send(body);
  }

  private toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
    if (exception instanceof DomainError) return problemFromDomainError(exception);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) this.onUnexpected(exception, request);
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : String((response as { message?: unknown }).message ?? exception.message);
      if (status === 404)
        return problem(404, 'route_not_found', `No route ${request.method} ${request.url}.`);
      return problem(status, codeByHttpStatus[status] ?? 'http_error', message);
    }
    const fastifyError = exception as FastifyLikeError;
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      const status = fastifyError.statusCode;
      const code =
        fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported_media_type'
          : (codeByHttpStatus[status] ?? 'http_error');
      return problem(status, code, fastifyError.message ?? 'The request could not be processed.');
    }
    this.onUnexpected(exception, request);
    return problem(500, 'internal_error', 'An unexpected error occurred; it has been logged.');
  }
}
