import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ListEnvelopeDto } from '@switchyard/http';
import { type RecurringMessageView } from '../application/recurring-message.service';

const timeExample = '2030-01-01T12:00:00.000Z';
const timeOfDay = /^\d{2}:\d{2}$/;

export class RecurringSendWindowDto {
  @ApiProperty({ description: 'Local time the window opens, HH:MM.', example: '09:00' })
  @Matches(timeOfDay, { message: 'start must be a time of day such as 09:00' })
  start!: string;
  @ApiProperty({ description: 'Local time the window closes, HH:MM (24:00 for midnight).', example: '20:00' })
  @Matches(timeOfDay, { message: 'end must be a time of day such as 20:00' })
  end!: string;
}

export class CreateRecurringMessageDto {
  @ApiProperty({ description: 'One of the account’s SMS-capable numbers, E.164.', example: '+14155550123' })
  @IsString()
  @Length(1, 32)
  from!: string;
  @ApiProperty({ description: 'The recipient, E.164.', example: '+14155550199' })
  @IsString()
  @Matches(/^\+[1-9]\d{1,14}$/, { message: 'to must be an E.164 number' })
  to!: string;
  @ApiProperty({
    description: 'The text of every occurrence; at most 10 SMS segments.',
    example: 'Time for your pill.',
  })
  @IsString()
  @Length(1, 1600)
  text!: string;
  @ApiProperty({
    description:
      'RFC 5545 RRULE (FREQ DAILY, WEEKLY or MONTHLY; INTERVAL, BYDAY, BYMONTHDAY, BYHOUR, BYMINUTE) that ends with ' +
      'COUNT or UNTIL; every occurrence must fall within a year, at most 366 of them.',
    example: 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=8',
  })
  @IsString()
  @Length(1, 500)
  rrule!: string;
  @ApiProperty({
    description: 'DTSTART: the first occurrence when it matches the rule, on a whole minute (ISO-8601).',
    example: timeExample,
  })
  @IsISO8601({ strict: true })
  startAt!: string;
  @ApiPropertyOptional({
    description:
      'IANA zone the rule’s times are read in (so 09:00 stays 09:00 across DST); when absent, the recipient’s, ' +
      'inferred from the number, else the account’s.',
    example: 'America/Los_Angeles',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
  @ApiPropertyOptional({
    type: RecurringSendWindowDto,
    description:
      'Local hours (in timeZone) occurrences may go out in; one outside them waits for the opening.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecurringSendWindowDto)
  sendWindow?: RecurringSendWindowDto;
}

export class RecurringOccurrencesDto {
  @ApiProperty({ description: 'Occurrences created.', example: 8 }) total!: number;
  @ApiProperty({ description: 'Still to go out (scheduled, queued or being sent).', example: 6 })
  pending!: number;
  @ApiProperty({ description: 'Accepted by the carrier (sent or delivered).', example: 2 }) sent!: number;
  @ApiProperty({ description: 'Failed or undelivered.', example: 0 }) failed!: number;
  @ApiProperty({ description: 'Canceled (with the series, or an opt-out).', example: 0 }) canceled!: number;
}

export class RecurringMessageDto {
  @ApiProperty({ description: 'Recurring message id.', example: 'rmsg_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  id!: string;
  @ApiProperty({
    enum: ['recurring_message'],
    description: 'Always "recurring_message".',
    example: 'recurring_message',
  })
  object!: 'recurring_message';
  @ApiProperty({ description: 'Sender, E.164.', example: '+14155550123' }) from!: string;
  @ApiProperty({ description: 'Recipient, E.164.', example: '+14155550199' }) to!: string;
  @ApiProperty({ description: 'The text of every occurrence.', example: 'Time for your pill.' })
  text!: string;
  @ApiProperty({ description: 'The RRULE as given.', example: 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=8' })
  rrule!: string;
  @ApiProperty({ description: 'DTSTART.', example: timeExample }) startAt!: string;
  @ApiProperty({ description: 'Zone the rule is read in.', example: 'America/Los_Angeles' })
  timeZone!: string;
  @ApiProperty({
    type: RecurringSendWindowDto,
    nullable: true,
    description: 'Local hours occurrences may go out in; null for none.',
  })
  sendWindow!: RecurringSendWindowDto | null;
  @ApiProperty({
    enum: ['active', 'completed', 'canceled'],
    description: 'active while occurrences are pending, completed when none is left, or canceled.',
    example: 'active',
  })
  status!: 'active' | 'completed' | 'canceled';
  @ApiProperty({ type: RecurringOccurrencesDto, description: 'Where its occurrences (messages) stand.' })
  occurrences!: RecurringOccurrencesDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the next occurrence goes out.',
    example: timeExample,
  })
  nextSendAt!: string | null;
  @ApiProperty({ description: 'Creation time.', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change.', example: timeExample }) updatedAt!: string;

  static of(view: RecurringMessageView): RecurringMessageDto {
    return {
      id: view.id,
      object: 'recurring_message',
      from: view.from,
      to: view.to,
      text: view.text,
      rrule: view.rrule,
      startAt: view.startAt.toISOString(),
      timeZone: view.timeZone,
      sendWindow:
        view.sendWindowStart !== null && view.sendWindowEnd !== null
          ? { start: view.sendWindowStart, end: view.sendWindowEnd }
          : null,
      status: view.status,
      occurrences: view.occurrences,
      nextSendAt: view.nextSendAt?.toISOString() ?? null,
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
    };
  }
}

export class RecurringMessageListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [RecurringMessageDto], description: 'Recurring messages, newest first.' })
  data!: RecurringMessageDto[];
}
