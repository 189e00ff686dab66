import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { problemContentType } from '@switchyard/errors';

export class FieldErrorDto {
  @ApiProperty({ description: 'The offending field, dotted for nested ones.', example: 'email' })
  field!: string;
  @ApiProperty({ description: 'Stable error code.', example: 'is_email' }) code!: string;
  @ApiProperty({ description: 'Human explanation.', example: 'email must be an email' }) message!: string;
}

export class ProblemDto {
  @ApiProperty({
    description: 'URI identifying the problem type.',
    example: 'https://docs.switchyard.dev/errors/validation_failed',
  })
  type!: string;
  @ApiProperty({ description: 'Short summary of the status.', example: 'Bad Request' }) title!: string;
  @ApiProperty({ description: 'HTTP status.', example: 400 }) status!: number;
  @ApiProperty({ description: 'Stable, documented error code.', example: 'validation_failed' }) code!: string;
  @ApiProperty({ description: 'Human sentence for this occurrence.', example: 'The request is not valid.' })
  detail!: string;
  @ApiProperty({ description: 'Request id of this occurrence.', example: 'req_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  instance!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Offending fields, for validation errors.' })
  errors?: FieldErrorDto[];
}

const descriptions: Record<number, string> = {
  400: 'Invalid input (problem+json with the offending fields).',
  401: 'Missing or invalid credentials.',
  403: 'Authenticated, but not allowed (scope or role).',
  404: 'Not found in this account.',
  409: 'Conflicts with the current state.',
  413: 'Payload too large.',
  415: 'Unsupported media type.',
  422: 'Well-formed but not allowed by business rules.',
  429: 'Rate limited; see Retry-After.',
  502: 'An upstream provider failed; see Retry-After.',
  503: 'A dependency is unavailable.',
};

/** Documents the problem+json answers of a route. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: descriptions[status] ?? 'Error.',
        content: { [problemContentType]: { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      }),
    ),
  );
}
