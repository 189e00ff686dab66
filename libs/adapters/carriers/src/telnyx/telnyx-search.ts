import {
  type AvailableNumber,
  type DigitPattern,
  type NormalizedNumberSearch,
  ANY_DIGIT,
  CAPABILITIES,
  NUMBER_SEARCH_LIMIT,
  countryName,
  describePhoneNumber,
  moneyFromDecimal,
  usesNorthAmericanNumbering,
} from '@switchyard/numbers';
import { z } from 'zod';

const NANP_AREA_CODE_LENGTH = 3;

export const availablePhoneNumberSchema = z.object({
  phone_number: z.string(),
  best_effort: z.boolean().optional(),
  features: z.array(z.object({ name: z.string() })).optional(),
  cost_information: z
    .object({ upfront_cost: z.coerce.string(), monthly_cost: z.coerce.string(), currency: z.string() })
    .optional(),
  region_information: z
    .array(z.object({ region_type: z.string(), region_name: z.string().nullish() }))
    .optional(),
  regulatory_requirements: z.array(z.unknown()).optional(),
});
export type TelnyxAvailablePhoneNumber = z.infer<typeof availablePhoneNumberSchema>;

/**
 * Translates a search into GET /available_phone_numbers filters. Telnyx matches literal digits only and
 * applies starts_with after the destination code, so patterns with wildcards are sent as their literal
 * part; the adapter checks the results against the whole search afterwards.
 */
export function telnyxSearchParams(search: NormalizedNumberSearch): URLSearchParams {
  const params = new URLSearchParams({
    'filter[country_code]': search.country,
    'filter[phone_number_type]': search.type,
    'filter[best_effort]': 'false',
  });
  const prefix = search.nationalPrefix ?? '';
  const areaCode = prefix.slice(0, NANP_AREA_CODE_LENGTH);
  // Telnyx only takes a destination code for North American numbers.
  const sendsAreaCode = usesNorthAmericanNumbering(search.country) && /^\d{3}$/.test(areaCode);
  if (sendsAreaCode) params.set('filter[national_destination_code]', areaCode);
  const startsWith = literalPrefix(sendsAreaCode ? prefix.slice(NANP_AREA_CODE_LENGTH) : prefix);
  if (startsWith) params.set('filter[phone_number][starts_with]', startsWith);
  const contains = search.contains && longestLiteralRun(search.contains);
  if (contains) params.set('filter[phone_number][contains]', contains);
  const endsWith = search.endsWith && literalSuffix(search.endsWith);
  if (endsWith) params.set('filter[phone_number][ends_with]', endsWith);
  for (const capability of search.capabilities) params.append('filter[features][]', capability);
  // Patterns Telnyx cannot express are checked here afterwards, so ask for more to keep enough.
  const hasWildcards = [search.nationalPrefix, search.contains, search.endsWith].some((pattern) =>
    pattern?.includes(ANY_DIGIT),
  );
  params.set('filter[limit]', String(hasWildcards ? NUMBER_SEARCH_LIMIT.max : search.limit));
  return params;
}

/** Null for records we cannot sell: best-effort matches and numbers without a price. */
export function toAvailableNumber(
  record: TelnyxAvailablePhoneNumber,
  search: NormalizedNumberSearch,
): AvailableNumber | null {
  const cost = record.cost_information;
  if (record.best_effort || !cost) return null;
  const info = describePhoneNumber(record.phone_number);
  const features = record.features ?? [];
  return {
    phoneNumber: info.e164 ?? record.phone_number,
    country: search.country,
    type: search.type,
    region: regionOf(record.region_information ?? [], info.region, search.country),
    ...(info.areaCode && { areaCode: info.areaCode }),
    capabilities: CAPABILITIES.filter((capability) => features.some(({ name }) => name === capability)),
    monthlyPrice: moneyFromDecimal(cost.monthly_cost, cost.currency),
    setupPrice: moneyFromDecimal(cost.upfront_cost, cost.currency),
    ...(record.regulatory_requirements && {
      requirements: { documentsRequired: record.regulatory_requirements.length > 0 },
    }),
  };
}

/** "San Francisco, CA" from Telnyx's rate center and state, else our own table, else the country. */
function regionOf(
  regions: NonNullable<TelnyxAvailablePhoneNumber['region_information']>,
  knownRegion: string | undefined,
  country: string,
): string {
  const named = (type: string) =>
    regions.find((region) => region.region_type === type)?.region_name || undefined;
  const place = named('location') ?? named('locality') ?? named('rate_center');
  const state = named('state');
  if (place && state) return `${titleCase(place)}, ${state}`;
  return (place && titleCase(place)) ?? knownRegion ?? state ?? countryName(country);
}

/** Rate centers come in capitals ("SAN FRANCISCO"); mixed-case names are kept as they are. */
function titleCase(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .replace(
      /(^|[\s-])(\p{L})/gu,
      (_, separator: string, letter: string) => separator + letter.toUpperCase(),
    );
}

function literalPrefix(pattern: DigitPattern): string {
  const wildcard = pattern.indexOf(ANY_DIGIT);
  return wildcard === -1 ? pattern : pattern.slice(0, wildcard);
}

function literalSuffix(pattern: DigitPattern): string {
  return pattern.slice(pattern.lastIndexOf(ANY_DIGIT) + 1);
}

function longestLiteralRun(pattern: DigitPattern): string {
  return pattern.split(ANY_DIGIT).reduce((longest, run) => (run.length > longest.length ? run : longest), '');
}
