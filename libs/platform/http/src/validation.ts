import { ValidationPipe, type ValidationError as ClassValidationError } from '@nestjs/common';
import { type FieldError, ValidationError } from '@switchyard/errors';

function flatten(errors: readonly ClassValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      code: constraint === 'whitelistValidation' ? 'unknown_field' : toSnakeCase(constraint),
      message: constraint === 'whitelistValidation' ? `${field} is not a known field.` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function toSnakeCase(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Validates DTOs, rejects unknown fields and answers with the list of offending fields. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationError(flatten(errors)),
  });
}
