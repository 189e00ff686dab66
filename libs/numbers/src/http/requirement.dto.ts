import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBase64,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import { DOCUMENT_TYPES, type DocumentType, NUMBER_TYPES } from '../domain';
import { IsCountryCode } from './country-code.decorator';

export const documentContentTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
const submissionStatuses = ['pending', 'approved', 'rejected'] as const;

export class RegulatoryRequirementDto {
  @ApiProperty({ description: 'Country and type, as one id.', example: 'GB.local' }) id!: string;
  @ApiProperty({
    enum: ['regulatory_requirement'],
    description: 'Resource type.',
    example: 'regulatory_requirement',
  })
  object!: 'regulatory_requirement';
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country.', example: 'GB' }) country!: string;
  @ApiProperty({ enum: NUMBER_TYPES, description: 'Kind of number.', example: 'local' }) type!: string;
  @ApiProperty({
    enum: DOCUMENT_TYPES,
    isArray: true,
    description: 'Documents a submission must include.',
    example: ['proof_of_address'],
  })
  documentTypes!: string[];
  @ApiProperty({ description: 'A postal address must be submitted.', example: true })
  addressRequired!: boolean;
  @ApiProperty({ description: 'The address must be in the country.', example: true })
  localPresenceRequired!: boolean;
  @ApiProperty({ description: 'The rule in words.', example: 'UK geographic numbers need a UK address.' })
  description!: string;
}

export class RegulatoryRequirementListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [RegulatoryRequirementDto], description: 'Requirements by country and type.' })
  data!: RegulatoryRequirementDto[];
}

export class ListRegulatoryRequirementsQueryDto {
  @ApiPropertyOptional({ description: 'Only this country.', example: 'GB' })
  @IsOptional()
  @IsCountryCode()
  country?: string;
  @ApiPropertyOptional({ enum: NUMBER_TYPES, description: 'Only this type.', example: 'local' })
  @IsOptional()
  @IsIn(NUMBER_TYPES)
  type?: (typeof NUMBER_TYPES)[number];
}

export class AddressDto {
  @ApiProperty({ description: 'Street and number.', example: '10 Downing Street' })
  @IsString()
  @Length(1, 200)
  line1!: string;
  @ApiPropertyOptional({ description: 'More of the address.', example: 'Flat 2' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  line2?: string;
  @ApiProperty({ description: 'City.', example: 'London' })
  @IsString()
  @Length(1, 100)
  city!: string;
  @ApiPropertyOptional({ description: 'State, county or province.', example: 'Greater London' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;
  @ApiProperty({ description: 'Postal code.', example: 'SW1A 2AA' })
  @IsString()
  @Length(1, 20)
  postalCode!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country.', example: 'GB' })
  @IsCountryCode()
  country!: string;
}

export class SubmittedDocumentDto {
  @ApiProperty({
    enum: DOCUMENT_TYPES,
    description: 'What the document proves.',
    example: 'proof_of_address',
  })
  @IsIn(DOCUMENT_TYPES)
  documentType!: DocumentType;
  @ApiProperty({ description: 'Original file name.', example: 'utility-bill.pdf' })
  @IsString()
  @Length(1, 200)
  fileName!: string;
  @ApiProperty({
    enum: documentContentTypes,
    description: 'Media type of the file.',
    example: 'application/pdf',
  })
  @IsIn(documentContentTypes)
  contentType!: string;
  @ApiProperty({
    description: 'The file, base64; the whole request may be at most 1 MiB.',
    example: 'JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoK',
  })
  @IsString()
  @IsBase64()
  @Length(4, 1_048_576)
  contentBase64!: string;
}

export class CreateRequirementSubmissionDto {
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country the numbers are in.', example: 'GB' })
  @IsCountryCode()
  country!: string;
  @ApiProperty({
    enum: NUMBER_TYPES,
    description: 'Kind of numbers the submission is for.',
    example: 'local',
  })
  @IsIn(NUMBER_TYPES)
  type!: (typeof NUMBER_TYPES)[number];
  @ApiPropertyOptional({ description: 'Legal name of the business, if any.', example: 'Acme Plumbing Ltd' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  businessName?: string;
  @ApiPropertyOptional({ type: AddressDto, description: 'Postal address of the customer.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
  @ApiProperty({ type: [SubmittedDocumentDto], description: 'The documents, one per type at most useful.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SubmittedDocumentDto)
  documents!: SubmittedDocumentDto[];
}

export class RequirementDocumentDto {
  @ApiProperty({ description: 'Document id.', example: 'doc_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({
    enum: DOCUMENT_TYPES,
    description: 'What the document proves.',
    example: 'proof_of_address',
  })
  documentType!: string;
  @ApiProperty({ description: 'Original file name.', example: 'utility-bill.pdf' }) fileName!: string;
  @ApiProperty({ description: 'Media type.', example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ description: 'Size in bytes.', example: 48213 }) sizeBytes!: number;
  @ApiProperty({
    description: 'Hex SHA-256 of the content.',
    example: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
  })
  sha256!: string;
}

export class RequirementSubmissionDto {
  @ApiProperty({ description: 'Submission id.', example: 'rqs_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({
    enum: ['requirement_submission'],
    description: 'Resource type.',
    example: 'requirement_submission',
  })
  object!: 'requirement_submission';
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country.', example: 'GB' }) country!: string;
  @ApiProperty({ enum: NUMBER_TYPES, description: 'Kind of numbers.', example: 'local' }) type!: string;
  @ApiProperty({
    enum: submissionStatuses,
    description:
      'pending: waits for review; approved: numbers of this country and type can be ordered; rejected.',
    example: 'approved',
  })
  status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Legal name of the business.', example: null })
  businessName!: string | null;
  @ApiProperty({ type: AddressDto, nullable: true, description: 'Postal address, if given.' })
  address!: AddressDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the submission was rejected.',
    example: null,
  })
  rejectionReason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When it was reviewed (UTC).', example: null })
  reviewedAt!: string | null;
  @ApiProperty({ type: [RequirementDocumentDto], description: 'The documents submitted.' })
  documents!: RequirementDocumentDto[];
  @ApiProperty({ description: 'Creation time (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;
}

export class RequirementSubmissionListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [RequirementSubmissionDto], description: 'Submissions, newest first.' })
  data!: RequirementSubmissionDto[];
}

export class ListRequirementSubmissionsQueryDto extends IntersectionType(
  ListQueryDto,
  ListRegulatoryRequirementsQueryDto,
) {
  @ApiPropertyOptional({ enum: submissionStatuses, description: 'Only this status.', example: 'approved' })
  @IsOptional()
  @IsIn(submissionStatuses)
  status?: (typeof submissionStatuses)[number];
}
