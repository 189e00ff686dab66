import { IANAZone } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import {
  parseInstant,
  parseIsoDate,
  parseMonthDay,
  offsetAt,
  parseTimeOfDay,
  resolveWallTime,
  zoneNamed,
} from './zoned-time';

const newYork = IANAZone.create('America/New_York');
const iso = (instant: number) => new Date(instant).toISOString();

describe('zoned time', () => {
  it('parses only real dates, month-days and times of day', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseMonthDay('02-29')).toEqual({ month: 2, day: 29 });
    expect(parseMonthDay('13-01')).toBeNull();
    expect([parseTimeOfDay('00:00'), parseTimeOfDay('23:59'), parseTimeOfDay('24:00')]).toEqual([
      0, 1439, 1440,
    ]);
    expect([parseTimeOfDay('24:01'), parseTimeOfDay('12:60'), parseTimeOfDay('7:00')]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('parses instants only with an offset and real fields', () => {
    expect(parseInstant('2026-01-05T12:00:00+01:00')).toBe(Date.parse('2026-01-05T11:00:00Z'));
    expect(parseInstant('2026-01-05T12:00')).toBeNull();
    expect(parseInstant('2026-02-30T12:00:00Z')).toBeNull();
    expect(parseInstant('2026-01-05T12:00:61Z')).toBeNull();
  });

  it('resolves ordinary, skipped and repeated wall times', () => {
    expect(iso(resolveWallTime(newYork, { year: 2026, month: 1, day: 5 }, 9 * 60))).toBe(
      '2026-01-05T14:00:00.000Z',
    );
    // 02:30 does not exist on 2026-03-08: the clock jumps from 02:00 EST to 03:00 EDT (07:00Z).
    expect(iso(resolveWallTime(newYork, { year: 2026, month: 3, day: 8 }, 150))).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    // 01:30 happens twice on 2026-11-01: first in EDT.
    expect(iso(resolveWallTime(newYork, { year: 2026, month: 11, day: 1 }, 90))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    // 24:00 is midnight at the start of the next day.
    expect(iso(resolveWallTime(newYork, { year: 2026, month: 3, day: 7 }, 1440))).toBe(
      '2026-03-08T05:00:00.000Z',
    );
  });

  it('names zones from a cache, without checking a known zone again, and rejects unknown ones', () => {
    const check = vi.spyOn(IANAZone, 'isValidZone');
    try {
      expect(zoneNamed('America/New_York')).toBe(newYork);
      expect(zoneNamed('America/New_York')).toBe(newYork);
      expect(check).not.toHaveBeenCalled();
    } finally {
      check.mockRestore();
    }
    expect(() => zoneNamed('Mars/Olympus_Mons')).toThrow('Unknown IANA time zone "Mars/Olympus_Mons"');
  });

  it('answers offsets as the zone does, whether looked up before or not', () => {
    const lordHowe = IANAZone.create('Australia/Lord_Howe');
    // Both sides of the spring and autumn changes of 2026, including Lord Howe's half-hour one.
    const instants = [
      '2026-03-08T06:59:59Z',
      '2026-03-08T07:00:00Z',
      '2026-11-01T05:59:59Z',
      '2026-11-01T06:00:00Z',
    ]
      .map((text) => Date.parse(text))
      .concat(Array.from({ length: 2200 }, (_, index) => Date.UTC(2026, 0, 1) + index * 14_351_000));
    for (const zone of [newYork, lordHowe]) {
      for (const instant of [...instants, ...instants])
        expect(offsetAt(zone, instant)).toBe(zone.offset(instant));
    }
  });
});
