import { type AvailableNumber, type Capability, type NumberType } from './available-number';
import {
  type DigitPattern,
  containsPattern,
  endsWithPattern,
  mergePrefixPatterns,
  parseDigitPattern,
  startsWithPattern,
} from './digit-pattern';
import { InvalidNumberPatternError } from './numbers.errors';
import { describePhoneNumber, parseE164OrThrow, usesNorthAmericanNumbering } from './phone-number-info';

/**
 * What a customer asks a carrier for. Digit filters match the national significant number
 * ("4155550123" for +1 415-555-0123, "2079460123" for +44 20 7946 0123) and accept vanity letters and wildcards.
 */
export interface NumberSearchQuery {
  readonly country: string;
  /** Defaults to local. */
  readonly type?: NumberType;
  /** "415", or "20"/"020" for London. */
  readonly areaCode?: string;
  readonly contains?: string;
  readonly startsWith?: string;
  readonly endsWith?: string;
  /** Every listed capability must be present. */
  readonly capabilities?: readonly Capability[];
  /** Only numbers sharing this number's area code. */
  readonly nearNumber?: string;
  readonly limit?: number;
}

export const NUMBER_SEARCH_LIMIT = { default: 20, max: 100 } as const;

/** A search with defaults applied, patterns parsed and the area code folded into one anchored prefix. */
export interface NormalizedNumberSearch {
  readonly country: string;
  readonly type: NumberType;
  readonly areaCode?: string;
  /** The area code and startsWith combined, anchored at the start of the national number. */
  readonly nationalPrefix?: DigitPattern;
  readonly contains?: DigitPattern;
  readonly endsWith?: DigitPattern;
  readonly capabilities: readonly Capability[];
  readonly limit: number;
}

/**
 * Validates and normalizes a search. Returns null when the filters contradict each other
 * (an area code and a prefix that disagree, a near number in another country), so nothing can match.
 */
export function normalizeNumberSearchQuery(query: NumberSearchQuery): NormalizedNumberSearch | null {
  const country = query.country.trim().toUpperCase();
  const explicitAreaCode = present(query.areaCode) ? normalizeAreaCode(query.areaCode, country) : undefined;
  const nearAreaCode = present(query.nearNumber) ? areaCodeNear(query.nearNumber, country) : undefined;
  if (nearAreaCode === null) return null;
  if (explicitAreaCode && nearAreaCode && explicitAreaCode !== nearAreaCode) return null;
  const areaCode = explicitAreaCode ?? nearAreaCode;

  const startsWith = present(query.startsWith) ? parseDigitPattern(query.startsWith) : undefined;
  const nationalPrefix =
    areaCode && startsWith ? mergePrefixPatterns(areaCode, startsWith) : (areaCode ?? startsWith);
  if (nationalPrefix === null) return null;

  return {
    country,
    type: query.type ?? 'local',
    ...(areaCode && { areaCode }),
    ...(nationalPrefix && { nationalPrefix }),
    ...(present(query.contains) && { contains: parseDigitPattern(query.contains) }),
    ...(present(query.endsWith) && { endsWith: parseDigitPattern(query.endsWith) }),
    capabilities: [...new Set(query.capabilities ?? [])],
    limit: searchLimit(query.limit),
  };
}

/** Whether an offered number satisfies every filter of the search. */
export function matchesNumberSearch(number: AvailableNumber, search: NormalizedNumberSearch): boolean {
  const nationalNumber = describePhoneNumber(number.phoneNumber).nationalNumber;
  if (nationalNumber === null || number.country !== search.country || number.type !== search.type)
    return false;
  return (
    (!search.nationalPrefix || startsWithPattern(nationalNumber, search.nationalPrefix)) &&
    (!search.contains || containsPattern(nationalNumber, search.contains)) &&
    (!search.endsWith || endsWithPattern(nationalNumber, search.endsWith)) &&
    search.capabilities.every((capability) => number.capabilities.includes(capability))
  );
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function normalizeAreaCode(areaCode: string, country: string): string {
  const digits = areaCode.replace(/[\s()-]/g, '');
  if (!/^\d{1,5}$/.test(digits))
    throw new InvalidNumberPatternError(areaCode, 'an area code is one to five digits');
  // Outside North America area codes are often written with the trunk prefix, like London's 020.
  return usesNorthAmericanNumbering(country) ? digits : digits.replace(/^0/, '');
}

/** The near number's area code, undefined when it has none, or null when it belongs to another country. */
function areaCodeNear(nearNumber: string, country: string): string | undefined | null {
  const info = describePhoneNumber(parseE164OrThrow(nearNumber, country));
  // Toll-free codes are shared by every North American country, so a US 800 number is near Canadian ones too.
  const sharedTollFree =
    info.type === 'toll_free' && usesNorthAmericanNumbering(country) && info.e164?.startsWith('+1');
  const sameCountry = info.country === country || sharedTollFree === true;
  return sameCountry ? info.areaCode : null;
}

function searchLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return NUMBER_SEARCH_LIMIT.default;
  return Math.min(NUMBER_SEARCH_LIMIT.max, Math.max(1, Math.floor(limit)));
}
