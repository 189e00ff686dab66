import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import { type RecordingLayout, recordingLayouts, type RecordingStatus, recordingStatuses } from '../domain';
import { type RecordingResource } from '../application/recording-resource';

const timeExample = '2030-01-01T12:00:00.000Z';
const recordingIdExample = 'rec_01jd3v3k6m5x9q8w7e6r5t4y3u';

export class RecordingDto {
  @ApiProperty({ description: 'Recording id.', example: recordingIdExample }) id!: string;
  @ApiProperty({ enum: ['recording'], description: 'Always "recording".', example: 'recording' })
  object!: 'recording';
  @ApiProperty({ description: 'The call recorded.', example: 'call_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  callId!: string;
  @ApiProperty({
    enum: recordingStatuses,
    description:
      'in_progress and paused while the call records; completed once the audio is stored; failed (see failureReason).',
    example: 'completed',
  })
  status!: RecordingStatus;
  @ApiProperty({
    enum: ['policy', 'api'],
    description: 'policy: the number records every call; api: started on request.',
    example: 'api',
  })
  source!: 'policy' | 'api';
  @ApiProperty({
    enum: recordingLayouts,
    description: 'mixed: every party in one channel; channel-per-party: one channel per party.',
    example: 'mixed',
  })
  layout!: RecordingLayout;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Channels of the WAV, once completed.',
    example: 1,
  })
  channels!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Length of the audio in milliseconds, once completed.',
    example: 84_250,
  })
  durationMs!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Where to download the WAV (audio/wav) with the same credentials; null until completed.',
    example: `/v1/recordings/${recordingIdExample}/audio`,
  })
  audioUrl!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the recording failed, e.g. instance_lost.',
    example: null,
  })
  failureReason!: string | null;
  @ApiProperty({ description: 'When recording started.', example: timeExample }) startedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the recording completed or failed.',
    example: timeExample,
  })
  endedAt!: string | null;
  @ApiProperty({ description: 'Creation time of the record.', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change.', example: timeExample }) updatedAt!: string;

  static of(resource: RecordingResource): RecordingDto {
    return resource;
  }
}

export class RecordingListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [RecordingDto], description: 'Recordings, newest first.' }) data!: RecordingDto[];
}

export class ListRecordingsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: 'Only recordings of this call.',
    example: 'call_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  callId?: string;
}

export class StartRecordingDto {
  @ApiPropertyOptional({
    enum: recordingLayouts,
    default: 'mixed',
    description: 'mixed: every party in one channel; channel-per-party: one channel per party.',
    example: 'mixed',
  })
  @IsOptional()
  @IsIn(recordingLayouts)
  layout?: RecordingLayout;
}
