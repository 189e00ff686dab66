import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Allow, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListEnvelopeDto } from '@switchyard/http';
import {
  type ScheduleException,
  type ScheduleReason,
  type WeeklyPeriod,
  WEEKDAYS,
} from '../domain/business-hours';
import { type ScheduleStatus } from '../application/business-hours.service';
import { type BusinessHoursRecord } from '../infrastructure/business-hours.repository';
import { callFlowSchemaRefs } from './call-flows-openapi';

const states = ['open', 'closed'] as const;
const reasons: readonly ScheduleReason[] = ['override', 'exception', 'weekly', 'no_period'];

export class BusinessHoursOverrideDto {
  @ApiProperty({ enum: states, description: 'The state forced on the schedule.', example: 'closed' })
  state!: 'open' | 'closed';
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the override stops having effect (UTC); null while it lasts until removed.',
    example: '2026-11-24T14:00:00.000Z',
  })
  until!: string | null;

  static of(override: BusinessHoursRecord['override']): BusinessHoursOverrideDto | null {
    return override && { state: override.status, until: override.until ?? null };
  }
}

export class BusinessHoursDto {
  @ApiProperty({ description: 'Schedule id.', example: 'bh_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['business_hours'], description: 'Resource type.', example: 'business_hours' })
  object!: 'business_hours';
  @ApiProperty({ description: 'Display name.', example: 'Head office' }) name!: string;
  @ApiProperty({ description: 'IANA time zone every time and date is read in.', example: 'America/New_York' })
  timeZone!: string;
  @ApiProperty({
    type: 'array',
    items: callFlowSchemaRefs.weeklyPeriod,
    description: 'Open periods of a normal week; a day without any is closed.',
  })
  weekly!: WeeklyPeriod[];
  @ApiProperty({
    type: 'array',
    items: callFlowSchemaRefs.scheduleException,
    description: 'Dates whose hours differ from the week.',
  })
  exceptions!: ScheduleException[];
  @ApiProperty({
    type: BusinessHoursOverrideDto,
    nullable: true,
    description: 'Forces the state, set through the override endpoints; no effect once until has passed.',
  })
  override!: BusinessHoursOverrideDto | null;
  @ApiProperty({ description: 'Creation time (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;

  static of(schedule: BusinessHoursRecord): BusinessHoursDto {
    return {
      id: schedule.id,
      object: 'business_hours',
      name: schedule.name,
      timeZone: schedule.timeZone,
      weekly: [...schedule.weekly],
      exceptions: [...schedule.exceptions],
      override: BusinessHoursOverrideDto.of(schedule.override),
      createdAt: schedule.createdAt.toISOString(),
      updatedAt: schedule.updatedAt.toISOString(),
    };
  }
}

export class BusinessHoursListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [BusinessHoursDto], description: 'Schedules, newest first.' })
  data!: BusinessHoursDto[];
}

/** Every field is checked by the domain's `validateSchedule`, whose codes the field errors carry. */
export class CreateBusinessHoursDto {
  @ApiProperty({ type: String, description: 'Display name, 1 to 100 characters.', example: 'Head office' })
  @Allow()
  name!: unknown;
  @ApiProperty({
    type: String,
    description: 'IANA time zone every time and date is read in.',
    example: 'America/New_York',
  })
  @Allow()
  timeZone!: unknown;
  @ApiProperty({
    type: 'array',
    items: callFlowSchemaRefs.weeklyPeriod,
    description: 'Open periods of a normal week; periods of one day must not overlap.',
  })
  @Allow()
  weekly!: unknown;
  @ApiPropertyOptional({
    type: 'array',
    items: callFlowSchemaRefs.scheduleException,
    description: 'Dates whose hours differ from the week; none when left out.',
  })
  @Allow()
  exceptions?: unknown;
}

export class UpdateBusinessHoursDto extends PartialType(CreateBusinessHoursDto) {}

export class SetBusinessHoursOverrideDto {
  @ApiProperty({ enum: states, description: 'The state to force.', example: 'closed' })
  @IsIn(states)
  state!: 'open' | 'closed';
  @ApiPropertyOptional({
    description:
      'ISO 8601 instant with an offset when the override ends; it lasts until removed without one.',
    example: '2026-11-24T14:00:00Z',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  until?: string;
}

export class BusinessHoursStatusQueryDto {
  @ApiPropertyOptional({
    description: 'ISO 8601 instant with an offset to ask about; now when left out.',
    example: '2026-11-23T15:00:00Z',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  at?: string;
}

export class BusinessHoursPeriodDto {
  @ApiProperty({ description: 'The local date the period starts on.', example: '2026-11-23' }) date!: string;
  @ApiProperty({ enum: WEEKDAYS, description: 'Its weekday.', example: 'mon' }) day!: string;
  @ApiProperty({ description: 'Opening time, local.', example: '09:00' }) start!: string;
  @ApiProperty({ description: 'Closing time, local.', example: '17:00' }) end!: string;
  @ApiProperty({ description: 'When it opens (UTC).', example: '2026-11-23T14:00:00.000Z' }) opensAt!: string;
  @ApiProperty({ description: 'When it closes (UTC).', example: '2026-11-23T22:00:00.000Z' })
  closesAt!: string;
}

export class BusinessHoursStatusDto {
  @ApiProperty({
    enum: ['business_hours_status'],
    description: 'Resource type.',
    example: 'business_hours_status',
  })
  object!: 'business_hours_status';
  @ApiProperty({ description: 'The schedule.', example: 'bh_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  scheduleId!: string;
  @ApiProperty({ description: 'The instant asked about (UTC).', example: '2026-11-23T15:00:00.000Z' })
  at!: string;
  @ApiProperty({ description: 'Whether the schedule is open then.', example: true }) open!: boolean;
  @ApiProperty({
    enum: reasons,
    description: 'What decides: an override, an exception, a weekly period, or no period at all.',
    example: 'weekly',
  })
  reason!: ScheduleReason;
  @ApiProperty({ type: BusinessHoursPeriodDto, nullable: true, description: 'The open period, when open.' })
  period!: BusinessHoursPeriodDto | null;
  @ApiProperty({
    allOf: [callFlowSchemaRefs.scheduleException],
    nullable: true,
    description: 'The exception that decides, when reason is exception.',
  })
  exception!: ScheduleException | null;
  @ApiProperty({
    type: BusinessHoursOverrideDto,
    nullable: true,
    description: 'The override that decides, when reason is override.',
  })
  override!: BusinessHoursOverrideDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the state next changes (UTC); null when it does not within 400 days.',
    example: '2026-11-23T22:00:00.000Z',
  })
  nextTransition!: string | null;

  static of({ schedule, at, explanation, nextTransition }: ScheduleStatus): BusinessHoursStatusDto {
    const { period, exception, override } = explanation;
    return {
      object: 'business_hours_status',
      scheduleId: schedule.id,
      at: at.toISOString(),
      open: explanation.open,
      reason: explanation.reason,
      period: period
        ? {
            date: period.date,
            day: period.day,
            start: period.start,
            end: period.end,
            opensAt: period.opensAt.toISOString(),
            closesAt: period.closesAt.toISOString(),
          }
        : null,
      exception: exception ?? null,
      override: BusinessHoursOverrideDto.of(override ?? null),
      nextTransition: nextTransition?.toISOString() ?? null,
    };
  }
}
