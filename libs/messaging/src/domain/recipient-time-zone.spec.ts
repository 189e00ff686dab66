import { GEOGRAPHIC_AREA_CODES } from '@switchyard/numbers';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { UnknownTimeZoneError } from './messaging.errors';
import { AREA_CODE_TIME_ZONES, COUNTRY_TIME_ZONES, recipientTimeZone } from './recipient-time-zone';

describe('recipientTimeZone', () => {
  it('prefers the zone known for the recipient', () => {
    expect(recipientTimeZone('+14155550123', 'Europe/Paris')).toEqual({
      timeZone: 'Europe/Paris',
      source: 'recipient',
    });
    expect(() => recipientTimeZone('+14155550123', 'Nowhere/Else')).toThrow(UnknownTimeZoneError);
  });

  it('guesses from North American area codes', () => {
    expect(recipientTimeZone('+14155550123')).toEqual({
      timeZone: 'America/Los_Angeles',
      source: 'area_code',
    });
    expect(recipientTimeZone('+16025550123')).toEqual({ timeZone: 'America/Phoenix', source: 'area_code' });
    expect(recipientTimeZone('+18085550123')).toEqual({ timeZone: 'Pacific/Honolulu', source: 'area_code' });
    expect(recipientTimeZone('+16045550123')).toEqual({ timeZone: 'America/Vancouver', source: 'area_code' });
    expect(recipientTimeZone('+13065550123')).toEqual({ timeZone: 'America/Regina', source: 'area_code' });
  });

  it("falls back to the country's zone for area codes split between zones or not listed", () => {
    // 850 covers both Pensacola (Central) and Tallahassee (Eastern).
    expect(recipientTimeZone('+18502345678')).toEqual({ timeZone: 'America/New_York', source: 'country' });
    expect(recipientTimeZone('+12502345678')).toEqual({ timeZone: 'America/Toronto', source: 'country' });
  });

  it('uses London for GB numbers, geographic or mobile', () => {
    expect(recipientTimeZone('+442079460123')).toEqual({ timeZone: 'Europe/London', source: 'country' });
    expect(recipientTimeZone('+447400123456')).toEqual({ timeZone: 'Europe/London', source: 'country' });
  });

  it('knows nothing about other countries or invalid input', () => {
    expect(recipientTimeZone('+33612345678')).toBeNull();
    expect(recipientTimeZone('not a number')).toBeNull();
  });
});

describe('time zone tables', () => {
  it('covers every US and Canadian area code the numbers context lists', () => {
    const listed = [...GEOGRAPHIC_AREA_CODES.US, ...GEOGRAPHIC_AREA_CODES.CA].map(({ areaCode }) => areaCode);
    expect(listed.length).toBeGreaterThanOrEqual(53);
    expect(listed.filter((areaCode) => !AREA_CODE_TIME_ZONES[areaCode])).toEqual([]);
  });

  it('names only real IANA zones', () => {
    const zones = [...Object.values(AREA_CODE_TIME_ZONES), ...Object.values(COUNTRY_TIME_ZONES)];
    expect(zones.filter((zone) => !IANAZone.isValidZone(zone))).toEqual([]);
  });
});
