import { describe, expect, it } from 'vitest';
import { type AvailableNumber } from './available-number';
import { matchesNumberSearch, normalizeNumberSearchQuery } from './number-search';
import { InvalidNumberPatternError, InvalidPhoneNumberError } from './numbers.errors';

describe('normalizeNumberSearchQuery', () => {
  it('applies defaults', () => {
    expect(normalizeNumberSearchQuery({ country: 'us' })).toEqual({
      country: 'US',
      type: 'local',
      capabilities: [],
      limit: 20,
    });
  });

  it('clamps the limit between 1 and 100', () => {
    expect(normalizeNumberSearchQuery({ country: 'US', limit: 500 })?.limit).toBe(100);
    expect(normalizeNumberSearchQuery({ country: 'US', limit: 0 })?.limit).toBe(1);
    expect(normalizeNumberSearchQuery({ country: 'US', limit: 7.9 })?.limit).toBe(7);
  });

  it('parses vanity patterns and folds the area code into the prefix', () => {
    expect(
      normalizeNumberSearchQuery({
        country: 'US',
        areaCode: '415',
        startsWith: '4155',
        contains: 'CAFE',
        endsWith: '*9',
      }),
    ).toMatchObject({ areaCode: '415', nationalPrefix: '4155', contains: '2233', endsWith: '?9' });
  });

  it('drops the trunk prefix of area codes outside North America', () => {
    expect(normalizeNumberSearchQuery({ country: 'GB', areaCode: '020' })).toMatchObject({ areaCode: '20' });
    expect(normalizeNumberSearchQuery({ country: 'US', areaCode: '(415)' })).toMatchObject({
      areaCode: '415',
    });
  });

  it('takes the area code of the near number', () => {
    expect(normalizeNumberSearchQuery({ country: 'US', nearNumber: '+1 (312) 234-5678' })).toMatchObject({
      areaCode: '312',
      nationalPrefix: '312',
    });
    expect(normalizeNumberSearchQuery({ country: 'GB', nearNumber: '0161 496 0000' })).toMatchObject({
      areaCode: '161',
    });
    expect(
      normalizeNumberSearchQuery({ country: 'CA', type: 'toll_free', nearNumber: '+18003569377' }),
    ).toMatchObject({
      areaCode: '800',
    });
  });

  it('returns null when the filters contradict each other', () => {
    expect(normalizeNumberSearchQuery({ country: 'US', areaCode: '415', startsWith: '212' })).toBeNull();
    expect(
      normalizeNumberSearchQuery({ country: 'US', areaCode: '415', nearNumber: '+12122345678' }),
    ).toBeNull();
    expect(normalizeNumberSearchQuery({ country: 'US', nearNumber: '+442079460123' })).toBeNull();
  });

  it('rejects malformed filters with typed errors', () => {
    expect(() => normalizeNumberSearchQuery({ country: 'US', areaCode: 'SF' })).toThrow(
      InvalidNumberPatternError,
    );
    expect(() => normalizeNumberSearchQuery({ country: 'US', contains: 'café' })).toThrow(
      InvalidNumberPatternError,
    );
    expect(() => normalizeNumberSearchQuery({ country: 'US', nearNumber: 'nowhere' })).toThrow(
      InvalidPhoneNumberError,
    );
  });

  it('ignores blank filters', () => {
    expect(normalizeNumberSearchQuery({ country: 'US', areaCode: ' ', contains: '' })).not.toHaveProperty(
      'contains',
    );
  });
});

describe('matchesNumberSearch', () => {
  const number: AvailableNumber = {
    phoneNumber: '+14152342233',
    country: 'US',
    type: 'local',
    region: 'San Francisco, CA',
    areaCode: '415',
    capabilities: ['voice', 'sms'],
    monthlyPrice: { amount: 100, currency: 'USD' },
    setupPrice: { amount: 0, currency: 'USD' },
  };
  const matches = (query: Parameters<typeof normalizeNumberSearchQuery>[0]) =>
    matchesNumberSearch(number, normalizeNumberSearchQuery(query)!);

  it('checks every filter against the national number', () => {
    expect(
      matches({ country: 'US', areaCode: '415', contains: 'CAFE', endsWith: '33', capabilities: ['sms'] }),
    ).toBe(true);
    expect(matches({ country: 'US', startsWith: '4152' })).toBe(true);
    expect(matches({ country: 'US', startsWith: '1415' })).toBe(false);
    expect(matches({ country: 'US', capabilities: ['mms'] })).toBe(false);
    expect(matches({ country: 'US', type: 'mobile' })).toBe(false);
    expect(matches({ country: 'CA' })).toBe(false);
  });
});
