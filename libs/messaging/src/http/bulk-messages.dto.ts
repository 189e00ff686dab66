import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { ListEnvelopeDto } from '@switchyard/http';
import { MAX_BULK_MESSAGES } from '../application/bulk-send.service';
import { MessageDto } from './message.dto';

export class BulkMessageDto {
  @ApiProperty({ description: 'An account number with SMS capability, E.164.', example: '+14155550123' })
  @IsString()
  @Length(1, 32)
  from!: string;
  @ApiProperty({ description: 'Recipient, E.164.', example: '+14155550199' })
  @IsString()
  @Length(1, 32)
  to!: string;
  @ApiProperty({ description: 'The text; at most 10 segments.', example: 'Your table is ready.' })
  @IsString()
  @Length(1, 1600)
  text!: string;
  @ApiPropertyOptional({
    description: 'When to send, between 1 minute and 1 year ahead; absent sends at once.',
    example: '2030-01-01T12:00:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  sendAt?: string;
}

export class BulkSendMessagesDto {
  @ApiProperty({
    type: [BulkMessageDto],
    description: `1 to ${MAX_BULK_MESSAGES} SMS, sent all or none.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_MESSAGES)
  @ValidateNested({ each: true })
  @Type(() => BulkMessageDto)
  messages!: BulkMessageDto[];
}

export class BulkSentMessagesDto extends ListEnvelopeDto {
  @ApiProperty({ type: [MessageDto], description: 'The messages created, in the order given.' })
  data!: MessageDto[];
}
