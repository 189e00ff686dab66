import { DomainError, type ErrorKind, type FieldError } from './domain-error';

export const problemContentType = 'application/problem+json';
export const problemTypeBase = 'https://docs.switchyard.dev/errors/';

/** RFC 7807 body with the product's extensions (`code`, `errors`). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const statusByKind: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  upstream_unavailable: 502,
  dependency_unavailable: 503,
};

const titleByStatus: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function httpStatusOf(kind: ErrorKind): number {
  return statusByKind[kind];
}

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  return {
    type: `${problemTypeBase}${code}`,
    title: titleByStatus[status] ?? 'Error',
    status,
    code,
    detail,
    ...extra,
  };
}

export function problemFromDomainError(error: DomainError): ProblemDetails {
  const extra: Partial<ProblemDetails> = {};
  if (error.fieldErrors.length > 0) extra.errors = [...error.fieldErrors];
  if (error.details !== undefined) Object.assign(extra, error.details);
  return problem(httpStatusOf(error.kind), error.code, error.message, extra);
}
