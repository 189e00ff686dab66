import {
  type NormalizedNumberSearch,
  type NumberSearchQuery,
  normalizeNumberSearchQuery,
} from '@switchyard/numbers';
import { describe, expect, it } from 'vitest';
import { type TelnyxAvailablePhoneNumber, telnyxSearchParams, toAvailableNumber } from './telnyx-search';

const normalized = (query: NumberSearchQuery): NormalizedNumberSearch => normalizeNumberSearchQuery(query)!;
const paramsOf = (query: NumberSearchQuery) => Object.fromEntries(telnyxSearchParams(normalized(query)));

describe('telnyxSearchParams', () => {
  it('always sends the country, the type and excludes best-effort results', () => {
    expect(paramsOf({ country: 'ca' })).toEqual({
      'filter[country_code]': 'CA',
      'filter[phone_number_type]': 'local',
      'filter[best_effort]': 'false',
      'filter[limit]': '20',
    });
  });

  it('splits a North American prefix into destination code and the digits after it', () => {
    expect(paramsOf({ country: 'US', startsWith: '312867' })).toMatchObject({
      'filter[national_destination_code]': '312',
      'filter[phone_number][starts_with]': '867',
    });
  });

  it('sends short or wildcard prefixes as starts_with up to the first wildcard', () => {
    expect(paramsOf({ country: 'US', startsWith: '41' })).toMatchObject({
      'filter[phone_number][starts_with]': '41',
    });
    const wildcard = paramsOf({ country: 'US', startsWith: '4?5' });
    expect(wildcard).toMatchObject({ 'filter[phone_number][starts_with]': '4', 'filter[limit]': '100' });
    expect(wildcard).not.toHaveProperty('filter[national_destination_code]');
  });

  it('sends the longest literal run of contains and the literal tail of ends_with', () => {
    expect(paramsOf({ country: 'US', contains: '1?234*56', endsWith: '9?00' })).toMatchObject({
      'filter[phone_number][contains]': '234',
      'filter[phone_number][ends_with]': '00',
    });
    expect(paramsOf({ country: 'US', endsWith: '12?' })).not.toHaveProperty(
      'filter[phone_number][ends_with]',
    );
  });

  it('repeats filter[features][] per capability', () => {
    const params = telnyxSearchParams(normalized({ country: 'US', capabilities: ['voice', 'sms'] }));
    expect(params.getAll('filter[features][]')).toEqual(['voice', 'sms']);
  });
});

describe('toAvailableNumber', () => {
  const record: TelnyxAvailablePhoneNumber = {
    phone_number: '+16172345678',
    features: [{ name: 'sms' }, { name: 'voice' }, { name: 'emergency' }],
    cost_information: { upfront_cost: '1.00', monthly_cost: '0.50', currency: 'USD' },
    region_information: [
      { region_type: 'rate_center', region_name: 'WINSTON-SALEM' },
      { region_type: 'state', region_name: 'NC' },
    ],
  };
  const search = normalized({ country: 'US' });

  it('maps capabilities, prices and a readable region', () => {
    expect(toAvailableNumber(record, search)).toEqual({
      phoneNumber: '+16172345678',
      country: 'US',
      type: 'local',
      region: 'Winston-Salem, NC',
      areaCode: '617',
      capabilities: ['voice', 'sms'],
      monthlyPrice: { amount: 50, currency: 'USD' },
      setupPrice: { amount: 100, currency: 'USD' },
    });
  });

  it('falls back to our area code table, then to the country', () => {
    expect(toAvailableNumber({ ...record, region_information: [] }, search)?.region).toBe('Boston, MA');
    expect(
      toAvailableNumber({ ...record, phone_number: '+18002345678', region_information: [] }, search)?.region,
    ).toBe('United States');
  });

  it('tells whether documents are required only when Telnyx lists requirements', () => {
    expect(toAvailableNumber({ ...record, regulatory_requirements: [] }, search)?.requirements).toEqual({
      documentsRequired: false,
    });
    expect(toAvailableNumber({ ...record, regulatory_requirements: [{}] }, search)?.requirements).toEqual({
      documentsRequired: true,
    });
  });

  it('skips best-effort matches and unpriced numbers', () => {
    expect(toAvailableNumber({ ...record, best_effort: true }, search)).toBeNull();
    expect(toAvailableNumber({ ...record, cost_information: undefined }, search)).toBeNull();
  });
});
