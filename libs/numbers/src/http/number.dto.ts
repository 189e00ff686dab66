import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import {
  CAPABILITIES,
  NUMBER_HANDLING_TYPES,
  NUMBER_STATUSES,
  NUMBER_TYPES,
  type NumberHandling,
  DEFAULT_RECORDING_POLICY,
  RECORDING_POLICIES,
  type RecordingPolicy,
} from '../domain';
import { IsCountryCode } from './country-code.decorator';

/** Optional fields that accept null to clear them. */
const nullable = (_: object, value: unknown) => value !== null && value !== undefined;

export class MoneyDto {
  @ApiProperty({ description: 'Amount in minor units of the currency (cents, pence).', example: 100 })
  amount!: number;
  @ApiProperty({ description: 'ISO 4217 currency code.', example: 'USD' }) currency!: string;
}

export class NumberHandlingDto {
  @ApiProperty({
    enum: NUMBER_HANDLING_TYPES,
    description:
      'flow runs a call flow, user rings (or delivers to) one user, forward passes on to another number.',
    example: 'flow',
  })
  @IsIn(NUMBER_HANDLING_TYPES)
  type!: NumberHandling['type'];

  @ApiPropertyOptional({
    description: 'The flow to run, for type flow.',
    example: 'flow_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @ValidateIf((handling: NumberHandlingDto) => handling.type === 'flow')
  @IsString()
  @Length(1, 64)
  flowId?: string;

  @ApiPropertyOptional({ description: 'The user, for type user.', example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  @ValidateIf((handling: NumberHandlingDto) => handling.type === 'user')
  @IsString()
  @Length(1, 64)
  userId?: string;

  @ApiPropertyOptional({
    description: 'The E.164 number to forward to, for type forward.',
    example: '+14155550123',
  })
  @ValidateIf((handling: NumberHandlingDto) => handling.type === 'forward')
  @IsString()
  @Length(1, 32)
  to?: string;

  /** The handling with the field of its type only. */
  static toHandling(dto: NumberHandlingDto): NumberHandling {
    switch (dto.type) {
      case 'flow':
        return { type: 'flow', flowId: dto.flowId! };
      case 'user':
        return { type: 'user', userId: dto.userId! };
      case 'forward':
        return { type: 'forward', to: dto.to! };
    }
  }
}

/** A field that only a handling of the given type takes (code `not_allowed_for_type` otherwise). */
function OnlyForHandlingType(type: NumberHandling['type']) {
  return ValidateBy({
    name: 'notAllowedForType',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) =>
        (args?.object as NumberHandlingDto | undefined)?.type === type,
      defaultMessage: (args?: ValidationArguments) => `${args?.property} is only taken by type ${type}.`,
    },
  });
}

/** Call handling: a number's handling plus, for flows, whether its calls are recorded. */
export class VoiceHandlingDto extends NumberHandlingDto {
  @ApiPropertyOptional({
    enum: RECORDING_POLICIES,
    description:
      'For type flow: always records every call, on_demand (the default) records when asked through the API, ' +
      'never refuses recording.',
    example: 'on_demand',
  })
  @ValidateIf((handling: VoiceHandlingDto) => handling.recording !== undefined)
  @IsIn(RECORDING_POLICIES)
  @OnlyForHandlingType('flow')
  recording?: RecordingPolicy;

  /** The handling with the fields of its type only; a flow always carries its recording policy. */
  static override toHandling(dto: VoiceHandlingDto): NumberHandling {
    const handling = NumberHandlingDto.toHandling(dto);
    return handling.type === 'flow'
      ? { ...handling, recording: dto.recording ?? DEFAULT_RECORDING_POLICY }
      : handling;
  }
}

export class SharedWithDto {
  @ApiProperty({
    type: [String],
    description: 'Users who may use the number.',
    example: ['usr_01jd3v3k6m5x9q8w7e6r5t4y3u'],
  })
  userIds!: string[];
  @ApiProperty({
    type: [String],
    description: 'Teams whose members may use the number.',
    example: ['team_01jd3v3k6m5x9q8w7e6r5t4y3u'],
  })
  teamIds!: string[];
}

/** What a number is, whether on sale or held: the fields a search result and a held number share. */
export class NumberFactsDto {
  @ApiProperty({ description: 'The phone number, E.164.', example: '+14155550123' }) phoneNumber!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country.', example: 'US' }) country!: string;
  @ApiProperty({ enum: NUMBER_TYPES, description: 'Kind of number.', example: 'local' }) type!: string;
  @ApiProperty({ description: 'Place of the number, or its country.', example: 'San Francisco, CA' })
  region!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Area or toll-free code.', example: '415' })
  areaCode!: string | null;
  @ApiProperty({
    enum: CAPABILITIES,
    isArray: true,
    description: 'What the number can do.',
    example: ['voice', 'sms'],
  })
  capabilities!: string[];
  @ApiProperty({ type: MoneyDto, description: 'Price per month.' }) monthlyPrice!: MoneyDto;
  @ApiProperty({ type: MoneyDto, description: 'One-time price.' }) setupPrice!: MoneyDto;
}

export class NumberDto extends NumberFactsDto {
  @ApiProperty({ description: 'Number id.', example: 'num_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['number'], description: 'Resource type.', example: 'number' }) object!: 'number';
  @ApiProperty({
    enum: NUMBER_STATUSES,
    description:
      'ordering: the carrier order is under way; pending_documents: waits for an approved requirement submission; ' +
      'active; releasing: restorable until releaseAt; released; failed: see failureReason.',
    example: 'active',
  })
  status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'A name for people.', example: 'Main line' })
  friendlyName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Free notes.', example: 'Printed on the flyers' })
  description!: string | null;
  @ApiProperty({ type: [String], description: 'Labels to group numbers by.', example: ['sales', 'west'] })
  tags!: string[];
  @ApiProperty({
    type: VoiceHandlingDto,
    nullable: true,
    description: 'What happens to calls; null: not set.',
  })
  voice!: VoiceHandlingDto | null;
  @ApiProperty({
    type: NumberHandlingDto,
    nullable: true,
    description: 'What happens to messages; null: not set.',
  })
  messaging!: NumberHandlingDto | null;
  @ApiProperty({ type: SharedWithDto, description: 'Who may use the number besides owners and admins.' })
  sharedWith!: SharedWithDto;
  @ApiProperty({ description: 'The carrier the number was bought from.', example: 'sandbox' })
  carrier!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the order failed, for failed numbers.',
    example: null,
  })
  failureReason!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the order completed (UTC).',
    example: null,
  })
  purchasedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When a releasing number goes back to the carrier (UTC).',
    example: null,
  })
  releaseAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the number was released (UTC).',
    example: null,
  })
  releasedAt!: string | null;
  @ApiProperty({ description: 'Creation time (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;
}

export class NumberListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [NumberDto], description: 'Numbers, newest first.' }) data!: NumberDto[];
}

export class PurchaseNumberDto {
  @ApiProperty({
    description: 'The number to buy, E.164 (as a search returned it).',
    example: '+14155550123',
  })
  @IsString()
  @Length(1, 32)
  phoneNumber!: string;
  @ApiPropertyOptional({ description: 'A name for people.', example: 'Main line' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  friendlyName?: string;
}

export class UpdateNumberDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A name for people; null clears it.',
    example: 'Sales',
  })
  @ValidateIf(nullable)
  @IsString()
  @Length(1, 100)
  friendlyName?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Free notes; null clears them.',
    example: 'Ads',
  })
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(1000)
  description?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Replaces the tags.', example: ['sales'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  tags?: string[];
  @ApiPropertyOptional({
    type: VoiceHandlingDto,
    nullable: true,
    description: 'Call handling; null clears it.',
  })
  @ValidateIf(nullable)
  @ValidateNested()
  @Type(() => VoiceHandlingDto)
  voice?: VoiceHandlingDto | null;
  @ApiPropertyOptional({
    type: NumberHandlingDto,
    nullable: true,
    description: 'Message handling; null clears it.',
  })
  @ValidateIf(nullable)
  @ValidateNested()
  @Type(() => NumberHandlingDto)
  messaging?: NumberHandlingDto | null;
}

export class ShareNumberDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Users of the account to share the number with.',
    example: ['usr_01jd3v3k6m5x9q8w7e6r5t4y3u'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  userIds?: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'Teams of the account to share the number with.',
    example: ['team_01jd3v3k6m5x9q8w7e6r5t4y3u'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  teamIds?: string[];
}

export class ListNumbersQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only numbers of this country.', example: 'US' })
  @IsOptional()
  @IsCountryCode()
  country?: string;
  @ApiPropertyOptional({ enum: NUMBER_TYPES, description: 'Only numbers of this type.', example: 'local' })
  @IsOptional()
  @IsIn(NUMBER_TYPES)
  type?: (typeof NUMBER_TYPES)[number];
  @ApiPropertyOptional({
    enum: NUMBER_STATUSES,
    description: 'Only numbers in this status; without it, released and failed numbers are left out.',
    example: 'active',
  })
  @IsOptional()
  @IsIn(NUMBER_STATUSES)
  status?: (typeof NUMBER_STATUSES)[number];
  @ApiPropertyOptional({
    description: 'Only numbers this user may use: shared with them or one of their teams.',
    example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  assignedUserId?: string;
  @ApiPropertyOptional({
    description: 'Only numbers shared with this team.',
    example: 'team_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  assignedTeamId?: string;
  @ApiPropertyOptional({
    description: 'Digits the number contains (partial match; other characters are ignored).',
    example: '415555',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  search?: string;
}
