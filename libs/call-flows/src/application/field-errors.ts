import { ValidationError } from '@switchyard/errors';
import { parseInstant } from '../domain/zoned-time';

/** A JSON Pointer as the dotted field name of problem+json errors: `/weekly/0/start` becomes `weekly.0.start`. */
export function fieldOfPointer(pointer: string, prefix?: string): string {
  const segments =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  return [...(prefix === undefined ? [] : [prefix]), ...segments].join('.');
}

/** An instant received in a request field; without an offset it would depend on the server's zone, so it needs one. */
export function parseInstantField(field: string, value: string): Date {
  const instant = parseInstant(value);
  if (instant === null) {
    throw new ValidationError([
      {
        field,
        code: 'invalid_instant',
        message: `${field} must be an ISO 8601 instant with an offset, such as 2026-01-02T09:00:00Z.`,
      },
    ]);
  }
  return new Date(instant);
}
