import {
  type CountryCode,
  type PhoneNumber,
  ParseError,
  getCountryCallingCode,
  isSupportedCountry as isKnownCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import { type NumberType } from './available-number';
import { findGeographicAreaCode } from './geographic-area-codes';
import { InvalidPhoneNumberError, type InvalidPhoneNumberReason } from './numbers.errors';
import { vanityToDigits } from './vanity';

/** What the numbering plan says a number is, in lower snake case (libphonenumber's types). */
export const PHONE_NUMBER_KINDS = [
  'mobile',
  'fixed_line',
  'fixed_line_or_mobile',
  'toll_free',
  'premium_rate',
  'shared_cost',
  'voip',
  'personal_number',
  'pager',
  'uan',
  'voicemail',
  'unknown',
] as const;
export type PhoneNumberKind = (typeof PHONE_NUMBER_KINDS)[number];

export interface PhoneNumberInfo {
  readonly input: string;
  readonly valid: boolean;
  readonly possible: boolean;
  /** Formats are null unless the number has a possible length. */
  readonly e164: string | null;
  /** National significant number: no country code, no trunk prefix. */
  readonly nationalNumber: string | null;
  readonly nationalFormat: string | null;
  readonly internationalFormat: string | null;
  readonly country: string | null;
  readonly type: PhoneNumberKind;
  /** For valid geographic and toll-free numbers, e.g. "415" or "20". */
  readonly areaCode?: string;
  /** Place of a valid geographic number whose area code we know, e.g. "San Francisco, CA". */
  readonly region?: string;
  readonly invalidReason?: InvalidPhoneNumberReason;
}

/** Describes any input, valid or not; never throws. `defaultCountry` resolves numbers written without "+". */
export function describePhoneNumber(input: string, defaultCountry?: string): PhoneNumberInfo {
  const outcome = parse(input, defaultCountry);
  if ('reason' in outcome) {
    return {
      input,
      valid: false,
      possible: false,
      e164: null,
      nationalNumber: null,
      nationalFormat: null,
      internationalFormat: null,
      country: null,
      type: 'unknown',
      invalidReason: outcome.reason,
    };
  }
  const { phoneNumber, invalidReason } = outcome;
  const possible = phoneNumber.isPossible();
  const country = phoneNumber.country ?? null;
  const kind = invalidReason ? 'unknown' : kindOf(phoneNumber);
  const areaCode = invalidReason ? undefined : areaCodeOf(phoneNumber, kind);
  const region =
    country && isGeographic(kind)
      ? findGeographicAreaCode(country, phoneNumber.nationalNumber)?.region
      : undefined;
  return {
    input,
    valid: !invalidReason,
    possible,
    e164: possible ? phoneNumber.number : null,
    nationalNumber: possible ? phoneNumber.nationalNumber : null,
    nationalFormat: possible ? phoneNumber.formatNational() : null,
    internationalFormat: possible ? phoneNumber.formatInternational() : null,
    country,
    type: kind,
    ...(areaCode && { areaCode }),
    ...(region && { region }),
    ...(invalidReason && { invalidReason }),
  };
}

/** Returns the E.164 form of a valid number or throws {@link InvalidPhoneNumberError}. */
export function parseE164OrThrow(input: string, defaultCountry?: string): string {
  const outcome = parse(input, defaultCountry);
  if ('reason' in outcome) throw new InvalidPhoneNumberError(input, outcome.reason);
  if (outcome.invalidReason) throw new InvalidPhoneNumberError(input, outcome.invalidReason);
  return outcome.phoneNumber.number;
}

/** Whether a number of this kind can be sold as the given type; US numbers are "fixed_line_or_mobile". */
export function kindMatchesNumberType(kind: PhoneNumberKind, type: NumberType): boolean {
  switch (type) {
    case 'local':
      return kind === 'fixed_line' || kind === 'fixed_line_or_mobile';
    case 'mobile':
      return kind === 'mobile' || kind === 'fixed_line_or_mobile';
    case 'toll_free':
      return kind === 'toll_free';
  }
}

type ParseOutcome =
  | { readonly reason: InvalidPhoneNumberReason }
  | { readonly phoneNumber: PhoneNumber; readonly invalidReason?: InvalidPhoneNumberReason };

function parse(input: string, defaultCountry: string | undefined): ParseOutcome {
  const country = defaultCountry?.toUpperCase();
  if (country !== undefined && !isKnownCountry(country)) return { reason: 'invalid_country' };
  const dialable = looksLikeVanityNumber(input) ? vanityToDigits(input) : input;
  let phoneNumber: PhoneNumber;
  try {
    phoneNumber = parsePhoneNumberWithError(dialable, country as CountryCode | undefined);
  } catch (error) {
    if (error instanceof ParseError) return { reason: reasonOf(error.message) };
    throw error;
  }
  if (phoneNumber.isValid()) return { phoneNumber };
  const lengthProblem = validatePhoneNumberLength(dialable, country as CountryCode | undefined);
  return { phoneNumber, invalidReason: lengthProblem ? reasonOf(lengthProblem) : 'invalid' };
}

/** Digits first, then letters, like "1-800-FLOWERS"; plain words stay words so they fail as not_a_number. */
function looksLikeVanityNumber(input: string): boolean {
  return /^\s*\+?(?:[\s().-]*\d){3,}[\s().-]*[A-Za-z][A-Za-z\d\s().-]*$/.test(input);
}

function reasonOf(libphonenumberError: string): InvalidPhoneNumberReason {
  switch (libphonenumberError) {
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    case 'INVALID_COUNTRY':
      return 'invalid_country';
    case 'NOT_A_NUMBER':
      return 'not_a_number';
    default:
      return 'invalid';
  }
}

function kindOf(phoneNumber: PhoneNumber): PhoneNumberKind {
  const kind = phoneNumber.getType()?.toLowerCase();
  return PHONE_NUMBER_KINDS.find((known) => known === kind) ?? 'unknown';
}

function isGeographic(kind: PhoneNumberKind): boolean {
  return kind === 'fixed_line' || kind === 'fixed_line_or_mobile';
}

function areaCodeOf(phoneNumber: PhoneNumber, kind: PhoneNumberKind): string | undefined {
  if (!isGeographic(kind) && kind !== 'toll_free') return undefined;
  const nationalNumber = phoneNumber.nationalNumber;
  // North American numbers always open with a three-digit area code.
  if (phoneNumber.countryCallingCode === '1') return nationalNumber.slice(0, 3);
  // Elsewhere the national format groups the destination code first, behind the trunk prefix if any.
  const firstGroup = phoneNumber.formatNational().split(/[\s-]/)[0]?.replace(/\D/g, '') ?? '';
  const candidates = [firstGroup, firstGroup.slice(1)];
  return candidates.find(
    (code) => code.length > 0 && code.length < nationalNumber.length && nationalNumber.startsWith(code),
  );
}

/** Whether the country dials with +1 and three-digit area codes (US, CA and the Caribbean). */
export function usesNorthAmericanNumbering(country: string): boolean {
  const upper = country.toUpperCase();
  return isKnownCountry(upper) && getCountryCallingCode(upper) === '1';
}
