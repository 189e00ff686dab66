import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import { type CampaignResource } from '../application/campaign-resource';
import { DELAY_UNITS, type DelayUnit } from '../domain';

const timeExample = '2030-01-01T12:00:00.000Z';
const campaignIdExample = 'cmp_01jd3v3k6m5x9q8w7e6r5t4y3u';
const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'completed', 'canceled'] as const;
const E164 = /^\+[1-9]\d{1,14}$/;
const nullable = (_: object, value: unknown) => value !== null;

export class SendWindowDto {
  @ApiProperty({
    description: 'Local time the window opens, HH:MM on the recipient’s clock.',
    example: '09:00',
  })
  @Matches(/^\d{2}:\d{2}$/, { message: 'start must be HH:MM' })
  start!: string;
  @ApiProperty({
    description: 'Local time it closes, HH:MM (24:00 for midnight); before start means past midnight.',
    example: '20:00',
  })
  @Matches(/^\d{2}:\d{2}$/, { message: 'end must be HH:MM' })
  end!: string;
}

export class StepDelayDto {
  @ApiProperty({
    description: 'How long after the previous step (after enrollment for the first).',
    example: 2,
  })
  @IsInt()
  @Min(0)
  @Max(100_000)
  amount!: number;
  @ApiProperty({
    enum: DELAY_UNITS,
    description: 'Unit; days keep the recipient’s wall-clock time across DST.',
    example: 'days',
  })
  @IsIn(DELAY_UNITS)
  unit!: DelayUnit;
}

export class CampaignStepDto {
  @ApiProperty({
    description:
      'Template: merge fields like {{firstName}}, {{lastName | "there"}} with a fallback, {{fields.plan}}.',
    example: 'Hi {{firstName | "there"}}, your {{fields.plan}} plan renews soon.',
  })
  @IsString()
  @Length(1, 1600)
  text!: string;
  @ApiPropertyOptional({
    type: StepDelayDto,
    description: 'Send this long after the previous step; or give at.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => StepDelayDto)
  delay?: StepDelayDto;
  @ApiPropertyOptional({
    description: 'Send at this fixed time (ISO-8601) instead of after a delay.',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
  @ApiPropertyOptional({
    type: SendWindowDto,
    description: 'Overrides the campaign’s send window for this step.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SendWindowDto)
  sendWindow?: SendWindowDto;
}

export class CampaignAudienceDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Contacts carrying any of these tags.',
    example: ['vip'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  tags?: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'These contacts, by id.',
    example: ['ct_01jd3v3k6m5x9q8w7e6r5t4y3u'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  contactIds?: string[];
}

export class UpdateCampaignDto {
  @ApiPropertyOptional({ description: 'Name, for people.', example: 'Spring renewal' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
  @ApiPropertyOptional({ type: [CampaignStepDto], description: 'The steps, in order (1 to 50).' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CampaignStepDto)
  steps?: CampaignStepDto[];
  @ApiPropertyOptional({
    description: 'Send from this number of the account, E.164.',
    example: '+14155550123',
  })
  @IsOptional()
  @Matches(E164, { message: 'from must be an E.164 number' })
  from?: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'Or from a pool of the account’s numbers; each recipient always hears from the same one.',
    example: ['+14155550123', '+14155550124'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(E164, { each: true, message: 'fromPool must hold E.164 numbers' })
  fromPool?: string[];
  @ApiPropertyOptional({ type: CampaignAudienceDto, description: 'Who the campaign goes to.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignAudienceDto)
  audience?: CampaignAudienceDto;
  @ApiPropertyOptional({
    type: SendWindowDto,
    nullable: true,
    description: 'Hours on the recipient’s clock in which steps go out; null for any time.',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @ValidateNested()
  @Type(() => SendWindowDto)
  sendWindow?: SendWindowDto | null;
  @ApiPropertyOptional({
    description:
      'Zone for recipients whose zone is neither known nor guessable from the number; default the account’s.',
    example: 'America/New_York',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timeZone?: string;
  @ApiPropertyOptional({
    description:
      'Whether a reply takes the recipient out of the campaign (default true); an opt-out always does.',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  stopOnReply?: boolean;
}

export class CreateCampaignDto extends UpdateCampaignDto {
  @ApiProperty({ description: 'Name, for people.', example: 'Spring renewal' })
  @IsString()
  @Length(1, 200)
  declare name: string;
  @ApiProperty({ type: [CampaignStepDto], description: 'The steps, in order (1 to 50).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CampaignStepDto)
  declare steps: CampaignStepDto[];
}

export class ListCampaignsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    enum: CAMPAIGN_STATUSES,
    description: 'Only campaigns in this status.',
    example: 'running',
  })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: (typeof CAMPAIGN_STATUSES)[number];
}

export class PreviewCampaignDto {
  @ApiProperty({
    description: 'The contact to render the steps for.',
    example: 'ct_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsString()
  @Length(1, 64)
  contactId!: string;
}

class SendWindowResourceDto {
  @ApiProperty({ description: 'Opens, HH:MM local.', example: '09:00' }) start!: string;
  @ApiProperty({ description: 'Closes, HH:MM local.', example: '20:00' }) end!: string;
}

class StepDelayResourceDto {
  @ApiProperty({ description: 'Amount.', example: 2 }) amount!: number;
  @ApiProperty({ enum: DELAY_UNITS, description: 'Unit.', example: 'days' }) unit!: DelayUnit;
}

class CampaignStepResourceDto {
  @ApiProperty({ description: 'The template.', example: 'Hi {{firstName | "there"}}!' }) text!: string;
  @ApiProperty({ type: StepDelayResourceDto, nullable: true, description: 'Delay after the previous step.' })
  delay!: StepDelayResourceDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Fixed time, instead of a delay.',
    example: null,
  })
  at!: string | null;
  @ApiProperty({ type: SendWindowResourceDto, nullable: true, description: 'The step’s own send window.' })
  sendWindow!: SendWindowResourceDto | null;
}

class CampaignAudienceResourceDto {
  @ApiProperty({ type: [String], description: 'Tags.', example: ['vip'] }) tags!: string[];
  @ApiProperty({ type: [String], description: 'Contact ids.', example: [] }) contactIds!: string[];
}

export class CampaignDto {
  @ApiProperty({ description: 'Campaign id.', example: campaignIdExample }) id!: string;
  @ApiProperty({ enum: ['campaign'], description: 'Always "campaign".', example: 'campaign' })
  object!: 'campaign';
  @ApiProperty({ description: 'Name.', example: 'Spring renewal' }) name!: string;
  @ApiProperty({
    enum: CAMPAIGN_STATUSES,
    description: 'Where the campaign is in its life.',
    example: 'draft',
  })
  status!: (typeof CAMPAIGN_STATUSES)[number];
  @ApiProperty({ type: [CampaignStepResourceDto], description: 'Steps, in order.' })
  steps!: CampaignStepResourceDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The sender number, unless a pool.',
    example: '+14155550123',
  })
  from!: string | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'The sender pool, unless one number.',
    example: null,
  })
  fromPool!: string[] | null;
  @ApiProperty({ type: CampaignAudienceResourceDto, description: 'Who it goes to.' })
  audience!: CampaignAudienceResourceDto;
  @ApiProperty({ type: SendWindowResourceDto, nullable: true, description: 'Send window for every step.' })
  sendWindow!: SendWindowResourceDto | null;
  @ApiProperty({ description: 'Fallback zone for recipients.', example: 'America/New_York' })
  timeZone!: string;
  @ApiProperty({ description: 'Whether a reply takes the recipient out.', example: true })
  stopOnReply!: boolean;
  @ApiProperty({ description: 'Whether every contact of the audience was enrolled.', example: false })
  enrollmentComplete!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'When it started.', example: timeExample })
  startedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When it was paused, while paused.',
    example: null,
  })
  pausedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When it completed or was canceled.',
    example: null,
  })
  endedAt!: string | null;
  @ApiProperty({ description: 'Creation time.', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change.', example: timeExample }) updatedAt!: string;

  static of(resource: CampaignResource): CampaignDto {
    return resource;
  }
}

export class CampaignListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [CampaignDto], description: 'Campaigns, newest first.' }) data!: CampaignDto[];
}

class CampaignStepStatsDto {
  @ApiProperty({ description: 'Messages planned for the step.', example: 100 }) scheduled!: number;
  @ApiProperty({ description: 'Accepted by the carrier.', example: 90 }) sent!: number;
  @ApiProperty({ description: 'Delivered.', example: 85 }) delivered!: number;
  @ApiProperty({ description: 'Failed or undelivered.', example: 2 }) failed!: number;
  @ApiProperty({ description: 'Recipients who replied after this step and left.', example: 4 })
  replied!: number;
  @ApiProperty({ description: 'Recipients who opted out after this step.', example: 1 }) optedOut!: number;
}

class CampaignStepStatsEntryDto extends CampaignStepStatsDto {
  @ApiProperty({ description: 'The step, from 0.', example: 0 }) stepIndex!: number;
}

export class CampaignStatsDto {
  @ApiProperty({
    enum: ['campaign_stats'],
    description: 'Always "campaign_stats".',
    example: 'campaign_stats',
  })
  object!: 'campaign_stats';
  @ApiProperty({ description: 'The campaign.', example: campaignIdExample }) campaignId!: string;
  @ApiProperty({ type: [CampaignStepStatsEntryDto], description: 'Counts per step.' })
  steps!: CampaignStepStatsEntryDto[];
  @ApiProperty({ type: CampaignStepStatsDto, description: 'Counts of all steps.' })
  totals!: CampaignStepStatsDto;
}

class CampaignStepPreviewDto {
  @ApiProperty({ description: 'The step, from 0.', example: 0 }) stepIndex!: number;
  @ApiProperty({
    description: 'The text the contact would get.',
    example: 'Hi Ada, your gold plan renews soon.',
  })
  text!: string;
  @ApiProperty({
    type: [String],
    description: 'Fields with neither value nor fallback; the contact would be skipped.',
    example: [],
  })
  missingFields!: string[];
  @ApiProperty({ enum: ['gsm7', 'ucs2'], description: 'SMS encoding of the text.', example: 'gsm7' })
  encoding!: 'gsm7' | 'ucs2';
  @ApiProperty({ description: 'SMS segments the text takes.', example: 1 }) segments!: number;
}

export class CampaignPreviewDto {
  @ApiProperty({
    enum: ['campaign_preview'],
    description: 'Always "campaign_preview".',
    example: 'campaign_preview',
  })
  object!: 'campaign_preview';
  @ApiProperty({ description: 'The campaign.', example: campaignIdExample }) campaignId!: string;
  @ApiProperty({ description: 'The contact.', example: 'ct_01jd3v3k6m5x9q8w7e6r5t4y3u' }) contactId!: string;
  @ApiProperty({ type: [CampaignStepPreviewDto], description: 'Each step rendered.' })
  steps!: CampaignStepPreviewDto[];
}
