import { fixedClock } from '@switchyard/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidSendWindowError, SendAtOutOfWindowError, UnknownTimeZoneError } from './messaging.errors';
import {
  isWithinSendWindow,
  nextAllowedInstant,
  schedulingWindow,
  type SendWindow,
  validateSendAt,
  validateSendWindow,
} from './send-schedule';

const at = (iso: string) => new Date(iso);
const NEW_YORK = 'America/New_York';
const LONDON = 'Europe/London';
const daytime: SendWindow = { startLocal: '08:00', endLocal: '21:00' };
const overnight: SendWindow = { startLocal: '21:00', endLocal: '08:00' };

describe('validateSendAt', () => {
  const clock = fixedClock('2026-01-10T12:00:00Z');

  it('accepts one minute to one year ahead, both ends included', () => {
    expect(validateSendAt(at('2026-01-10T12:01:00Z'), clock)).toEqual(at('2026-01-10T12:01:00Z'));
    expect(validateSendAt(at('2027-01-10T12:00:00Z'), clock)).toEqual(at('2027-01-10T12:00:00Z'));
  });

  it.each(['2026-01-10T12:00:59.999Z', '2026-01-09T12:00:00Z', '2027-01-10T12:00:00.001Z'])(
    'refuses %s and tells the allowed window',
    (sendAt) => {
      expect(() => validateSendAt(at(sendAt), clock)).toThrow(SendAtOutOfWindowError);
      expect(() => validateSendAt(at(sendAt), clock)).toThrow(
        expect.objectContaining({
          code: 'send_at_out_of_window',
          allowed: { earliest: at('2026-01-10T12:01:00Z'), latest: at('2027-01-10T12:00:00Z') },
        }),
      );
    },
  );

  it('ends a year after February 29 on February 28', () => {
    expect(schedulingWindow(at('2028-02-29T10:00:00Z')).latest).toEqual(at('2029-02-28T10:00:00Z'));
  });
});

describe('send window validation', () => {
  it.each([
    { startLocal: '8:00', endLocal: '21:00' },
    { startLocal: '24:00', endLocal: '08:00' },
    { startLocal: '08:00', endLocal: '25:00' },
    { startLocal: '08:00', endLocal: '08:00' },
    { startLocal: '08:60', endLocal: '09:00' },
  ])('rejects $startLocal-$endLocal', (window) => {
    expect(() => validateSendWindow(window)).toThrow(InvalidSendWindowError);
  });

  it('accepts the whole day and windows ending at midnight', () => {
    expect(() => validateSendWindow({ startLocal: '00:00', endLocal: '24:00' })).not.toThrow();
    expect(() => validateSendWindow({ startLocal: '21:00', endLocal: '00:00' })).not.toThrow();
    expect(
      isWithinSendWindow(at('2026-01-10T04:59:00Z'), { startLocal: '00:00', endLocal: '24:00' }, NEW_YORK),
    ).toBe(true);
  });

  it('refuses an unknown zone', () => {
    expect(() => nextAllowedInstant(at('2026-01-10T12:00:00Z'), daytime, 'Mars/Base')).toThrow(
      UnknownTimeZoneError,
    );
  });
});

describe('nextAllowedInstant: daytime window', () => {
  it('keeps an instant inside the window, start included and end excluded', () => {
    // 2026-01-10 is a Saturday; New York is on EST (UTC-5).
    expect(nextAllowedInstant(at('2026-01-10T15:00:00Z'), daytime, NEW_YORK)).toEqual(
      at('2026-01-10T15:00:00Z'),
    );
    expect(isWithinSendWindow(at('2026-01-10T13:00:00Z'), daytime, NEW_YORK)).toBe(true);
    expect(isWithinSendWindow(at('2026-01-11T02:00:00Z'), daytime, NEW_YORK)).toBe(false);
  });

  it('waits for the morning, or for the next one after the window closes', () => {
    expect(nextAllowedInstant(at('2026-01-10T12:00:00Z'), daytime, NEW_YORK)).toEqual(
      at('2026-01-10T13:00:00Z'),
    );
    expect(nextAllowedInstant(at('2026-01-11T02:30:00Z'), daytime, NEW_YORK)).toEqual(
      at('2026-01-11T13:00:00Z'),
    );
  });

  it('opens at 08:00 local on the night clocks go forward', () => {
    // Saturday 2026-03-07 22:00 EST; Sunday 08:00 is already EDT (UTC-4).
    expect(nextAllowedInstant(at('2026-03-08T03:00:00Z'), daytime, NEW_YORK)).toEqual(
      at('2026-03-08T12:00:00Z'),
    );
  });

  it('opens at 08:00 local on the night clocks go back', () => {
    // Saturday 2026-10-31 22:00 EDT; Sunday 08:00 is EST (UTC-5).
    expect(nextAllowedInstant(at('2026-11-01T02:00:00Z'), daytime, NEW_YORK)).toEqual(
      at('2026-11-01T13:00:00Z'),
    );
  });

  it('keeps local hours in London across both changes', () => {
    const office = { startLocal: '09:00', endLocal: '17:00' };
    expect(nextAllowedInstant(at('2026-03-28T18:00:00Z'), office, LONDON)).toEqual(
      at('2026-03-29T08:00:00Z'),
    );
    expect(nextAllowedInstant(at('2026-10-24T18:00:00Z'), office, LONDON)).toEqual(
      at('2026-10-25T09:00:00Z'),
    );
  });
});

describe('nextAllowedInstant: overnight window 21:00-08:00', () => {
  it('is open late in the evening and early in the morning', () => {
    expect(nextAllowedInstant(at('2026-01-11T04:00:00Z'), overnight, NEW_YORK)).toEqual(
      at('2026-01-11T04:00:00Z'),
    );
    expect(nextAllowedInstant(at('2026-01-10T12:59:00Z'), overnight, NEW_YORK)).toEqual(
      at('2026-01-10T12:59:00Z'),
    );
  });

  it('waits from 08:00 until 21:00 the same day', () => {
    expect(nextAllowedInstant(at('2026-01-10T13:00:00Z'), overnight, NEW_YORK)).toEqual(
      at('2026-01-11T02:00:00Z'),
    );
    expect(nextAllowedInstant(at('2026-01-10T19:00:00Z'), overnight, NEW_YORK)).toEqual(
      at('2026-01-11T02:00:00Z'),
    );
  });

  it('reopens at 21:00 BST on the day London clocks go forward', () => {
    // 08:30 BST on 2026-03-29.
    expect(nextAllowedInstant(at('2026-03-29T07:30:00Z'), overnight, LONDON)).toEqual(
      at('2026-03-29T20:00:00Z'),
    );
  });
});

describe('nextAllowedInstant: windows touching the DST change itself', () => {
  it('opens at the jump when the start is skipped', () => {
    // 01:00 EST on 2026-03-08; 02:30 never happens, clocks read 03:00 EDT at 07:00Z.
    const window = { startLocal: '02:30', endLocal: '05:00' };
    expect(nextAllowedInstant(at('2026-03-08T06:00:00Z'), window, NEW_YORK)).toEqual(
      at('2026-03-08T07:00:00Z'),
    );
  });

  it('skips a day on which the whole window is skipped', () => {
    const window = { startLocal: '02:10', endLocal: '02:50' };
    expect(nextAllowedInstant(at('2026-03-08T06:00:00Z'), window, NEW_YORK)).toEqual(
      at('2026-03-09T06:10:00Z'),
    );
  });

  it('reopens when the repeated hour reaches the start a second time', () => {
    // 01:10 EST on 2026-11-01, after the EDT pass through 01:30-02:00.
    const window = { startLocal: '01:30', endLocal: '06:00' };
    expect(nextAllowedInstant(at('2026-11-01T06:10:00Z'), window, NEW_YORK)).toEqual(
      at('2026-11-01T06:30:00Z'),
    );
  });
});

describe('send window properties', () => {
  const MINUTE = 60_000;
  const quarterHour = fc.integer({ min: 0, max: 95 }).map((quarter) => {
    const minutes = quarter * 15;
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  });
  const windowArb = fc
    .tuple(quarterHour, quarterHour)
    .filter(([start, end]) => start !== end)
    .map(([startLocal, endLocal]) => ({ startLocal, endLocal }));
  // Minutes within two days either side of the spring and autumn changes in both zones.
  const instantArb = fc
    .tuple(
      fc.constantFrom(
        '2026-03-08T00:00:00Z',
        '2026-11-01T00:00:00Z',
        '2026-03-29T00:00:00Z',
        '2026-10-25T00:00:00Z',
      ),
      fc.integer({ min: -2 * 1440, max: 2 * 1440 }),
    )
    .map(([base, minutes]) => new Date(Date.parse(base) + minutes * MINUTE));

  it('returns the first instant, not before `at`, at which the window is open', () => {
    fc.assert(
      fc.property(instantArb, windowArb, fc.constantFrom(NEW_YORK, LONDON), (from, window, zone) => {
        const allowed = nextAllowedInstant(from, window, zone);
        expect(allowed.getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(isWithinSendWindow(allowed, window, zone)).toBe(true);
        let firstOpenMinute: Date | undefined;
        for (let minute = from.getTime(); minute < allowed.getTime() && !firstOpenMinute; minute += MINUTE) {
          if (isWithinSendWindow(new Date(minute), window, zone)) firstOpenMinute = new Date(minute);
        }
        expect(firstOpenMinute).toBeUndefined();
      }),
    );
  });
});
