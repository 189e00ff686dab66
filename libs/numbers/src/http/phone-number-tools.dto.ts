import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PHONE_NUMBER_KINDS } from '../domain';
import { IsCountryCode } from './country-code.decorator';

export class DescribePhoneNumberQueryDto {
  @ApiPropertyOptional({
    description: 'ISO 3166-1 alpha-2 country to read a number written without "+" in.',
    example: 'GB',
  })
  @IsOptional()
  @IsCountryCode()
  country?: string;
}

export class NumberCarrierDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The carrier serving the number.',
    example: 'Telnyx',
  })
  name!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: PHONE_NUMBER_KINDS,
    description: 'Line type according to the carrier.',
    example: 'mobile',
  })
  type!: string | null;
}

export class PhoneNumberReportDto {
  @ApiProperty({
    enum: ['phone_number_report'],
    description: 'Resource type.',
    example: 'phone_number_report',
  })
  object!: 'phone_number_report';
  @ApiProperty({ description: 'The number as given.', example: '020 7946 0123' }) input!: string;
  @ApiProperty({ description: 'Whether the numbering plan assigns it.', example: true }) valid!: boolean;
  @ApiProperty({ description: 'Whether its length is possible.', example: true }) possible!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'E.164 form.', example: '+442079460123' })
  e164!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'National format.', example: '020 7946 0123' })
  nationalFormat!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'International format.',
    example: '+44 20 7946 0123',
  })
  internationalFormat!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2 country.', example: 'GB' })
  country!: string | null;
  @ApiProperty({
    enum: PHONE_NUMBER_KINDS,
    description: 'Kind of line by the numbering plan.',
    example: 'fixed_line',
  })
  type!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Area or toll-free code.', example: '20' })
  areaCode!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Place of a geographic number.',
    example: 'London',
  })
  region!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['too_short', 'too_long', 'invalid_country', 'not_a_number', 'invalid'],
    description: 'Why the number is not valid.',
    example: null,
  })
  invalidReason!: string | null;
  @ApiProperty({
    type: NumberCarrierDto,
    nullable: true,
    description: 'Carrier lookup; null when the carrier offers none or could not answer.',
  })
  carrier!: NumberCarrierDto | null;
}
