import { type IANAZone } from 'luxon';
import {
  addDays,
  type CalendarDate,
  compareDates,
  formatIsoDate,
  localDateOf,
  MS_PER_DAY,
  parseInstant,
  requireTimeOfDay,
  resolveWallTime,
  weekdayIndex,
  zoneNamed,
} from './zoned-time';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Wall-clock times 'HH:MM' in the schedule's zone; an end at or before the start runs past midnight. */
export interface TimePeriod {
  readonly start: string;
  /** May be '24:00' for the end of the day. */
  readonly end: string;
}

export interface WeeklyPeriod extends TimePeriod {
  readonly day: Weekday;
}

export type ExceptionDates =
  | { readonly type: 'date'; readonly date: string }
  /** Inclusive on both ends. */
  | { readonly type: 'range'; readonly from: string; readonly to: string }
  /** 'MM-DD', every year. */
  | { readonly type: 'yearly'; readonly date: string };

interface ScheduleExceptionBase {
  readonly name: string;
  readonly dates: ExceptionDates;
  /** Lets a flow's schedule node branch to its `exception:<key>` exit while this exception decides. */
  readonly destinationKey?: string;
}

/**
 * Replaces the weekly periods for every local date it covers. Where several exceptions cover a date, the
 * most specific kind wins (single date, then range, then yearly), then the first listed.
 */
export type ScheduleException =
  | (ScheduleExceptionBase & { readonly status: 'closed' })
  | (ScheduleExceptionBase & { readonly status: 'open'; readonly periods: readonly TimePeriod[] });

/** Forces the state from whenever it is set until `until` (an ISO instant), or indefinitely. */
export interface ScheduleOverride {
  readonly status: 'open' | 'closed';
  readonly until?: string | null;
}

export interface BusinessHoursSchedule {
  readonly name: string;
  /** IANA zone in which every wall time and date of the schedule is read. */
  readonly timeZone: string;
  readonly weekly: readonly WeeklyPeriod[];
  readonly exceptions?: readonly ScheduleException[];
  readonly override?: ScheduleOverride | null;
}

export type ScheduleReason = 'override' | 'exception' | 'weekly' | 'no_period';

export interface MatchedPeriod extends TimePeriod {
  /** The local date the period starts on. */
  readonly date: string;
  readonly day: Weekday;
  readonly opensAt: Date;
  readonly closesAt: Date;
}

export interface ScheduleExplanation {
  readonly open: boolean;
  readonly reason: ScheduleReason;
  readonly override?: ScheduleOverride;
  readonly exception?: ScheduleException;
  readonly period?: MatchedPeriod;
}

/** How far ahead `nextTransition` looks before concluding the state never changes. */
export const TRANSITION_HORIZON_DAYS = 400;

const EXCEPTION_PRECEDENCE: Record<ExceptionDates['type'], number> = { date: 0, range: 1, yearly: 2 };

interface OpenInterval {
  readonly start: number;
  readonly end: number;
  readonly date: CalendarDate;
  readonly period: TimePeriod;
  readonly exception?: ScheduleException;
}

/**
 * Whether the schedule is open at an instant. Schedules are expected to have passed `validateSchedule`;
 * malformed times or zones throw.
 */
export function isOpen(schedule: BusinessHoursSchedule, at: Date): boolean {
  return explain(schedule, at).open;
}

/** Why the schedule is open or closed at an instant: the override, exception or period that decides. */
export function explain(schedule: BusinessHoursSchedule, at: Date): ScheduleExplanation {
  const instant = at.getTime();
  const override = activeOverride(schedule, instant);
  if (override) return { open: override.status === 'open', reason: 'override', override };

  const zone = zoneNamed(schedule.timeZone);
  const today = localDateOf(zone, instant);
  // Only yesterday's periods can run past midnight into today.
  const match = [
    ...openIntervalsOn(schedule, zone, addDays(today, -1)),
    ...openIntervalsOn(schedule, zone, today),
  ].find((interval) => interval.start <= instant && instant < interval.end);
  if (match) {
    const period = describeInterval(match);
    return match.exception
      ? { open: true, reason: 'exception', exception: match.exception, period }
      : { open: true, reason: 'weekly', period };
  }
  const exception = exceptionOn(schedule, today);
  return exception ? { open: false, reason: 'exception', exception } : { open: false, reason: 'no_period' };
}

/**
 * The next instant after `at` when the open/closed state changes, or null if it does not change within
 * TRANSITION_HORIZON_DAYS (for instance an indefinite override, or a schedule open around the clock).
 */
export function nextTransition(schedule: BusinessHoursSchedule, at: Date): Date | null {
  const override = activeOverride(schedule, at.getTime());
  if (!override) return nextScheduledTransition(schedule, at.getTime());
  const until = overrideEnd(override);
  if (until === null) return null;
  const withoutOverride = { ...schedule, override: null };
  if (isOpen(withoutOverride, new Date(until)) !== (override.status === 'open')) return new Date(until);
  return nextScheduledTransition(withoutOverride, until);
}

function activeOverride(schedule: BusinessHoursSchedule, instant: number): ScheduleOverride | undefined {
  const override = schedule.override;
  if (!override) return undefined;
  const until = overrideEnd(override);
  return until === null || instant < until ? override : undefined;
}

function overrideEnd(override: ScheduleOverride): number | null {
  if (override.until === undefined || override.until === null) return null;
  const until = parseInstant(override.until);
  if (until === null) throw new Error(`Invalid override end "${override.until}"`);
  return until;
}

/** Walks the open intervals in start order, which is date order since no period starts on a later date. */
function nextScheduledTransition(schedule: BusinessHoursSchedule, from: number): Date | null {
  const zone = zoneNamed(schedule.timeZone);
  const horizon = from + TRANSITION_HORIZON_DAYS * MS_PER_DAY;
  const lastDate = localDateOf(zone, horizon);
  let openUntil: number | undefined;
  for (
    let date = addDays(localDateOf(zone, from), -1);
    compareDates(date, lastDate) <= 0;
    date = addDays(date, 1)
  ) {
    const intervals = openIntervalsOn(schedule, zone, date).sort((a, b) => a.start - b.start);
    for (const { start, end } of intervals) {
      if (end <= from) continue;
      if (openUntil === undefined) {
        if (start > from) return start <= horizon ? new Date(start) : null;
        openUntil = end;
      } else if (start <= openUntil) {
        openUntil = Math.max(openUntil, end);
      } else {
        return new Date(openUntil);
      }
    }
  }
  return openUntil !== undefined && openUntil <= horizon ? new Date(openUntil) : null;
}

/**
 * The intervals opened by the periods that start on a local date. An exception owns its whole date, so a
 * period running past midnight is cut short at the start of a date covered by an exception.
 */
function openIntervalsOn(
  schedule: BusinessHoursSchedule,
  zone: IANAZone,
  date: CalendarDate,
): OpenInterval[] {
  const exception = exceptionOn(schedule, date);
  const nextDate = addDays(date, 1);
  const nextDateStart = exceptionOn(schedule, nextDate) ? resolveWallTime(zone, nextDate, 0) : Infinity;
  return periodsOn(schedule, date, exception).flatMap((period) => {
    const startMinute = requireTimeOfDay(period.start);
    const endMinute = requireTimeOfDay(period.end);
    const runsPastMidnight = endMinute <= startMinute;
    const start = resolveWallTime(zone, date, startMinute);
    const end = runsPastMidnight
      ? Math.min(resolveWallTime(zone, nextDate, endMinute), nextDateStart)
      : resolveWallTime(zone, date, endMinute);
    // A period may vanish entirely inside a DST gap.
    if (start >= end) return [];
    return [exception ? { start, end, date, period, exception } : { start, end, date, period }];
  });
}

function periodsOn(
  schedule: BusinessHoursSchedule,
  date: CalendarDate,
  exception: ScheduleException | undefined,
): readonly TimePeriod[] {
  if (exception) return exception.status === 'open' ? exception.periods : [];
  const day = WEEKDAYS[weekdayIndex(date)];
  return schedule.weekly.filter((period) => period.day === day);
}

function exceptionOn(schedule: BusinessHoursSchedule, date: CalendarDate): ScheduleException | undefined {
  const isoDate = formatIsoDate(date);
  let winner: ScheduleException | undefined;
  for (const exception of schedule.exceptions ?? []) {
    const precedence = EXCEPTION_PRECEDENCE[exception.dates.type];
    if (
      covers(exception.dates, isoDate) &&
      (!winner || precedence < EXCEPTION_PRECEDENCE[winner.dates.type])
    ) {
      winner = exception;
    }
  }
  return winner;
}

/** Zero-padded ISO dates compare correctly as strings. */
function covers(dates: ExceptionDates, isoDate: string): boolean {
  switch (dates.type) {
    case 'date':
      return dates.date === isoDate;
    case 'range':
      return dates.from <= isoDate && isoDate <= dates.to;
    case 'yearly':
      return isoDate.slice(5) === dates.date;
  }
}

function describeInterval({ start, end, date, period }: OpenInterval): MatchedPeriod {
  return {
    date: formatIsoDate(date),
    day: WEEKDAYS[weekdayIndex(date)],
    start: period.start,
    end: period.end,
    opensAt: new Date(start),
    closesAt: new Date(end),
  };
}
