import { UnsupportedCountryError } from './numbers.errors';

/** Countries Switchyard sells numbers in (ISO 3166-1 alpha-2). */
export const SUPPORTED_COUNTRIES = ['US', 'CA', 'GB'] as const;
export type SupportedCountry = (typeof SUPPORTED_COUNTRIES)[number];

export function isSupportedCountry(country: string): country is SupportedCountry {
  return (SUPPORTED_COUNTRIES as readonly string[]).includes(country);
}

/** Accepts any letter case and returns the canonical upper-case code. */
export function assertSupportedCountry(country: string): SupportedCountry {
  const upper = country.toUpperCase();
  if (!isSupportedCountry(upper)) throw new UnsupportedCountryError(country, SUPPORTED_COUNTRIES);
  return upper;
}

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** English name of an ISO country code, e.g. "United Kingdom" for GB. */
export function countryName(country: string): string {
  return COUNTRY_NAMES.of(country.toUpperCase()) ?? country;
}
