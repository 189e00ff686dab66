import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { type MessageMediaRecord } from '../infrastructure/message-media.repository';

const timeExample = '2030-01-01T12:00:00.000Z';

export class MediaDto {
  @ApiProperty({
    description: 'Media id, for mediaIds of POST /v1/messages.',
    example: 'med_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  id!: string;
  @ApiProperty({ enum: ['media'], description: 'Always "media".', example: 'media' }) object!: 'media';
  @ApiProperty({
    description: 'Media type, normalized (image/jpg becomes image/jpeg).',
    example: 'image/jpeg',
  })
  contentType!: string;
  @ApiProperty({ description: 'Size in bytes.', example: 48213 }) sizeBytes!: number;
  @ApiProperty({
    description: 'Hex SHA-256 of the content.',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  sha256!: string;
  @ApiProperty({ description: 'Upload time.', example: timeExample }) createdAt!: string;

  static of(media: MessageMediaRecord): MediaDto {
    return {
      id: media.id,
      object: 'media',
      contentType: media.contentType,
      sizeBytes: media.sizeBytes,
      sha256: media.sha256,
      createdAt: media.createdAt.toISOString(),
    };
  }
}

export class MediaContentQueryDto {
  @ApiProperty({
    description: 'The message the URL was signed for.',
    example: 'msg_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsString()
  @MaxLength(64)
  message!: string;
  @ApiProperty({
    description: 'Hex HMAC-SHA256 signature of the URL.',
    example: '3b2c6f1e0a9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b',
  })
  @Matches(/^[0-9a-f]{64}$/)
  signature!: string;
}
