import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import { MESSAGE_DIRECTIONS, MESSAGE_STATUSES, type MessageDirection, type MessageStatus } from '../domain';
import { type MessageResource } from '../application/message-resource';

const timeExample = '2030-01-01T12:00:00.000Z';
const idExample = 'msg_01jd3v3k6m5x9q8w7e6r5t4y3u';

export class MessageCostDto {
  @ApiProperty({ description: 'Amount in minor units of the currency (cents).', example: 83 })
  amount!: number;
  @ApiProperty({ description: 'ISO 4217 currency code.', example: 'USD' }) currency!: string;
}

export class MessageDto {
  @ApiProperty({ description: 'Message id.', example: idExample }) id!: string;
  @ApiProperty({ enum: ['message'], description: 'Always "message".', example: 'message' })
  object!: 'message';
  @ApiProperty({
    enum: MESSAGE_DIRECTIONS,
    description: 'Sent by the account or received.',
    example: 'outbound',
  })
  direction!: MessageDirection;
  @ApiProperty({ description: 'Sender, E.164.', example: '+14155550123' }) from!: string;
  @ApiProperty({ description: 'Recipient, E.164.', example: '+14155550199' }) to!: string;
  @ApiProperty({ description: 'The text of the message.', example: 'Your table is ready.' }) text!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES, description: 'Where the message is on its way.', example: 'queued' })
  status!: MessageStatus;
  @ApiProperty({
    enum: ['gsm7', 'ucs2'],
    description: 'SMS encoding: gsm7 for the GSM alphabet, ucs2 for anything else (emoji, most scripts).',
    example: 'gsm7',
  })
  encoding!: 'gsm7' | 'ucs2';
  @ApiProperty({ description: 'SMS segments the text takes, and is billed by.', example: 1 })
  segments!: number;
  @ApiProperty({ type: MessageCostDto, description: 'What the message costs.' }) cost!: MessageCostDto;
  @ApiProperty({
    description: 'The account number the message goes out from or came in on.',
    example: 'num_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  numberId!: string;
  @ApiProperty({
    description: 'The conversation of the number and the other party.',
    example: 'conv_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  conversationId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When a scheduled message is due; null for one sent at once.',
    example: timeExample,
  })
  sendAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the carrier accepted it.',
    example: timeExample,
  })
  sentAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The carrier’s id of the message, once submitted.',
    example: 'sandbox-message-3f2a',
  })
  carrierMessageId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed.', example: null })
  errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed, for people.', example: null })
  errorMessage!: string | null;
  @ApiProperty({ description: 'Creation time.', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change.', example: timeExample }) updatedAt!: string;

  static of(resource: MessageResource): MessageDto {
    return resource;
  }
}

export class MessageListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [MessageDto], description: 'Messages, newest first.' }) data!: MessageDto[];
}

export class SendMessageDto {
  @ApiProperty({ description: 'One of the account’s SMS-capable numbers, E.164.', example: '+14155550123' })
  @IsString()
  @Length(1, 32)
  from!: string;
  @ApiProperty({ description: 'The recipient, E.164.', example: '+14155550199' })
  @IsString()
  @Matches(/^\+[1-9]\d{1,14}$/, { message: 'to must be an E.164 number' })
  to!: string;
  @ApiProperty({ description: 'The text; at most 10 SMS segments.', example: 'Your table is ready.' })
  @IsString()
  @Length(1, 1600)
  text!: string;
  @ApiPropertyOptional({
    description: 'Send later: between 1 minute and 1 year from now (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  sendAt?: string;
}

export class ListMessagesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: 'Only messages created at or after this time (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdAfter?: string;
  @ApiPropertyOptional({
    description: 'Only messages created before this time (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdBefore?: string;
  @ApiPropertyOptional({
    description: 'Digits either party’s number contains (partial match).',
    example: '555012',
  })
  @IsOptional()
  @Matches(/^\+?\d{1,15}$/)
  number?: string;
  @ApiPropertyOptional({ enum: MESSAGE_DIRECTIONS, description: 'Only this direction.', example: 'outbound' })
  @IsOptional()
  @IsIn(MESSAGE_DIRECTIONS)
  direction?: MessageDirection;
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES, description: 'Only this status.', example: 'delivered' })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;
  @ApiPropertyOptional({ description: 'Text the message contains, case-insensitive.', example: 'table' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class RescheduleMessageDto {
  @ApiProperty({
    description: 'The new time to send at: between 1 minute and 1 year from now (ISO-8601).',
    example: timeExample,
  })
  @IsISO8601({ strict: true })
  sendAt!: string;
}
