import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/**
 * An ISO 3166-1 alpha-2 code in any letter case, upper-cased. Well-formed codes of countries we do not sell in
 * pass, so the service can answer them with `unsupported_country` and the list of supported ones.
 */
export const IsCountryCode = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value)),
    Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' }),
  );
