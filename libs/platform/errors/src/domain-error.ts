/**
 * Errors the rules of the product raise. Each has a stable lower snake case `code` that clients and tests rely on;
 * how a kind maps onto HTTP or SIP is decided in one place per protocol, never where the error is thrown.
 */
export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'dependency_unavailable';

export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface DomainErrorOptions {
  readonly fieldErrors?: readonly FieldError[];
  readonly retryAfterSeconds?: number;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class DomainError extends Error {
  readonly fieldErrors: readonly FieldError[];
  readonly retryAfterSeconds: number | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.fieldErrors = options.fieldErrors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }
}

export class NotFoundError extends DomainError {
  constructor(resource: string, id: string) {
    super('not_found', 'resource_not_found', `No ${resource} with id ${id}.`, { details: { resource, id } });
  }
}

export class ValidationError extends DomainError {
  constructor(fieldErrors: readonly FieldError[], message = 'The request is not valid.') {
    super('invalid_input', 'validation_failed', message, { fieldErrors });
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: Readonly<Record<string, unknown>>) {
    super('conflict', code, message, details === undefined ? {} : { details });
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string) {
    super('forbidden', code, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code = 'unauthenticated', message = 'Missing or invalid credentials.') {
    super('unauthenticated', code, message);
  }
}
