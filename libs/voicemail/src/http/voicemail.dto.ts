import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import { VOICEMAIL_STATUSES, type VoicemailStatus } from '../domain';
import { voicemailResource } from '../application/voicemail-resource';
import { type VoicemailRecord } from '../infrastructure/voicemail.repository';

const timeExample = '2026-12-05T10:00:00.000Z';
const voicemailIdExample = 'vm_01jd3v3k6m5x9q8w7e6r5t4y3u';
const boxIdExample = 'vmb_01jd3v3k6m5x9q8w7e6r5t4y3u';

export class VoicemailDto {
  @ApiProperty({ description: 'Voicemail id.', example: voicemailIdExample }) id!: string;
  @ApiProperty({ enum: ['voicemail'], description: 'Always "voicemail".', example: 'voicemail' })
  object!: 'voicemail';
  @ApiProperty({ description: 'The box the message was left in.', example: boxIdExample }) boxId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The call that left the message.',
    example: 'call_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  callId!: string | null;
  @ApiProperty({ description: 'The caller: E.164 or an extension.', example: '+14155550123' }) from!: string;
  @ApiProperty({ description: 'The number or extension the caller dialed.', example: '+14155550199' })
  to!: string;
  @ApiProperty({ description: 'Length of the message in milliseconds.', example: 14_200 })
  durationMs!: number;
  @ApiProperty({ enum: VOICEMAIL_STATUSES, description: 'Whether someone listened to it.', example: 'new' })
  status!: VoicemailStatus;
  @ApiProperty({
    description: 'Where to download the message as audio/wav, with the same credentials.',
    example: `/v1/voicemails/${voicemailIdExample}/audio`,
  })
  audioUrl!: string;
  @ApiProperty({ description: 'When the message was left (UTC).', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: timeExample }) updatedAt!: string;

  static of(voicemail: VoicemailRecord): VoicemailDto {
    return voicemailResource(voicemail);
  }
}

export class VoicemailListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [VoicemailDto], description: 'Voicemails, newest first.' })
  data!: VoicemailDto[];
}

export class ListVoicemailsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only messages left in this box.', example: boxIdExample })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  boxId?: string;
  @ApiPropertyOptional({
    enum: VOICEMAIL_STATUSES,
    description: 'Only messages in this status.',
    example: 'new',
  })
  @IsOptional()
  @IsIn(VOICEMAIL_STATUSES)
  status?: VoicemailStatus;
  @ApiPropertyOptional({
    description: 'Only messages left at or after this time (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdAfter?: string;
  @ApiPropertyOptional({
    description: 'Only messages left before this time (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdBefore?: string;
}

export class UpdateVoicemailDto {
  @ApiProperty({ enum: VOICEMAIL_STATUSES, description: 'Mark the message heard or not.', example: 'read' })
  @IsIn(VOICEMAIL_STATUSES)
  status!: VoicemailStatus;
}
