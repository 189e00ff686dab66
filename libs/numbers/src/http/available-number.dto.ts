import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ListEnvelopeDto } from '@switchyard/http';
import { CAPABILITIES, type Capability, DOCUMENT_TYPES, NUMBER_SEARCH_LIMIT, NUMBER_TYPES } from '../domain';
import { IsCountryCode } from './country-code.decorator';
import { NumberFactsDto } from './number.dto';

export class SearchAvailableNumbersQueryDto {
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country to search in.', example: 'US' })
  @IsCountryCode()
  country!: string;
  @ApiPropertyOptional({
    enum: NUMBER_TYPES,
    description: 'Kind of number; local by default.',
    example: 'local',
  })
  @IsOptional()
  @IsIn(NUMBER_TYPES)
  type?: (typeof NUMBER_TYPES)[number];
  @ApiPropertyOptional({
    description: 'Area or toll-free code; "020" and "20" both mean London.',
    example: '415',
  })
  @IsOptional()
  @IsString()
  @MaxLength(8)
  areaCode?: string;
  @ApiPropertyOptional({
    description: 'Digits, vanity letters or ? wildcards anywhere in the national number.',
    example: 'CAFE',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  contains?: string;
  @ApiPropertyOptional({ description: 'Start of the national number.', example: '41555' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  startsWith?: string;
  @ApiPropertyOptional({ description: 'End of the national number.', example: '00' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  endsWith?: string;
  @ApiPropertyOptional({
    description: 'Comma-separated capabilities every result must have.',
    example: 'sms,mms',
    type: String,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)
      : value,
  )
  @IsIn(CAPABILITIES, { each: true })
  capabilities?: Capability[];
  @ApiPropertyOptional({
    description: 'Only numbers sharing this number’s area code.',
    example: '+14155550123',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  nearNumber?: string;
  @ApiPropertyOptional({
    description: 'Most results to return.',
    minimum: 1,
    maximum: NUMBER_SEARCH_LIMIT.max,
    default: NUMBER_SEARCH_LIMIT.default,
    example: 20,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(NUMBER_SEARCH_LIMIT.max)
  limit?: number;
}

export class NumberRequirementsDto {
  @ApiProperty({
    description:
      'Whether an approved requirement submission must exist before the order goes to the carrier.',
    example: false,
  })
  documentsRequired!: boolean;
  @ApiProperty({ enum: DOCUMENT_TYPES, isArray: true, description: 'Documents to submit.', example: [] })
  documentTypes!: string[];
  @ApiProperty({ description: 'A postal address must be on file.', example: false })
  addressRequired!: boolean;
  @ApiProperty({ description: 'The address must be in the number’s country.', example: false })
  localPresenceRequired!: boolean;
}

export class AvailableNumberDto extends NumberFactsDto {
  @ApiProperty({ enum: ['available_number'], description: 'Resource type.', example: 'available_number' })
  object!: 'available_number';
  @ApiProperty({
    type: NumberRequirementsDto,
    description: 'What regulation asks before the number is assigned.',
  })
  requirements!: NumberRequirementsDto;
}

export class AvailableNumberListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [AvailableNumberDto], description: 'Numbers on sale; never more than limit.' })
  data!: AvailableNumberDto[];
}
