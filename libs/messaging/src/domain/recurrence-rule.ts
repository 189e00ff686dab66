import { InvalidRecurrenceRuleError, RecurrenceWithoutEndError } from './messaging.errors';
import { addDays, daysInMonth, instantAtWallTime, type LocalDate, weekdayOf, zoneNamed } from './zoned-time';

export const RECURRENCE_FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type RecurrenceFrequency = (typeof RECURRENCE_FREQUENCIES)[number];

/** RFC 5545 weekday codes, Monday first (weeks start on Monday, the RFC default). */
export const RRULE_WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type RRuleWeekday = (typeof RRULE_WEEKDAYS)[number];

export type RecurrenceEnd = { readonly count: number } | { readonly until: Date };

/**
 * The subset of an RFC 5545 recurrence that recurring messages support. Lists left empty take the value
 * from DTSTART, as the RFC says.
 */
export interface RecurrenceRule {
  readonly frequency: RecurrenceFrequency;
  readonly interval: number;
  readonly byDay: readonly RRuleWeekday[];
  /** 1 to 31, or -1 (the last day) to -31. */
  readonly byMonthDay: readonly number[];
  readonly byHour: readonly number[];
  readonly byMinute: readonly number[];
  readonly end: RecurrenceEnd;
  /** DTSTART as read on the clock of `timeZone`. */
  readonly start: { readonly date: LocalDate; readonly minuteOfDay: number };
  readonly timeZone: string;
}

/** How far past DTSTART occurrences are looked for, so a COUNT rule that never matches still ends. */
export const RECURRENCE_HORIZON_YEARS = 100;

const DTSTART = /^DTSTART(?:;TZID=([^:;]+))?:(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/i;
const UNTIL_DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const UNTIL_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const SUPPORTED_PARTS = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYHOUR', 'BYMINUTE', 'COUNT', 'UNTIL'];

/**
 * Reads a DTSTART line (with a TZID, or in UTC) and an RRULE line, e.g.
 * `DTSTART;TZID=America/New_York:20260301T090000` and `RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`.
 * Throws {@link RecurrenceWithoutEndError} for a rule with neither COUNT nor UNTIL.
 */
export function parseRecurrenceRule(text: string): RecurrenceRule {
  const invalid = (detail: string) => new InvalidRecurrenceRuleError(text, detail);
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const dtStartLine = lines.find((line) => /^DTSTART[;:]/i.test(line));
  const ruleLine = lines.find((line) => /^RRULE:/i.test(line));
  if (lines.length !== 2 || !dtStartLine || !ruleLine) {
    throw invalid('expected exactly one DTSTART line and one RRULE line');
  }
  const { start, timeZone } = parseDtStart(dtStartLine, invalid);
  const parts = parseParts(ruleLine.slice('RRULE:'.length), invalid);

  const frequency = parts.get('FREQ')?.toUpperCase();
  if (!isFrequency(frequency)) throw invalid('FREQ must be DAILY, WEEKLY or MONTHLY');
  const byMonthDay = integerList(parts.get('BYMONTHDAY'), -31, 31, 'BYMONTHDAY', invalid);
  if (byMonthDay.includes(0)) throw invalid('BYMONTHDAY cannot be 0');
  if (frequency === 'WEEKLY' && byMonthDay.length > 0) throw invalid('BYMONTHDAY cannot be used with WEEKLY');
  const interval = parts.get('INTERVAL');
  return {
    frequency,
    interval: interval === undefined ? 1 : positiveInteger(interval, 'INTERVAL', invalid),
    byDay: weekdayList(parts.get('BYDAY'), invalid),
    byMonthDay,
    byHour: integerList(parts.get('BYHOUR'), 0, 23, 'BYHOUR', invalid),
    byMinute: integerList(parts.get('BYMINUTE'), 0, 59, 'BYMINUTE', invalid),
    end: parseEnd(text, parts, timeZone, invalid),
    start,
    timeZone,
  };
}

/**
 * Up to `limit` occurrences strictly after `after`, in order. Times keep their wall-clock reading across
 * DST changes; a time skipped by a change falls on the moment of the jump and a repeated one on its first
 * occurrence. Only occurrences the rule matches count: DTSTART itself is not one unless it matches.
 */
export function nextOccurrences(rule: RecurrenceRule, after: Date, limit: number): Date[] {
  const found: Date[] = [];
  if (limit <= 0) return found;
  for (const instant of occurrences(rule)) {
    if (instant <= after.getTime()) continue;
    found.push(new Date(instant));
    if (found.length >= limit) break;
  }
  return found;
}

function* occurrences(rule: RecurrenceRule): Generator<number> {
  const zone = zoneNamed(rule.timeZone);
  const first = instantAtWallTime(zone, rule.start.date, rule.start.minuteOfDay);
  const times = timesOfDay(rule);
  const lastYear = rule.start.date.year + RECURRENCE_HORIZON_YEARS;
  let emitted = 0;
  let previous = -Infinity;
  for (let period = 0; ; period++) {
    const { anchor, dates } = datesOfPeriod(rule, period);
    if (anchor.year > lastYear) return;
    for (const date of dates) {
      for (const minuteOfDay of times) {
        const instant = instantAtWallTime(zone, date, minuteOfDay);
        // Two wall times inside a skipped hour land on the same instant; send once.
        if (instant < first || instant <= previous) continue;
        if ('until' in rule.end && instant > rule.end.until.getTime()) return;
        yield instant;
        previous = instant;
        emitted += 1;
        if ('count' in rule.end && emitted >= rule.end.count) return;
      }
    }
  }
}

/** The candidate dates of the n-th period (day, week or month), in order, and the date the period starts. */
function datesOfPeriod(rule: RecurrenceRule, period: number): { anchor: LocalDate; dates: LocalDate[] } {
  const { date: start } = rule.start;
  const steps = period * rule.interval;
  switch (rule.frequency) {
    case 'DAILY': {
      const date = addDays(start, steps);
      return {
        anchor: date,
        dates: [date].filter((day) => matchesByDay(rule, day) && matchesByMonthDay(rule, day)),
      };
    }
    case 'WEEKLY': {
      const monday = addDays(start, 7 * steps - weekdayOf(start));
      const weekdays = rule.byDay.length > 0 ? rule.byDay.map(weekdayIndex) : [weekdayOf(start)];
      const dates = [...new Set(weekdays)].sort((a, b) => a - b).map((weekday) => addDays(monday, weekday));
      return { anchor: monday, dates };
    }
    case 'MONTHLY': {
      const monthIndex = start.year * 12 + start.month - 1 + steps;
      const year = Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      const length = daysInMonth(year, month);
      const days =
        rule.byMonthDay.length > 0
          ? rule.byMonthDay.map((day) => (day > 0 ? day : length + 1 + day))
          : rule.byDay.length > 0
            ? Array.from({ length }, (_, index) => index + 1)
            : [start.day];
      const dates = [...new Set(days)]
        .filter((day) => day >= 1 && day <= length)
        .sort((a, b) => a - b)
        .map((day) => ({ year, month, day }))
        .filter((date) => matchesByDay(rule, date));
      return { anchor: { year, month, day: 1 }, dates };
    }
  }
}

function matchesByDay(rule: RecurrenceRule, date: LocalDate): boolean {
  return rule.byDay.length === 0 || rule.byDay.map(weekdayIndex).includes(weekdayOf(date));
}

function matchesByMonthDay(rule: RecurrenceRule, date: LocalDate): boolean {
  const fromEnd = date.day - daysInMonth(date.year, date.month) - 1;
  return rule.byMonthDay.length === 0 || rule.byMonthDay.some((day) => day === date.day || day === fromEnd);
}

function timesOfDay(rule: RecurrenceRule): number[] {
  const hours = rule.byHour.length > 0 ? rule.byHour : [Math.floor(rule.start.minuteOfDay / 60)];
  const minutes = rule.byMinute.length > 0 ? rule.byMinute : [rule.start.minuteOfDay % 60];
  const times = hours.flatMap((hour) => minutes.map((minute) => hour * 60 + minute));
  return [...new Set(times)].sort((a, b) => a - b);
}

function weekdayIndex(weekday: RRuleWeekday): number {
  return RRULE_WEEKDAYS.indexOf(weekday);
}

function isFrequency(value: string | undefined): value is RecurrenceFrequency {
  return (RECURRENCE_FREQUENCIES as readonly (string | undefined)[]).includes(value);
}

type Invalid = (detail: string) => InvalidRecurrenceRuleError;

function parseDtStart(line: string, invalid: Invalid): { start: RecurrenceRule['start']; timeZone: string } {
  const match = DTSTART.exec(line);
  if (!match) throw invalid('DTSTART must look like DTSTART;TZID=Europe/London:20260301T090000');
  const [, tzid, year, month, day, hour, minute, second, utc] = match;
  if (tzid && utc) throw invalid('DTSTART cannot have both a TZID and a UTC time');
  if (!tzid && !utc) throw invalid('DTSTART needs a TZID or a UTC time ending in Z');
  const date = realDate(Number(year), Number(month), Number(day));
  if (!date || Number(hour) > 23 || Number(minute) > 59) throw invalid('DTSTART is not a real date and time');
  if (Number(second) !== 0) throw invalid('DTSTART must fall on a whole minute');
  const timeZone = zoneNamed(tzid ?? 'UTC').name;
  return { start: { date, minuteOfDay: Number(hour) * 60 + Number(minute) }, timeZone };
}

function parseParts(body: string, invalid: Invalid): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const [name = '', value, ...rest] = part.split('=');
    const key = name.toUpperCase();
    if (value === undefined || value === '' || rest.length > 0) throw invalid(`"${part}" is not NAME=VALUE`);
    if (!SUPPORTED_PARTS.includes(key)) throw invalid(`${key} is not supported`);
    if (parts.has(key)) throw invalid(`${key} appears twice`);
    parts.set(key, value);
  }
  return parts;
}

function parseEnd(
  text: string,
  parts: Map<string, string>,
  timeZone: string,
  invalid: Invalid,
): RecurrenceEnd {
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  if (count !== undefined && until !== undefined) throw invalid('COUNT and UNTIL cannot both be given');
  if (count !== undefined) return { count: positiveInteger(count, 'COUNT', invalid) };
  if (until === undefined) throw new RecurrenceWithoutEndError(text);
  return { until: parseUntil(until, timeZone, invalid) };
}

/** UNTIL is a UTC time, or a date meaning the whole of that day in the rule's zone. */
function parseUntil(value: string, timeZone: string, invalid: Invalid): Date {
  const dateTime = UNTIL_DATE_TIME.exec(value);
  const dateOnly = UNTIL_DATE.exec(value);
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = dateTime ?? dateOnly ?? [];
  const date = realDate(Number(year), Number(month), Number(day));
  if (!date || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    throw invalid('UNTIL must be a UTC time such as 20261231T235959Z, or a date such as 20261231');
  }
  if (dateOnly) return new Date(instantAtWallTime(zoneNamed(timeZone), addDays(date, 1), 0) - 1);
  return new Date(
    Date.UTC(date.year, date.month - 1, date.day, Number(hour), Number(minute), Number(second)),
  );
}

function positiveInteger(value: string, name: string, invalid: Invalid): number {
  const number = /^\d+$/.test(value) ? Number(value) : 0;
  if (number < 1 || !Number.isSafeInteger(number)) throw invalid(`${name} must be a whole number from 1`);
  return number;
}

function integerList(
  value: string | undefined,
  min: number,
  max: number,
  name: string,
  invalid: Invalid,
): number[] {
  if (value === undefined) return [];
  return value.split(',').map((item) => {
    const number = /^[+-]?\d+$/.test(item) ? Number(item) : NaN;
    if (!(number >= min && number <= max))
      throw invalid(`${name} values must be whole numbers from ${min} to ${max}`);
    return number;
  });
}

function weekdayList(value: string | undefined, invalid: Invalid): RRuleWeekday[] {
  if (value === undefined) return [];
  return value.split(',').map((item) => {
    const weekday = RRULE_WEEKDAYS.find((code) => code === item.toUpperCase());
    if (!weekday) throw invalid(`BYDAY takes weekdays MO to SU without ordinals, not "${item}"`);
    return weekday;
  });
}

function realDate(year: number, month: number, day: number): LocalDate | null {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
    ? { year, month, day }
    : null;
}
