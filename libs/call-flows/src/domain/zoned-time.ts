import { IANAZone } from 'luxon';

/** A day on the calendar, independent of any time zone. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export const MINUTES_PER_DAY = 1440;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/** An ISO 8601 instant that carries its own offset, so it never depends on the machine's zone. */
export const ISO_INSTANT_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:([0-9]{2})(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})$/;
const ISO_INSTANT = new RegExp(ISO_INSTANT_PATTERN);
// February 29 must be accepted for yearly dates, so month-day checks use a leap year.
const LEAP_YEAR = 2000;

function isRealDate({ year, month, day }: CalendarDate): boolean {
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** Parses 'YYYY-MM-DD'; null unless it names a real calendar day. */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isRealDate(date) ? date : null;
}

/** Parses a yearly 'MM-DD'; null unless some year has that day. */
export function parseMonthDay(text: string): { readonly month: number; readonly day: number } | null {
  const match = MONTH_DAY.exec(text);
  if (!match) return null;
  const monthDay = { month: Number(match[1]), day: Number(match[2]) };
  return isRealDate({ year: LEAP_YEAR, ...monthDay }) ? monthDay : null;
}

/** Parses 'HH:MM' into minutes after midnight; '24:00' gives 1440 (the end of the day). */
export function parseTimeOfDay(text: string): number | null {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

/** Minutes after midnight of an 'HH:MM' already known to be well formed. */
export function requireTimeOfDay(text: string): number {
  const minutes = parseTimeOfDay(text);
  if (minutes === null) throw new Error(`Invalid time of day "${text}"`);
  return minutes;
}

/** Parses an ISO 8601 instant with an explicit offset into epoch milliseconds. */
export function parseInstant(text: string): number | null {
  const match = ISO_INSTANT.exec(text);
  // Date.parse silently rolls impossible fields over (Feb 30 becomes Mar 2), so check them first.
  const timeOfDay = parseTimeOfDay(text.slice(11, 16));
  if (!match || !parseIsoDate(text.slice(0, 10)) || timeOfDay === null || timeOfDay >= MINUTES_PER_DAY) {
    return null;
  }
  if (Number(match[2] ?? '0') > 59) return null;
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? null : instant;
}

export function formatIsoDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays({ year, month, day }: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** 0 for Monday through 6 for Sunday. */
export type WeekdayIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export function weekdayIndex({ year, month, day }: CalendarDate): WeekdayIndex {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) as WeekdayIndex;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * Luxon keeps the zones `create` makes, and their validity with them; `isValidZone` would build a new
 * Intl formatter on every call, which made each business-hours check cost tens of microseconds.
 */
export function zoneNamed(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new Error(`Unknown IANA time zone "${name}"`);
  return zone;
}

/** Offsets already looked up, per zone, bounded so that a long-running process does not grow without end. */
const knownOffsets = new Map<string, Map<number, number>>();
const knownOffsetsPerZone = 4096;

/**
 * The zone's offset from UTC in minutes at an instant. Each lookup goes through Intl and costs microseconds, while
 * the instants a schedule needs (its period boundaries around a date) repeat from one call to the next, so answers
 * are kept by exact instant: the same question always gets the same answer.
 */
export function offsetAt(zone: IANAZone, instant: number): number {
  let offsets = knownOffsets.get(zone.name);
  if (!offsets) knownOffsets.set(zone.name, (offsets = new Map()));
  let offset = offsets.get(instant);
  if (offset === undefined) {
    if (offsets.size >= knownOffsetsPerZone) offsets.clear();
    offset = zone.offset(instant);
    offsets.set(instant, offset);
  }
  return offset;
}

/** The calendar day an instant falls on in a zone. */
export function localDateOf(zone: IANAZone, instant: number): CalendarDate {
  const wall = new Date(instant + offsetAt(zone, instant) * MS_PER_MINUTE);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/**
 * The instant at which a zone's wall clock shows `minuteOfDay` on `date` (1440 = midnight ending the day).
 * A wall time skipped by a forward DST jump resolves to the instant of the jump (the first instant after
 * the gap); a wall time repeated by a backward jump resolves to its first occurrence.
 */
export function resolveWallTime(zone: IANAZone, date: CalendarDate, minuteOfDay: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MS_PER_MINUTE;
  // A day either side brackets any transition near this wall time, so these are the candidate offsets.
  const offsets = [offsetAt(zone, wall - MS_PER_DAY), offsetAt(zone, wall + MS_PER_DAY)];
  const occurrences = offsets
    .map((offset) => wall - offset * MS_PER_MINUTE)
    .filter((instant) => wall - offsetAt(zone, instant) * MS_PER_MINUTE === instant);
  if (occurrences.length > 0) return Math.min(...occurrences);
  const candidates = offsets.map((offset) => wall - offset * MS_PER_MINUTE);
  return firstInstantWithNewOffset(zone, Math.min(...candidates), Math.max(...candidates));
}

/** Binary search for the transition between `before` (old offset) and `after` (new offset). */
function firstInstantWithNewOffset(zone: IANAZone, before: number, after: number): number {
  const oldOffset = offsetAt(zone, before);
  let low = before;
  let high = after;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(zone, middle) === oldOffset) low = middle;
    else high = middle;
  }
  return high;
}
