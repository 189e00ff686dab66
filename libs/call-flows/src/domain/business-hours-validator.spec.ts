import { describe, expect, it } from 'vitest';
import { type BusinessHoursSchedule } from './business-hours';
import { validateSchedule } from './business-hours-validator';

const schedule = {
  name: 'Head office',
  timeZone: 'Europe/London',
  weekly: [
    { day: 'mon', start: '09:00', end: '12:00' },
    { day: 'mon', start: '13:00', end: '17:30' },
    { day: 'fri', start: '22:00', end: '02:00' },
    { day: 'sat', start: '01:00', end: '24:00' },
  ],
  exceptions: [
    {
      name: 'Christmas',
      dates: { type: 'yearly', date: '12-25' },
      status: 'closed',
      destinationKey: 'holiday',
    },
    { name: 'Leap day', dates: { type: 'yearly', date: '02-29' }, status: 'closed' },
    {
      name: 'Stocktake',
      dates: { type: 'range', from: '2026-03-02', to: '2026-03-04' },
      status: 'open',
      periods: [{ start: '10:00', end: '14:00' }],
    },
  ],
  override: { status: 'closed', until: '2026-01-05T12:00:00+01:00' },
} satisfies BusinessHoursSchedule;

function errorsOf(input: unknown) {
  const result = validateSchedule(input);
  return result.valid ? [] : result.errors;
}

describe('validateSchedule', () => {
  it('accepts a valid schedule and returns it typed', () => {
    expect(validateSchedule(schedule)).toEqual({ valid: true, schedule });
    expect(
      validateSchedule({ name: 'Minimal', timeZone: 'Asia/Kolkata', weekly: [], override: null }).valid,
    ).toBe(true);
  });

  it('rejects something that is not a schedule', () => {
    expect(errorsOf('always open')).toEqual([
      { code: 'invalid_field', path: '', message: 'must be an object' },
    ]);
  });

  it('rejects an unknown time zone', () => {
    expect(errorsOf({ ...schedule, timeZone: 'Mars/Olympus_Mons' })).toEqual([
      { code: 'invalid_time_zone', path: '/timeZone', message: 'is not a known IANA time zone' },
    ]);
  });

  it('rejects badly formed times and days, with their paths', () => {
    const weekly = [
      { day: 'monday', start: '9:00', end: '17:00' },
      { day: 'tue', start: '24:00', end: '24:00' },
    ];
    expect(errorsOf({ ...schedule, weekly })).toEqual([
      {
        code: 'invalid_field',
        path: '/weekly/0/day',
        message: 'must be one of "mon", "tue", "wed", "thu", "fri", "sat", "sun"',
      },
      {
        code: 'invalid_field',
        path: '/weekly/0/start',
        message: 'must be a time of day in HH:MM format (00:00 to 23:59)',
      },
      {
        code: 'invalid_field',
        path: '/weekly/1/start',
        message: 'must be a time of day in HH:MM format (00:00 to 23:59)',
      },
    ]);
  });

  it('rejects a period that ends when it starts, while still checking the other periods', () => {
    const weekly = [
      { day: 'mon', start: '09:00', end: '09:00' },
      { day: 'tue', start: '9am', end: '17:00' },
    ];
    expect(errorsOf({ ...schedule, weekly })).toEqual([
      {
        code: 'invalid_field',
        path: '/weekly/1/start',
        message: 'must be a time of day in HH:MM format (00:00 to 23:59)',
      },
      { code: 'empty_period', path: '/weekly/0', message: 'must end at a different time than it starts' },
    ]);
  });

  it('rejects overlapping periods on the same day, including one running past midnight', () => {
    const weekly = [
      { day: 'mon', start: '09:00', end: '12:00' },
      { day: 'mon', start: '11:30', end: '13:00' },
      { day: 'fri', start: '22:00', end: '02:00' },
      { day: 'fri', start: '23:00', end: '23:30' },
    ];
    expect(errorsOf({ ...schedule, weekly })).toEqual([
      { code: 'overlapping_periods', path: '/weekly/1', message: 'overlaps /weekly/0 (09:00-12:00)' },
      { code: 'overlapping_periods', path: '/weekly/3', message: 'overlaps /weekly/2 (22:00-02:00)' },
    ]);
  });

  it('rejects badly formed and impossible dates, and a range that ends before it starts', () => {
    const exceptions = [
      { name: 'Slashes', dates: { type: 'date', date: '2026/12/25' }, status: 'closed' },
      { name: 'Impossible', dates: { type: 'date', date: '2026-02-30' }, status: 'closed' },
      { name: 'Impossible yearly', dates: { type: 'yearly', date: '04-31' }, status: 'closed' },
      { name: 'Backwards', dates: { type: 'range', from: '2026-03-04', to: '2026-03-02' }, status: 'closed' },
    ];
    expect(errorsOf({ ...schedule, exceptions })).toEqual([
      {
        code: 'invalid_field',
        path: '/exceptions/0/dates/date',
        message: 'must be a date in YYYY-MM-DD format',
      },
      { code: 'invalid_date', path: '/exceptions/1/dates/date', message: 'is not a real calendar date' },
      { code: 'invalid_date', path: '/exceptions/2/dates/date', message: 'is not a real calendar date' },
      { code: 'invalid_date_range', path: '/exceptions/3/dates', message: '"from" is after "to"' },
    ]);
  });

  it('requires periods exactly for open exceptions, and checks them', () => {
    const exceptions = [
      { name: 'Open without hours', dates: { type: 'date', date: '2026-05-01' }, status: 'open' },
      {
        name: 'Closed with hours',
        dates: { type: 'date', date: '2026-05-02' },
        status: 'closed',
        periods: [{ start: '10:00', end: '12:00' }],
      },
      {
        name: 'Overlapping hours',
        dates: { type: 'date', date: '2026-05-03' },
        status: 'open',
        periods: [
          { start: '10:00', end: '14:00' },
          { start: '12:00', end: '16:00' },
        ],
      },
      {
        name: 'Bad key',
        dates: { type: 'date', date: '2026-05-04' },
        status: 'closed',
        destinationKey: 'Bank Holiday',
      },
    ];
    expect(errorsOf({ ...schedule, exceptions })).toEqual([
      { code: 'invalid_field', path: '/exceptions/0/periods', message: 'is required' },
      { code: 'invalid_field', path: '/exceptions/1/periods', message: 'is not allowed' },
      {
        code: 'invalid_field',
        path: '/exceptions/3/destinationKey',
        message: 'must be a key of lowercase letters, digits, "_" and "-"',
      },
      {
        code: 'overlapping_periods',
        path: '/exceptions/2/periods/1',
        message: 'overlaps /exceptions/2/periods/0 (10:00-14:00)',
      },
    ]);
  });

  it('rejects an override end that is not an instant with an offset, or not a real one', () => {
    expect(errorsOf({ ...schedule, override: { status: 'open', until: '2026-01-05 12:00' } })).toEqual([
      {
        code: 'invalid_field',
        path: '/override/until',
        message: 'must be an ISO 8601 instant with an offset, such as 2026-01-02T09:00:00Z',
      },
    ]);
    expect(errorsOf({ ...schedule, override: { status: 'open', until: '2026-02-30T12:00:00Z' } })).toEqual([
      { code: 'invalid_instant', path: '/override/until', message: 'is not a real instant' },
    ]);
  });
});
