import { describe, expect, it } from 'vitest';
import {
  InvalidRecurrenceRuleError,
  RecurrenceWithoutEndError,
  UnknownTimeZoneError,
} from './messaging.errors';
import { nextOccurrences, parseRecurrenceRule } from './recurrence-rule';

const at = (iso: string) => new Date(iso);
const isoList = (dates: Date[]) => dates.map((date) => date.toISOString().replace('.000Z', 'Z'));
const occurrencesOf = (text: string, after = '2000-01-01T00:00:00Z', limit = 20) =>
  isoList(nextOccurrences(parseRecurrenceRule(text), at(after), limit));

describe('parseRecurrenceRule', () => {
  it('reads DTSTART in a zone and the supported parts', () => {
    expect(
      parseRecurrenceRule(
        'DTSTART;TZID=America/New_York:20260301T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;BYHOUR=9,17;BYMINUTE=30;COUNT=4',
      ),
    ).toEqual({
      frequency: 'WEEKLY',
      interval: 2,
      byDay: ['MO', 'FR'],
      byMonthDay: [],
      byHour: [9, 17],
      byMinute: [30],
      end: { count: 4 },
      start: { date: { year: 2026, month: 3, day: 1 }, minuteOfDay: 540 },
      timeZone: 'America/New_York',
    });
  });

  it('reads a UTC DTSTART and both forms of UNTIL', () => {
    expect(
      parseRecurrenceRule('DTSTART:20260301T090000Z\r\nRRULE:FREQ=DAILY;UNTIL=20260310T120000Z'),
    ).toMatchObject({
      timeZone: 'UTC',
      end: { until: at('2026-03-10T12:00:00Z') },
    });
    // A date-only UNTIL covers that whole day in the rule's zone.
    expect(
      parseRecurrenceRule('DTSTART;TZID=Europe/London:20260601T090000\nRRULE:FREQ=DAILY;UNTIL=20260610').end,
    ).toEqual({ until: at('2026-06-10T22:59:59.999Z') });
  });

  it('refuses a rule that never ends', () => {
    const text = 'DTSTART;TZID=America/New_York:20260301T090000\nRRULE:FREQ=DAILY';
    expect(() => parseRecurrenceRule(text)).toThrow(RecurrenceWithoutEndError);
    expect(() => parseRecurrenceRule(text)).toThrow(
      expect.objectContaining({ code: 'recurrence_without_end' }),
    );
  });

  it.each([
    ['RRULE:FREQ=DAILY;COUNT=2', 'exactly one DTSTART'],
    ['DTSTART:20260301T090000\nRRULE:FREQ=DAILY;COUNT=2', 'needs a TZID'],
    ['DTSTART;TZID=UTC:20260301T090000Z\nRRULE:FREQ=DAILY;COUNT=2', 'both a TZID and a UTC'],
    ['DTSTART:20260230T090000Z\nRRULE:FREQ=DAILY;COUNT=2', 'real date'],
    ['DTSTART:20260301T090030Z\nRRULE:FREQ=DAILY;COUNT=2', 'whole minute'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=YEARLY;COUNT=2', 'FREQ must be'],
    ['DTSTART:20260301T090000Z\nRRULE:COUNT=2', 'FREQ must be'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=DAILY;COUNT=2;UNTIL=20260401T000000Z', 'cannot both'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=DAILY;COUNT=0', 'COUNT must be'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=DAILY;INTERVAL=0;COUNT=2', 'INTERVAL must be'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=DAILY;INTERVAL=1,2;COUNT=2', 'INTERVAL must be'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=WEEKLY;BYDAY=1MO;COUNT=2', 'without ordinals'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=WEEKLY;BYMONTHDAY=1;COUNT=2', 'cannot be used with WEEKLY'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=MONTHLY;BYMONTHDAY=0;COUNT=2', 'cannot be 0'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=MONTHLY;BYMONTHDAY=32;COUNT=2', 'BYMONTHDAY values'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=DAILY;BYHOUR=24;COUNT=2', 'BYHOUR values'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=DAILY;BYMINUTE=x;COUNT=2', 'BYMINUTE values'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=DAILY;BYSETPOS=1;COUNT=2', 'BYSETPOS is not supported'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=DAILY;COUNT=2;COUNT=3', 'COUNT appears twice'],
    ['DTSTART:20260301T090000Z\nRRULE:FREQ=DAILY;UNTIL=2026-04-01', 'UNTIL must be'],
  ])('rejects %j', (text, detail) => {
    expect(() => parseRecurrenceRule(text)).toThrow(InvalidRecurrenceRuleError);
    expect(() => parseRecurrenceRule(text)).toThrow(
      expect.objectContaining({ code: 'invalid_recurrence_rule', detail: expect.stringContaining(detail) }),
    );
  });

  it('refuses an unknown zone', () => {
    expect(() =>
      parseRecurrenceRule('DTSTART;TZID=Moon/Base:20260301T090000\nRRULE:FREQ=DAILY;COUNT=2'),
    ).toThrow(UnknownTimeZoneError);
  });
});

describe('nextOccurrences in America/New_York', () => {
  it('keeps 09:00 local across the spring change', () => {
    expect(occurrencesOf('DTSTART;TZID=America/New_York:20260306T090000\nRRULE:FREQ=DAILY;COUNT=4')).toEqual([
      '2026-03-06T14:00:00Z',
      '2026-03-07T14:00:00Z',
      '2026-03-08T13:00:00Z',
      '2026-03-09T13:00:00Z',
    ]);
  });

  it('keeps 09:00 local across the autumn change on weekdays only', () => {
    expect(
      occurrencesOf(
        'DTSTART;TZID=America/New_York:20261029T090000\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261103T235959Z',
      ),
    ).toEqual([
      '2026-10-29T13:00:00Z',
      '2026-10-30T13:00:00Z',
      '2026-11-02T14:00:00Z',
      '2026-11-03T14:00:00Z',
    ]);
  });

  it('sends a time skipped in spring at the jump, and a repeated one in autumn once, the first time', () => {
    expect(occurrencesOf('DTSTART;TZID=America/New_York:20260307T023000\nRRULE:FREQ=DAILY;COUNT=3')).toEqual([
      '2026-03-07T07:30:00Z',
      '2026-03-08T07:00:00Z',
      '2026-03-09T06:30:00Z',
    ]);
    expect(occurrencesOf('DTSTART;TZID=America/New_York:20261031T013000\nRRULE:FREQ=DAILY;COUNT=3')).toEqual([
      '2026-10-31T05:30:00Z',
      '2026-11-01T05:30:00Z',
      '2026-11-02T06:30:00Z',
    ]);
  });

  it('sends once when two times fall into the same skipped hour', () => {
    expect(
      occurrencesOf('DTSTART;TZID=America/New_York:20260308T000000\nRRULE:FREQ=DAILY;BYHOUR=2,3;COUNT=3'),
    ).toEqual(['2026-03-08T07:00:00Z', '2026-03-09T06:00:00Z', '2026-03-09T07:00:00Z']);
  });

  it('repeats every other week on several days and times', () => {
    // 2026-03-02 is a Monday.
    expect(
      occurrencesOf(
        'DTSTART;TZID=America/New_York:20260302T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR,MO;BYHOUR=9,17;COUNT=6',
      ),
    ).toEqual([
      '2026-03-02T14:00:00Z',
      '2026-03-02T22:00:00Z',
      '2026-03-06T14:00:00Z',
      '2026-03-06T22:00:00Z',
      '2026-03-16T13:00:00Z',
      '2026-03-16T21:00:00Z',
    ]);
  });

  it("repeats weekly on DTSTART's weekday by default, and skips matches before DTSTART", () => {
    // 2026-03-04 is a Wednesday; the Monday of that week comes before DTSTART.
    expect(occurrencesOf('DTSTART;TZID=America/New_York:20260304T080000\nRRULE:FREQ=WEEKLY;COUNT=2')).toEqual(
      ['2026-03-04T13:00:00Z', '2026-03-11T12:00:00Z'],
    );
    expect(
      occurrencesOf('DTSTART;TZID=America/New_York:20260304T080000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=2'),
    ).toEqual(['2026-03-05T13:00:00Z', '2026-03-09T12:00:00Z']);
  });
});

describe('nextOccurrences monthly', () => {
  it('skips months without the day, as RFC 5545 says', () => {
    expect(
      occurrencesOf('DTSTART;TZID=America/New_York:20260131T100000\nRRULE:FREQ=MONTHLY;COUNT=3'),
    ).toEqual(['2026-01-31T15:00:00Z', '2026-03-31T14:00:00Z', '2026-05-31T14:00:00Z']);
  });

  it('counts negative month days from the end of the month', () => {
    expect(
      occurrencesOf('DTSTART;TZID=Europe/London:20260115T100000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=1,-1;COUNT=4'),
    ).toEqual([
      '2026-01-31T10:00:00Z',
      '2026-02-01T10:00:00Z',
      '2026-02-28T10:00:00Z',
      '2026-03-01T10:00:00Z',
    ]);
  });

  it('expands weekdays over the month, or limits month days to them', () => {
    expect(
      occurrencesOf(
        'DTSTART;TZID=Europe/London:20260301T100000\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;COUNT=6',
      ),
    ).toEqual([
      '2026-03-03T10:00:00Z',
      '2026-03-10T10:00:00Z',
      '2026-03-17T10:00:00Z',
      '2026-03-24T10:00:00Z',
      '2026-03-31T09:00:00Z',
      '2026-06-02T09:00:00Z',
    ]);
    // Friday the 13th.
    expect(
      occurrencesOf(
        'DTSTART:20260101T120000Z\nRRULE:FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;UNTIL=20261231T000000Z',
      ),
    ).toEqual(['2026-02-13T12:00:00Z', '2026-03-13T12:00:00Z', '2026-11-13T12:00:00Z']);
  });
});

describe('nextOccurrences in Europe/London', () => {
  it('keeps Sunday 10:00 local across both changes', () => {
    const rule = 'DTSTART;TZID=Europe/London:20260322T100000\nRRULE:FREQ=WEEKLY;UNTIL=20261101';
    expect(occurrencesOf(rule).slice(0, 2)).toEqual(['2026-03-22T10:00:00Z', '2026-03-29T09:00:00Z']);
    expect(occurrencesOf(rule, '2026-10-15T00:00:00Z')).toEqual([
      '2026-10-18T09:00:00Z',
      '2026-10-25T10:00:00Z',
      '2026-11-01T10:00:00Z',
    ]);
  });
});

describe('nextOccurrences limits', () => {
  const rule = parseRecurrenceRule('DTSTART;TZID=Europe/London:20260101T090000\nRRULE:FREQ=DAILY;COUNT=5');

  it('returns occurrences strictly after the instant, counting COUNT from DTSTART', () => {
    expect(isoList(nextOccurrences(rule, at('2026-01-03T09:00:00Z'), 10))).toEqual([
      '2026-01-04T09:00:00Z',
      '2026-01-05T09:00:00Z',
    ]);
    expect(nextOccurrences(rule, at('2026-01-05T09:00:00Z'), 10)).toEqual([]);
  });

  it('stops at the limit', () => {
    expect(nextOccurrences(rule, at('2025-12-31T00:00:00Z'), 2)).toHaveLength(2);
    expect(nextOccurrences(rule, at('2025-12-31T00:00:00Z'), 0)).toEqual([]);
  });

  it('includes UNTIL itself', () => {
    expect(occurrencesOf('DTSTART:20260101T090000Z\nRRULE:FREQ=DAILY;UNTIL=20260103T090000Z')).toEqual([
      '2026-01-01T09:00:00Z',
      '2026-01-02T09:00:00Z',
      '2026-01-03T09:00:00Z',
    ]);
  });

  it('ends a rule that can never match instead of searching forever', () => {
    expect(
      occurrencesOf(
        'DTSTART:20260101T090000Z\nRRULE:FREQ=MONTHLY;BYMONTHDAY=30;BYDAY=MO;INTERVAL=12;COUNT=500',
      ).length,
    ).toBeLessThan(500);
    expect(
      occurrencesOf('DTSTART:20260201T090000Z\nRRULE:FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30;COUNT=1'),
    ).toEqual([]);
  });
});
