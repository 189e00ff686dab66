import { type Clock } from '@switchyard/contracts';
import { DateTime } from 'luxon';
import { InvalidSendWindowError, SendAtOutOfWindowError } from './messaging.errors';
import {
  addDays,
  localDateOf,
  MINUTES_PER_DAY,
  minuteOfDayOf,
  parseTimeOfDay,
  wallTimeOccurrences,
  zoneNamed,
} from './zoned-time';

/** How soon a scheduled message may go: sooner than this is a send now, and needs no schedule. */
export const MIN_SCHEDULE_LEAD_MS = 60_000;
/** How far ahead a message may be scheduled, in calendar years. */
export const MAX_SCHEDULE_AHEAD_YEARS = 1;

export interface SchedulingWindow {
  readonly earliest: Date;
  readonly latest: Date;
}

/**
 * Local wall-clock hours in which messages may reach a recipient, 'HH:MM' each. An end before the start
 * runs past midnight (21:00-08:00); '24:00' ends at midnight.
 */
export interface SendWindow {
  readonly startLocal: string;
  readonly endLocal: string;
}

/** Window bounds in minutes after midnight. */
interface WindowMinutes {
  readonly start: number;
  readonly end: number;
}

// A window reopens every day, so the next opening is at most a day and a DST shift away.
const DAYS_TO_SEARCH_FOR_OPENING = 3;

/** When a message scheduled now may be sent: from one minute to one year ahead, both inclusive. */
export function schedulingWindow(now: Date): SchedulingWindow {
  return {
    earliest: new Date(now.getTime() + MIN_SCHEDULE_LEAD_MS),
    latest: DateTime.fromJSDate(now, { zone: 'utc' }).plus({ years: MAX_SCHEDULE_AHEAD_YEARS }).toJSDate(),
  };
}

/** Returns `sendAt` or throws {@link SendAtOutOfWindowError} carrying the window the caller may pick from. */
export function validateSendAt(sendAt: Date, clock: Clock): Date {
  const allowed = schedulingWindow(clock.now());
  if (sendAt < allowed.earliest || sendAt > allowed.latest) throw new SendAtOutOfWindowError(sendAt, allowed);
  return sendAt;
}

/** Throws {@link InvalidSendWindowError} unless both times are well formed and differ. */
export function validateSendWindow(window: SendWindow): void {
  windowMinutes(window);
}

export function isWithinSendWindow(at: Date, window: SendWindow, timeZone: string): boolean {
  return containsMinute(windowMinutes(window), minuteOfDayOf(zoneNamed(timeZone), at.getTime()));
}

/**
 * `at` itself when the recipient's clock is inside the window, else the next instant the window opens. Hours
 * are read on the recipient's wall clock, so across a DST change the window keeps its local times.
 */
export function nextAllowedInstant(at: Date, window: SendWindow, timeZone: string): Date {
  const zone = zoneNamed(timeZone);
  const minutes = windowMinutes(window);
  const instant = at.getTime();
  if (containsMinute(minutes, minuteOfDayOf(zone, instant))) return at;
  const today = localDateOf(zone, instant);
  for (let days = 0; days < DAYS_TO_SEARCH_FOR_OPENING; days++) {
    // A window that opens and closes inside a skipped hour does not open that day, hence the check.
    const opening = wallTimeOccurrences(zone, addDays(today, days), minutes.start).find(
      (candidate) => candidate > instant && containsMinute(minutes, minuteOfDayOf(zone, candidate)),
    );
    if (opening !== undefined) return new Date(opening);
  }
  throw new InvalidSendWindowError(window, `it never opens in ${timeZone}`);
}

function windowMinutes(window: SendWindow): WindowMinutes {
  const start = parseTimeOfDay(window.startLocal);
  const end = parseTimeOfDay(window.endLocal);
  if (start === null || start === MINUTES_PER_DAY) {
    throw new InvalidSendWindowError(window, 'startLocal must be a time from 00:00 to 23:59');
  }
  if (end === null) throw new InvalidSendWindowError(window, 'endLocal must be a time from 00:00 to 24:00');
  if (start === end) throw new InvalidSendWindowError(window, 'the window is empty');
  return { start, end };
}

function containsMinute({ start, end }: WindowMinutes, minute: number): boolean {
  return start < end ? start <= minute && minute < end : minute >= start || minute < end;
}
