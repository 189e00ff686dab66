import { describe, expect, it } from 'vitest';
import { UnsupportedCountryError } from './numbers.errors';
import { assertSupportedCountry, countryName } from './supported-countries';

describe('supported countries', () => {
  it('accepts US, CA and GB in any case', () => {
    expect(assertSupportedCountry('us')).toBe('US');
    expect(assertSupportedCountry('CA')).toBe('CA');
    expect(assertSupportedCountry('Gb')).toBe('GB');
  });

  it('lists the supported countries when refusing one', () => {
    expect(() => assertSupportedCountry('FR')).toThrow(UnsupportedCountryError);
    expect(() => assertSupportedCountry('FR')).toThrow(
      expect.objectContaining({ code: 'unsupported_country', supportedCountries: ['US', 'CA', 'GB'] }),
    );
  });

  it('names countries in English', () => {
    expect(countryName('gb')).toBe('United Kingdom');
    expect(countryName('US')).toBe('United States');
  });
});
