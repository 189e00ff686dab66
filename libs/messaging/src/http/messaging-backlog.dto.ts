import { ApiProperty } from '@nestjs/swagger';
import { type MessagingBacklog } from '../application/messaging-backlog.service';

export class MessagingBacklogDto {
  @ApiProperty({
    enum: ['messaging_backlog'],
    description: 'Always "messaging_backlog".',
    example: 'messaging_backlog',
  })
  object!: 'messaging_backlog';
  @ApiProperty({ description: 'The sending number.', example: 'num_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  numberId!: string;
  @ApiProperty({
    description: 'Outbound messages of the number queued for the carrier or being sent.',
    example: 42,
  })
  queuedMessages!: number;
  @ApiProperty({ description: 'Their message segments, the unit carriers pace.', example: 57 })
  queuedSegments!: number;
  @ApiProperty({
    description: 'Whether sends are paced; when false they go as fast as workers take them.',
    example: true,
  })
  paced!: boolean;
  @ApiProperty({ description: 'Segments per second this number may send (by its kind).', example: 1 })
  segmentsPerSecond!: number;
  @ApiProperty({ description: 'Seconds the queued segments take to drain at that rate.', example: 57 })
  expectedWaitSeconds!: number;
  @ApiProperty({
    description: 'A message that would wait longer for its turn fails with error code backlog_too_long.',
    example: 3600,
  })
  maxWaitSeconds!: number;

  static of(backlog: MessagingBacklog): MessagingBacklogDto {
    return { object: 'messaging_backlog', ...backlog };
  }
}
