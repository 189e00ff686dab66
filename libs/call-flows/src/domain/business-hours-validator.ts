import { IANAZone } from 'luxon';
import {
  type BusinessHoursSchedule,
  type ExceptionDates,
  type ScheduleException,
  type TimePeriod,
  type WeeklyPeriod,
} from './business-hours';
import { businessHoursScheduleJsonSchema } from './business-hours-json-schema';
import { isPlainObject, type JsonPath, toJsonPointer, validateAgainstSchema } from './json-schema-validator';
import { MINUTES_PER_DAY, parseInstant, parseIsoDate, parseMonthDay, requireTimeOfDay } from './zoned-time';

export type ScheduleValidationErrorCode =
  | 'invalid_field'
  | 'invalid_time_zone'
  | 'invalid_date'
  | 'invalid_date_range'
  | 'invalid_instant'
  | 'empty_period'
  | 'overlapping_periods';

export interface ScheduleValidationError {
  readonly code: ScheduleValidationErrorCode;
  /** JSON Pointer into the schedule. */
  readonly path: string;
  readonly message: string;
}

export type ScheduleValidationResult =
  | { readonly valid: true; readonly schedule: BusinessHoursSchedule }
  | { readonly valid: false; readonly errors: readonly ScheduleValidationError[] };

interface LocatedPeriod {
  readonly period: TimePeriod;
  readonly path: JsonPath;
  /** Periods of one group (a weekday, or one exception) must not overlap. */
  readonly group: string;
}

/**
 * Checks a schedule received from outside: its shape against `businessHoursScheduleJsonSchema`, then the
 * meaning of every part whose shape is sound (known zone, real dates, non-empty and non-overlapping periods).
 */
export function validateSchedule(input: unknown): ScheduleValidationResult {
  const shapeErrors: ScheduleValidationError[] = validateAgainstSchema(
    input,
    businessHoursScheduleJsonSchema,
    businessHoursScheduleJsonSchema,
  ).map(({ path, message }) => ({ code: 'invalid_field', path, message }));
  const isSound = (path: JsonPath): boolean => {
    const pointer = toJsonPointer(path);
    return !shapeErrors.some(
      (error) => isSameOrWithin(error.path, pointer) || isSameOrWithin(pointer, error.path),
    );
  };
  const errors = isPlainObject(input) ? [...shapeErrors, ...meaningErrors(input, isSound)] : shapeErrors;
  return errors.length === 0
    ? { valid: true, schedule: input as unknown as BusinessHoursSchedule }
    : { valid: false, errors };
}

function isSameOrWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

// Each part is read only once `isSound` confirms the schema validated its shape, which makes the casts safe.
function meaningErrors(
  schedule: Readonly<Record<string, unknown>>,
  isSound: (path: JsonPath) => boolean,
): ScheduleValidationError[] {
  const errors: ScheduleValidationError[] = [];
  if (isSound(['timeZone']) && !IANAZone.isValidZone(schedule['timeZone'] as string)) {
    errors.push({ code: 'invalid_time_zone', path: '/timeZone', message: 'is not a known IANA time zone' });
  }
  const weekly = soundItems<WeeklyPeriod>(schedule, 'weekly', isSound);
  errors.push(
    ...periodErrors(
      weekly.map(({ item, index }) => ({ period: item, path: ['weekly', index], group: item.day })),
    ),
  );
  for (const { item: exception, index } of soundItems<ScheduleException>(schedule, 'exceptions', isSound)) {
    errors.push(...dateErrors(exception.dates, ['exceptions', index, 'dates']));
    if (exception.status === 'open') {
      const periods = exception.periods.map((period, periodIndex) => ({
        period,
        path: ['exceptions', index, 'periods', periodIndex],
        group: `exception ${index}`,
      }));
      errors.push(...periodErrors(periods));
    }
  }
  const until = isSound(['override'])
    ? (schedule['override'] as BusinessHoursSchedule['override'])?.until
    : null;
  if (typeof until === 'string' && parseInstant(until) === null) {
    errors.push({ code: 'invalid_instant', path: '/override/until', message: 'is not a real instant' });
  }
  return errors;
}

function soundItems<T>(
  schedule: Readonly<Record<string, unknown>>,
  field: string,
  isSound: (path: JsonPath) => boolean,
): { readonly item: T; readonly index: number }[] {
  const items = schedule[field];
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: T, index) => (isSound([field, index]) ? [{ item, index }] : []));
}

function dateErrors(dates: ExceptionDates, path: JsonPath): ScheduleValidationError[] {
  const invalidDate = (field: string): ScheduleValidationError => ({
    code: 'invalid_date',
    path: toJsonPointer([...path, field]),
    message: 'is not a real calendar date',
  });
  switch (dates.type) {
    case 'date':
      return parseIsoDate(dates.date) ? [] : [invalidDate('date')];
    case 'yearly':
      return parseMonthDay(dates.date) ? [] : [invalidDate('date')];
    case 'range': {
      const errors = (['from', 'to'] as const)
        .filter((field) => !parseIsoDate(dates[field]))
        .map(invalidDate);
      if (errors.length === 0 && dates.from > dates.to) {
        errors.push({
          code: 'invalid_date_range',
          path: toJsonPointer(path),
          message: '"from" is after "to"',
        });
      }
      return errors;
    }
  }
}

function periodErrors(periods: readonly LocatedPeriod[]): ScheduleValidationError[] {
  const errors: ScheduleValidationError[] = [];
  const spans = periods.flatMap((located) => {
    const start = requireTimeOfDay(located.period.start);
    const end = requireTimeOfDay(located.period.end);
    if (start === end) {
      errors.push({
        code: 'empty_period',
        path: toJsonPointer(located.path),
        message: 'must end at a different time than it starts',
      });
      return [];
    }
    return [{ ...located, start, end: end < start ? end + MINUTES_PER_DAY : end }];
  });
  spans.forEach((span, index) => {
    const earlier = spans
      .slice(0, index)
      .find((other) => other.group === span.group && other.start < span.end && span.start < other.end);
    if (earlier) {
      errors.push({
        code: 'overlapping_periods',
        path: toJsonPointer(span.path),
        message: `overlaps ${toJsonPointer(earlier.path)} (${earlier.period.start}-${earlier.period.end})`,
      });
    }
  });
  return errors;
}
