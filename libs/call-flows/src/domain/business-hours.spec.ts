import { describe, expect, it } from 'vitest';
import {
  type BusinessHoursSchedule,
  explain,
  isOpen,
  nextTransition,
  type WeeklyPeriod,
  type Weekday,
} from './business-hours';

const at = (iso: string): Date => new Date(iso);

function schedule(timeZone: string, weekly: WeeklyPeriod[], extra: Partial<BusinessHoursSchedule> = {}) {
  return { name: 'Office', timeZone, weekly, ...extra } satisfies BusinessHoursSchedule;
}

const weekdays = (start: string, end: string): WeeklyPeriod[] =>
  (['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[]).map((day) => ({ day, start, end }));

describe('business hours: overnight periods', () => {
  // 2026-01-09 is a Friday; New York is on EST (UTC-5).
  const lateBar = schedule('America/New_York', [{ day: 'fri', start: '22:00', end: '02:00' }]);

  it('opens at the start and stays open past midnight until the end', () => {
    expect(isOpen(lateBar, at('2026-01-10T02:59:59Z'))).toBe(false);
    expect(isOpen(lateBar, at('2026-01-10T03:00:00Z'))).toBe(true);
    expect(isOpen(lateBar, at('2026-01-10T06:59:59Z'))).toBe(true);
    expect(isOpen(lateBar, at('2026-01-10T07:00:00Z'))).toBe(false);
  });

  it('explains the period by the date it started on', () => {
    expect(explain(lateBar, at('2026-01-10T06:00:00Z'))).toEqual({
      open: true,
      reason: 'weekly',
      period: {
        date: '2026-01-09',
        day: 'fri',
        start: '22:00',
        end: '02:00',
        opensAt: at('2026-01-10T03:00:00Z'),
        closesAt: at('2026-01-10T07:00:00Z'),
      },
    });
    expect(explain(lateBar, at('2026-01-10T08:00:00Z'))).toEqual({ open: false, reason: 'no_period' });
  });

  it('finds the opening and the closing after midnight', () => {
    expect(nextTransition(lateBar, at('2026-01-09T17:00:00Z'))).toEqual(at('2026-01-10T03:00:00Z'));
    expect(nextTransition(lateBar, at('2026-01-10T05:30:00Z'))).toEqual(at('2026-01-10T07:00:00Z'));
  });

  it('treats periods meeting at midnight as one continuous opening', () => {
    const lateShift = schedule('America/New_York', [
      { day: 'mon', start: '18:00', end: '24:00' },
      { day: 'tue', start: '00:00', end: '06:00' },
    ]);
    // Monday 2026-01-05 20:00 EST.
    expect(nextTransition(lateShift, at('2026-01-06T01:00:00Z'))).toEqual(at('2026-01-06T11:00:00Z'));
  });
});

describe('business hours: DST in America/New_York', () => {
  it('keeps wall-clock hours on the day clocks go forward, so an overnight period lasts 7 real hours', () => {
    // Saturday 2026-03-07 22:00 EST to Sunday 2026-03-08 06:00 EDT.
    const nights = schedule('America/New_York', [{ day: 'sat', start: '22:00', end: '06:00' }]);
    const { period } = explain(nights, at('2026-03-08T05:00:00Z'));
    expect(period?.opensAt).toEqual(at('2026-03-08T03:00:00Z'));
    expect(period?.closesAt).toEqual(at('2026-03-08T10:00:00Z'));
  });

  it('resolves a start inside the spring gap forward to the moment clocks jump', () => {
    const early = schedule('America/New_York', [{ day: 'sun', start: '02:30', end: '04:00' }]);
    expect(isOpen(early, at('2026-03-08T06:59:59Z'))).toBe(false);
    expect(isOpen(early, at('2026-03-08T07:00:00Z'))).toBe(true);
    expect(nextTransition(early, at('2026-03-08T06:00:00Z'))).toEqual(at('2026-03-08T07:00:00Z'));
    expect(nextTransition(early, at('2026-03-08T07:00:00Z'))).toEqual(at('2026-03-08T08:00:00Z'));
  });

  it('makes an overnight period 9 real hours long on the day clocks go back', () => {
    const nights = schedule('America/New_York', [{ day: 'sat', start: '22:00', end: '06:00' }]);
    expect(nextTransition(nights, at('2026-11-01T02:00:00Z'))).toEqual(at('2026-11-01T11:00:00Z'));
    expect(isOpen(nights, at('2026-11-01T10:59:00Z'))).toBe(true);
  });

  it('takes the first occurrence of an ambiguous time and stays open through the repeated hour', () => {
    const ambiguous = schedule('America/New_York', [{ day: 'sun', start: '01:30', end: '03:00' }]);
    expect(isOpen(ambiguous, at('2026-11-01T05:29:00Z'))).toBe(false);
    // 01:30 EDT, then 01:15 EST (the second pass through the repeated hour), then 02:59 EST.
    expect(isOpen(ambiguous, at('2026-11-01T05:30:00Z'))).toBe(true);
    expect(isOpen(ambiguous, at('2026-11-01T06:15:00Z'))).toBe(true);
    expect(isOpen(ambiguous, at('2026-11-01T07:59:00Z'))).toBe(true);
    expect(nextTransition(ambiguous, at('2026-11-01T05:30:00Z'))).toEqual(at('2026-11-01T08:00:00Z'));
  });
});

describe('business hours: DST in Europe/London', () => {
  const office = schedule('Europe/London', weekdays('09:00', '17:00'));

  it('opens at 09:00 GMT before and 09:00 BST after the change', () => {
    expect(isOpen(office, at('2026-03-27T08:59:00Z'))).toBe(false);
    expect(isOpen(office, at('2026-03-27T09:00:00Z'))).toBe(true);
    expect(isOpen(office, at('2026-03-30T08:00:00Z'))).toBe(true);
    expect(isOpen(office, at('2026-03-30T16:00:00Z'))).toBe(false);
  });

  it('finds the next opening across the spring change and the next closing across the autumn change', () => {
    expect(nextTransition(office, at('2026-03-27T18:00:00Z'))).toEqual(at('2026-03-30T08:00:00Z'));
    expect(nextTransition(office, at('2026-10-23T18:00:00Z'))).toEqual(at('2026-10-26T09:00:00Z'));
    expect(nextTransition(office, at('2026-10-26T10:00:00Z'))).toEqual(at('2026-10-26T17:00:00Z'));
  });

  it('resolves 01:30 on the spring-forward night to 02:00 BST', () => {
    const night = schedule('Europe/London', [{ day: 'sun', start: '01:30', end: '03:00' }]);
    expect(explain(night, at('2026-03-29T01:30:00Z')).period).toMatchObject({
      opensAt: at('2026-03-29T01:00:00Z'),
      closesAt: at('2026-03-29T02:00:00Z'),
    });
  });
});

describe('business hours: half-hour zones', () => {
  it('handles the 30-minute DST shift of Australia/Lord_Howe', () => {
    const sunday = schedule('Australia/Lord_Howe', [
      { day: 'sun', start: '02:00', end: '03:00' },
      { day: 'sat', start: '23:00', end: '24:00' },
    ]);
    // 2025-10-05 02:00 (+10:30) jumps to 02:30 (+11:00), so the period lasts 30 real minutes.
    expect(explain(sunday, at('2025-10-04T15:45:00Z')).period).toMatchObject({
      opensAt: at('2025-10-04T15:30:00Z'),
      closesAt: at('2025-10-04T16:00:00Z'),
    });
    // Saturday 23:00-24:00 (+10:30) closes at 13:30Z; Sunday's period opens two real hours later.
    expect(nextTransition(sunday, at('2025-10-04T13:00:00Z'))).toEqual(at('2025-10-04T13:30:00Z'));
    expect(nextTransition(sunday, at('2025-10-04T13:30:00Z'))).toEqual(at('2025-10-04T15:30:00Z'));
    // 2026-04-05 02:00 (+11:00) falls back to 01:30 (+10:30), so 01:00-03:00 lasts 2.5 real hours.
    const fallBack = schedule('Australia/Lord_Howe', [{ day: 'sun', start: '01:00', end: '03:00' }]);
    expect(explain(fallBack, at('2026-04-04T15:00:00Z')).period).toMatchObject({
      opensAt: at('2026-04-04T14:00:00Z'),
      closesAt: at('2026-04-04T16:30:00Z'),
    });
  });

  it('handles the constant +05:30 offset of Asia/Kolkata', () => {
    const office = schedule('Asia/Kolkata', weekdays('09:30', '18:00'));
    // Monday 2026-01-05.
    expect(isOpen(office, at('2026-01-05T03:59:00Z'))).toBe(false);
    expect(isOpen(office, at('2026-01-05T04:00:00Z'))).toBe(true);
    expect(isOpen(office, at('2026-01-05T12:29:00Z'))).toBe(true);
    expect(isOpen(office, at('2026-01-05T12:30:00Z'))).toBe(false);
    expect(nextTransition(office, at('2026-01-09T13:00:00Z'))).toEqual(at('2026-01-12T04:00:00Z'));
  });
});

describe('business hours: exceptions', () => {
  const christmas = {
    name: 'Christmas',
    dates: { type: 'yearly', date: '12-25' },
    status: 'closed',
    destinationKey: 'holiday',
  } as const;
  const newYear = { name: 'New Year', dates: { type: 'yearly', date: '01-01' }, status: 'closed' } as const;
  const office = schedule('America/New_York', weekdays('09:00', '17:00'), {
    exceptions: [christmas, newYear],
  });

  it('closes every year on a recurring holiday', () => {
    // Friday 2026-12-25 and Thursday 2025-12-25, 10:00 EST.
    expect(explain(office, at('2026-12-25T15:00:00Z'))).toEqual({
      open: false,
      reason: 'exception',
      exception: christmas,
    });
    expect(isOpen(office, at('2025-12-25T15:00:00Z'))).toBe(false);
    expect(isOpen(office, at('2027-01-01T15:00:00Z'))).toBe(false);
    expect(isOpen(office, at('2026-12-24T15:00:00Z'))).toBe(true);
  });

  it('finds the next opening after a holiday', () => {
    // Thursday 2026-12-24 17:30 EST: Friday is Christmas, so the office opens on Monday.
    expect(nextTransition(office, at('2026-12-24T22:30:00Z'))).toEqual(at('2026-12-28T14:00:00Z'));
  });

  it('cuts a period running past midnight at the start of a holiday', () => {
    const nights = schedule('America/New_York', [{ day: 'thu', start: '22:00', end: '02:00' }], {
      exceptions: [christmas],
    });
    expect(nextTransition(nights, at('2026-12-25T04:00:00Z'))).toEqual(at('2026-12-25T05:00:00Z'));
    expect(isOpen(nights, at('2026-12-25T05:30:00Z'))).toBe(false);
  });

  it('applies special opening hours over a date range, and a single date wins over the range', () => {
    const summer = {
      name: 'Summer event',
      dates: { type: 'range', from: '2026-07-01', to: '2026-07-03' },
      status: 'open',
      periods: [{ start: '10:00', end: '14:00' }],
    } as const;
    const strike = { name: 'Strike', dates: { type: 'date', date: '2026-07-02' }, status: 'closed' } as const;
    const special = schedule('America/New_York', weekdays('09:00', '17:00'), {
      exceptions: [summer, strike],
    });
    // 2026-07-01 09:30 EDT: the weekly period would be open, the range is not.
    expect(explain(special, at('2026-07-01T13:30:00Z'))).toEqual({
      open: false,
      reason: 'exception',
      exception: summer,
    });
    expect(explain(special, at('2026-07-01T15:00:00Z'))).toMatchObject({
      open: true,
      reason: 'exception',
      exception: summer,
      period: { date: '2026-07-01', start: '10:00', end: '14:00' },
    });
    expect(explain(special, at('2026-07-02T15:00:00Z'))).toEqual({
      open: false,
      reason: 'exception',
      exception: strike,
    });
    expect(isOpen(special, at('2026-07-03T15:00:00Z'))).toBe(true);
    expect(isOpen(special, at('2026-07-06T13:30:00Z'))).toBe(true);
  });
});

describe('business hours: manual override', () => {
  const office = schedule('America/New_York', weekdays('09:00', '17:00'));

  it('forces the state until its end, then the schedule resumes', () => {
    // Monday 2026-01-05 10:00 EST, closed until 11:00 EST.
    const closedForMeeting = {
      ...office,
      override: { status: 'closed', until: '2026-01-05T16:00:00Z' },
    } as const;
    expect(explain(closedForMeeting, at('2026-01-05T15:00:00Z'))).toEqual({
      open: false,
      reason: 'override',
      override: closedForMeeting.override,
    });
    expect(isOpen(closedForMeeting, at('2026-01-05T16:00:00Z'))).toBe(true);
    expect(nextTransition(closedForMeeting, at('2026-01-05T15:00:00Z'))).toEqual(at('2026-01-05T16:00:00Z'));
  });

  it('skips an override end that does not change the state', () => {
    const openEarly = { ...office, override: { status: 'open', until: '2026-01-05T16:00:00Z' } } as const;
    expect(isOpen(openEarly, at('2026-01-05T12:00:00Z'))).toBe(true);
    expect(nextTransition(openEarly, at('2026-01-05T12:00:00Z'))).toEqual(at('2026-01-05T22:00:00Z'));
  });

  it('lasts forever without an end, so the state never changes', () => {
    const closedForGood = { ...office, override: { status: 'closed', until: null } } as const;
    expect(isOpen(closedForGood, at('2026-01-05T15:00:00Z'))).toBe(false);
    expect(nextTransition(closedForGood, at('2026-01-05T15:00:00Z'))).toBeNull();
  });

  it('is ignored once it has ended', () => {
    const expired = { ...office, override: { status: 'closed', until: '2026-01-01T00:00:00Z' } } as const;
    expect(explain(expired, at('2026-01-05T15:00:00Z')).reason).toBe('weekly');
  });
});

describe('business hours: schedules that never change', () => {
  it('returns null for a schedule without periods and for one open around the clock', () => {
    const never = schedule('Europe/Paris', []);
    const always = schedule(
      'Europe/Paris',
      (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as Weekday[]).map((day) => ({
        day,
        start: '00:00',
        end: '24:00',
      })),
    );
    expect(nextTransition(never, at('2026-03-29T00:30:00Z'))).toBeNull();
    expect(nextTransition(always, at('2026-03-29T00:30:00Z'))).toBeNull();
    expect(isOpen(always, at('2026-03-29T01:30:00Z'))).toBe(true);
  });

  it('looks no further than the horizon', () => {
    const farAway = schedule('UTC', [], {
      exceptions: [
        {
          name: 'Reopening',
          dates: { type: 'date', date: '2028-01-03' },
          status: 'open',
          periods: [{ start: '09:00', end: '10:00' }],
        },
      ],
    });
    expect(nextTransition(farAway, at('2026-01-01T00:00:00Z'))).toBeNull();
    expect(nextTransition(farAway, at('2027-06-01T00:00:00Z'))).toEqual(at('2028-01-03T09:00:00Z'));
  });
});
