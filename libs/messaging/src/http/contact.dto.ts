import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import { type ContactResource } from '../application/contact-resource';

const timeExample = '2030-01-01T12:00:00.000Z';
const nullable = (_: object, value: unknown) => value !== null;

export class ContactDto {
  @ApiProperty({ description: 'Contact id.', example: 'ct_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['contact'], description: 'Always "contact".', example: 'contact' })
  object!: 'contact';
  @ApiProperty({
    description: 'The contact’s number, E.164; unique in the account.',
    example: '+14155550199',
  })
  phoneNumber!: string;
  @ApiProperty({ type: String, nullable: true, description: 'First name.', example: 'Ada' })
  firstName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Last name.', example: 'Lovelace' })
  lastName!: string | null;
  @ApiProperty({
    type: [String],
    description: 'Tags; campaigns pick their audience by tag.',
    example: ['vip'],
  })
  tags!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    description: 'Custom fields; templates read them as {{fields.name}}.',
    example: { plan: 'gold' },
  })
  fields!: Record<string, string | number | boolean>;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'IANA time zone for send windows; null means inferred from the number.',
    example: 'America/Los_Angeles',
  })
  timeZone!: string | null;
  @ApiProperty({ description: 'Creation time.', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change.', example: timeExample }) updatedAt!: string;

  static of(resource: ContactResource): ContactDto {
    return resource;
  }
}

export class ContactListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [ContactDto], description: 'Contacts, newest first.' }) data!: ContactDto[];
}

export class UpdateContactDto {
  @ApiPropertyOptional({ description: 'The contact’s number, E.164.', example: '+14155550199' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  phoneNumber?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'First name.', example: 'Ada' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(100)
  firstName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Last name.', example: 'Lovelace' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(100)
  lastName?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Tags (replace the current ones).', example: ['vip'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  tags?: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    description: 'Custom fields (replace the current ones): names of letters, digits and _, scalar values.',
    example: { plan: 'gold' },
  })
  @IsOptional()
  @IsObject()
  fields?: Record<string, string | number | boolean>;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'IANA time zone; null infers it from the number.',
    example: 'America/Los_Angeles',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;
}

export class CreateContactDto extends UpdateContactDto {
  @ApiProperty({ description: 'The contact’s number, E.164.', example: '+14155550199' })
  @IsString()
  @Length(1, 32)
  declare phoneNumber: string;
}

export class ListContactsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only contacts with this tag.', example: 'vip' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  tag?: string;
  @ApiPropertyOptional({ description: 'Digits the number contains (partial match).', example: '555019' })
  @IsOptional()
  @Matches(/^\+?\d{1,15}$/)
  number?: string;
}

export class ImportContactsQueryDto {
  @ApiPropertyOptional({ description: 'A tag added to every imported contact.', example: 'spring-sale' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  tag?: string;
}

export class ContactImportErrorDto {
  @ApiProperty({ description: 'Line of the file (the header is line 1).', example: 3 }) line!: number;
  @ApiProperty({
    description: 'What is wrong with the row: field, code and message per problem.',
    example: [{ field: 'phoneNumber', code: 'invalid_phone_number', message: 'phoneNumber must be valid.' }],
  })
  errors!: { field: string; code: string; message: string }[];
}

export class ContactImportDto {
  @ApiProperty({
    enum: ['contact_import'],
    description: 'Always "contact_import".',
    example: 'contact_import',
  })
  object!: 'contact_import';
  @ApiProperty({ description: 'Contacts created.', example: 120 }) created!: number;
  @ApiProperty({ description: 'Existing contacts (same number) updated.', example: 3 }) updated!: number;
  @ApiProperty({ type: [ContactImportErrorDto], description: 'Rows left out, with why.' })
  skipped!: ContactImportErrorDto[];
}
