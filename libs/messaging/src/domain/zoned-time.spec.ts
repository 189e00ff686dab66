import { describe, expect, it } from 'vitest';
import { UnknownTimeZoneError } from './messaging.errors';
import {
  addDays,
  daysInMonth,
  instantAtWallTime,
  localDateOf,
  minuteOfDayOf,
  parseTimeOfDay,
  wallTimeOccurrences,
  weekdayOf,
  zoneNamed,
} from './zoned-time';

const newYork = zoneNamed('America/New_York');
const london = zoneNamed('Europe/London');
const iso = (instant: number) => new Date(instant).toISOString();

describe('zoned time', () => {
  it('refuses unknown zones', () => {
    expect(() => zoneNamed('Mars/Olympus')).toThrow(UnknownTimeZoneError);
  });

  it('parses times of day up to the end of the day', () => {
    expect(['00:00', '08:30', '23:59', '24:00'].map(parseTimeOfDay)).toEqual([0, 510, 1439, 1440]);
    expect(['24:01', '12:60', '7:00', '0800'].map(parseTimeOfDay)).toEqual([null, null, null, null]);
  });

  it('reads the local date, time and weekday of an instant', () => {
    const instant = Date.parse('2026-03-08T04:30:00Z');
    expect(localDateOf(newYork, instant)).toEqual({ year: 2026, month: 3, day: 7 });
    expect(minuteOfDayOf(newYork, instant)).toBe(23 * 60 + 30);
    expect(weekdayOf({ year: 2026, month: 3, day: 7 })).toBe(5);
    expect(addDays({ year: 2028, month: 2, day: 28 }, 2)).toEqual({ year: 2028, month: 3, day: 1 });
    expect([daysInMonth(2028, 2), daysInMonth(2026, 2), daysInMonth(2026, 12)]).toEqual([29, 28, 31]);
  });

  it('resolves wall times on ordinary days and across the New York transitions', () => {
    expect(iso(instantAtWallTime(newYork, { year: 2026, month: 3, day: 7 }, 9 * 60))).toBe(
      '2026-03-07T14:00:00.000Z',
    );
    expect(iso(instantAtWallTime(newYork, { year: 2026, month: 3, day: 8 }, 9 * 60))).toBe(
      '2026-03-08T13:00:00.000Z',
    );
    // 02:30 does not exist on 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT at 07:00Z.
    expect(iso(instantAtWallTime(newYork, { year: 2026, month: 3, day: 8 }, 150))).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    // 01:30 happens twice on 2026-11-01; the first time is still EDT.
    expect(iso(instantAtWallTime(newYork, { year: 2026, month: 11, day: 1 }, 90))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(wallTimeOccurrences(newYork, { year: 2026, month: 11, day: 1 }, 90).map(iso)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
    ]);
  });

  it('resolves wall times across the London transitions', () => {
    expect(iso(instantAtWallTime(london, { year: 2026, month: 3, day: 29 }, 90))).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(iso(instantAtWallTime(london, { year: 2026, month: 10, day: 25 }, 90))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(iso(instantAtWallTime(london, { year: 2026, month: 10, day: 25 }, 1440))).toBe(
      '2026-10-26T00:00:00.000Z',
    );
  });
});
