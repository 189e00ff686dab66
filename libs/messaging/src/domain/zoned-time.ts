import { IANAZone } from 'luxon';
import { UnknownTimeZoneError } from './messaging.errors';

/** A day on the calendar, independent of any zone. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

const TIME_OF_DAY = /^(\d{2}):(\d{2})$/;

/** Throws {@link UnknownTimeZoneError} unless the name is an IANA zone. */
export function zoneNamed(name: string): IANAZone {
  // Zones are cached by name, and validity is checked once per zone.
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new UnknownTimeZoneError(name);
  return zone;
}

/** Minutes after midnight of 'HH:MM'; '24:00' gives 1440, the end of the day. Null when malformed. */
export function parseTimeOfDay(text: string): number | null {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** The wall clock an instant shows in a zone, as a UTC timestamp of the same reading. */
function wallClockOf(zone: IANAZone, instant: number): number {
  return instant + zone.offset(instant) * MS_PER_MINUTE;
}

export function localDateOf(zone: IANAZone, instant: number): LocalDate {
  const wall = new Date(wallClockOf(zone, instant));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

export function minuteOfDayOf(zone: IANAZone, instant: number): number {
  return Math.floor((((wallClockOf(zone, instant) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE);
}

export function addDays({ year, month, day }: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** 0 for Monday through 6 for Sunday. */
export function weekdayOf({ year, month, day }: LocalDate): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant a zone's clock shows `minuteOfDay` on `date` (1440 is the midnight that ends the day). A time
 * repeated when clocks go back means its first occurrence; a time skipped when they go forward means the
 * moment of the jump, the first instant at which the clock has passed it.
 */
export function instantAtWallTime(zone: IANAZone, date: LocalDate, minuteOfDay: number): number {
  return Math.min(...wallTimeOccurrences(zone, date, minuteOfDay));
}

/**
 * Every instant, in order, at which a zone's clock reaches `minuteOfDay` on `date`: two when clocks go back
 * over it, and the moment of the jump when clocks go forward over it.
 */
export function wallTimeOccurrences(zone: IANAZone, date: LocalDate, minuteOfDay: number): number[] {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MS_PER_MINUTE;
  // Offsets a day either side bracket any transition near this wall time.
  const candidates = [...new Set([zone.offset(wall - MS_PER_DAY), zone.offset(wall + MS_PER_DAY)])]
    .map((offset) => wall - offset * MS_PER_MINUTE)
    .sort((a, b) => a - b);
  const occurrences = candidates.filter((instant) => wallClockOf(zone, instant) === wall);
  if (occurrences.length > 0) return occurrences;
  return [firstInstantWithNewOffset(zone, candidates[0] ?? wall, candidates.at(-1) ?? wall)];
}

function firstInstantWithNewOffset(zone: IANAZone, before: number, after: number): number {
  const oldOffset = zone.offset(before);
  let low = before;
  let high = after;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.offset(middle) === oldOffset) low = middle;
    else high = middle;
  }
  return high;
}
