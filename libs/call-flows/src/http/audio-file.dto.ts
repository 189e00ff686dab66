import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ListEnvelopeDto, ProblemDto } from '@switchyard/http';
import { type AudioFileRecord } from '../infrastructure/audio-file.repository';

const audioNameLength = [1, 100] as const;
const timeExample = '2026-12-05T10:00:00.000Z';

export class AudioFileDto {
  @ApiProperty({
    description: 'Audio file id, for `audioId` of flow prompts.',
    example: 'aud_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  id!: string;
  @ApiProperty({ enum: ['audio_file'], description: 'Resource type.', example: 'audio_file' })
  object!: 'audio_file';
  @ApiProperty({ description: 'Display name.', example: 'Welcome message' }) name!: string;
  @ApiProperty({ description: 'Media type of the upload as received.', example: 'audio/mpeg' })
  contentType!: string;
  @ApiProperty({ description: 'Size of the upload as received, in bytes.', example: 482133 })
  sizeBytes!: number;
  @ApiProperty({ description: 'Length of the audio in milliseconds.', example: 12500 }) durationMs!: number;
  @ApiProperty({
    description: 'Where to download the audio as calls play it: an 8 kHz mono mu-law WAV.',
    example: '/v1/audio-files/aud_01jd3v3k6m5x9q8w7e6r5t4y3u/content',
  })
  contentUrl!: string;
  @ApiProperty({ description: 'Upload time (UTC).', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: timeExample }) updatedAt!: string;

  static of(audio: AudioFileRecord): AudioFileDto {
    return {
      id: audio.id,
      object: 'audio_file',
      name: audio.name,
      contentType: audio.originalContentType,
      sizeBytes: audio.originalSizeBytes,
      durationMs: audio.durationMs,
      contentUrl: `/v1/audio-files/${audio.id}/content`,
      createdAt: audio.createdAt.toISOString(),
      updatedAt: audio.updatedAt.toISOString(),
    };
  }
}

export class AudioFileListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [AudioFileDto], description: 'Audio files, newest first.' }) data!: AudioFileDto[];
}

export class UploadAudioFileQueryDto {
  @ApiProperty({ description: 'Display name, 1 to 100 characters.', example: 'Welcome message' })
  @IsString()
  @Length(...audioNameLength)
  name!: string;
}

export class UpdateAudioFileDto {
  @ApiProperty({ description: 'Display name, 1 to 100 characters.', example: 'Welcome message (winter)' })
  @IsString()
  @Length(...audioNameLength)
  name!: string;
}

export class AudioFileInUseProblemDto extends ProblemDto {
  @ApiProperty({
    type: [String],
    description: 'Flows whose draft or published version plays the file.',
    example: ['flow_01jd3v3k6m5x9q8w7e6r5t4y3u'],
  })
  flowIds!: string[];
  @ApiProperty({
    type: [String],
    description: 'Voicemail boxes whose greeting is the file.',
    example: ['vmb_01jd3v3k6m5x9q8w7e6r5t4y3u'],
  })
  voicemailBoxIds!: string[];
}
