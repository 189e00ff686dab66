import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsUrl,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import {
  DEFAULT_MMS_LIMITS,
  MESSAGE_DIRECTIONS,
  MESSAGE_STATUSES,
  type MessageDirection,
  type MessageStatus,
} from '../domain';
import { type MessageResource } from '../application/message-resource';

const timeExample = '2030-01-01T12:00:00.000Z';
const idExample = 'msg_01jd3v3k6m5x9q8w7e6r5t4y3u';

export class MessageCostDto {
  @ApiProperty({ description: 'Amount in minor units of the currency (cents).', example: 83 })
  amount!: number;
  @ApiProperty({ description: 'ISO 4217 currency code.', example: 'USD' }) currency!: string;
}

const timeOfDay = /^\d{2}:\d{2}$/;

export class SendWindowDto {
  @ApiProperty({ description: 'Local time the window opens, HH:MM (00:00 to 23:59).', example: '09:00' })
  @Matches(timeOfDay, { message: 'start must be a time of day such as 09:00' })
  start!: string;
  @ApiProperty({
    description:
      'Local time the window closes, HH:MM (24:00 for midnight); before start, it runs past midnight.',
    example: '20:00',
  })
  @Matches(timeOfDay, { message: 'end must be a time of day such as 20:00' })
  end!: string;
  @ApiPropertyOptional({
    description:
      'The recipient’s IANA time zone; when absent it is inferred from the number (area code, then country), ' +
      'else the account’s zone is used.',
    example: 'America/Los_Angeles',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}

export class MessageSendWindowDto {
  @ApiProperty({ description: 'Local time the window opens, HH:MM.', example: '09:00' }) start!: string;
  @ApiProperty({ description: 'Local time the window closes, HH:MM.', example: '20:00' }) end!: string;
  @ApiProperty({
    description: 'The zone the hours are read in: the recipient’s, given or inferred.',
    example: 'America/Los_Angeles',
  })
  timeZone!: string;
}

export class MessageMediaItemDto {
  @ApiProperty({ description: 'Media id (from POST /v1/media).', example: 'med_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  id!: string;
  @ApiProperty({ description: 'Media type.', example: 'image/jpeg' }) contentType!: string;
  @ApiProperty({ description: 'Size in bytes.', example: 48213 }) sizeBytes!: number;
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
  @ApiProperty({
    description: 'The text of the message; empty for media alone.',
    example: 'Your table is ready.',
  })
  text!: string;
  @ApiProperty({
    type: [MessageMediaItemDto],
    description: 'The media of an MMS, in order; empty for an SMS.',
  })
  media!: MessageMediaItemDto[];
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
    type: MessageSendWindowDto,
    nullable: true,
    description: 'The local hours the message may reach the recipient in; null when it has no window.',
  })
  sendWindow!: MessageSendWindowDto | null;
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
  @ApiPropertyOptional({
    description: 'The text; at most 10 SMS segments. Required unless mediaIds are given.',
    example: 'Your table is ready.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1600)
  text?: string;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Media uploaded with POST /v1/media, at most 10 and 5 MB together; the message goes as an MMS, from a ' +
      'number with the mms capability.',
    example: ['med_01jd3v3k6m5x9q8w7e6r5t4y3u'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DEFAULT_MMS_LIMITS.maxItems)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  mediaIds?: string[];
  @ApiPropertyOptional({
    type: [String],
    description:
      'Instead of mediaIds: public http(s) URLs the media is fetched from now (at most 10 and 5 MB together); a ' +
      'URL that cannot be fetched is a 422.',
    example: ['https://example.com/menu.jpg'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DEFAULT_MMS_LIMITS.maxItems)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { each: true })
  @MaxLength(2048, { each: true })
  mediaUrls?: string[];
  @ApiPropertyOptional({
    description: 'Send later: between 1 minute and 1 year from now (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  sendAt?: string;
  @ApiPropertyOptional({
    type: SendWindowDto,
    description:
      'Deliver only between these local hours of the recipient: a sendAt (or now) outside them moves to the ' +
      'next opening, and the message is checked again when it goes out.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SendWindowDto)
  sendWindow?: SendWindowDto;
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
