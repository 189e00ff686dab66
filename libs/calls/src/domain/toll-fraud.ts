import { type FieldError } from '@switchyard/errors';
import { isSupportedCountry as isKnownCountry } from 'libphonenumber-js/max';
import { type CallBlockReason, type CallPolicy } from './call-policy';

/**
 * Premium-rate and high-risk E.164 prefixes refused by default. Whole foreign countries need no entry: a new account
 * may only call its own country. These ranges bill the caller far above a normal call and are where international
 * revenue share fraud (IRSF) sends traffic, so they stay blocked even once an account allows their country.
 */
export const defaultBlockedPrefixes: readonly string[] = [
  '+1900', // NANP 900 premium-rate service code (976 numbers sit under every area code: no prefix can catch them).
  '+4470', // UK 070 personal numbers: look like mobiles, cost up to premium rates; Ofcom's best-known fraud range.
  '+449', // UK 09 premium-rate services (Ofcom numbering plan).
  '+4487', // UK 087 revenue-sharing service numbers.
  '+870', // Inmarsat satellite: several dollars a minute.
  '+881', // Global mobile satellite systems (Iridium, Globalstar, Thuraya): several dollars a minute.
  '+882', // ITU international networks: shared non-geographic code, staple of IRSF number ranges.
  '+883', // ITU international networks (continuation of +882), same abuse.
  '+979', // ITU international premium-rate service.
  '+3290', // Belgium 090x premium rate.
  '+3389', // France 089x premium rate (highest "services à valeur ajoutée" tariffs).
  '+34803', // Spain 803 premium rate (adult services).
  '+34806', // Spain 806 premium rate (entertainment).
  '+34807', // Spain 807 premium rate (professional services).
  '+39899', // Italy 899 premium rate.
  '+49900', // Germany 0900 premium rate.
];

export interface CallPolicyDefaults {
  readonly maxConcurrentCalls: number;
  readonly maxCallDurationSeconds: number;
  readonly callsPerSecond: number;
}

/** An account's policy before it changed anything: its own country only, the default blocked prefixes, the given limits. */
export function defaultCallPolicy(accountCountry: string, limits: CallPolicyDefaults): CallPolicy {
  return {
    allowedCountries: [accountCountry.toUpperCase()],
    blockedPrefixes: [...defaultBlockedPrefixes],
    maxConcurrentCalls: limits.maxConcurrentCalls,
    maxCallDurationSeconds: limits.maxCallDurationSeconds,
    callsPerSecond: limits.callsPerSecond,
  };
}

export type DestinationVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: CallBlockReason; readonly detail: string };

/**
 * Country and prefix screening of an E.164 destination (limits are enforced elsewhere). A blocked prefix refuses
 * everything under it, even in an allowed country; a destination whose country is unknown is always refused.
 * Details are plain sentences: they end up in a SIP Reason header and in events.
 */
export function screenDestination(
  policy: CallPolicy,
  destination: { e164: string; country: string | null },
): DestinationVerdict {
  if (!/^\+[1-9]\d{1,14}$/.test(destination.e164)) {
    return {
      allowed: false,
      reason: 'invalid_number',
      detail: `${destination.e164} is not an E.164 number.`,
    };
  }
  const blockedPrefix = longestMatchingPrefix(destination.e164, policy.blockedPrefixes);
  if (blockedPrefix !== undefined) {
    return {
      allowed: false,
      reason: 'premium_prefix',
      detail: `Calls to numbers starting with ${blockedPrefix} are blocked by the account's call policy.`,
    };
  }
  if (destination.country === null) {
    return {
      allowed: false,
      reason: 'country_not_allowed',
      detail: `The country of ${destination.e164} is unknown, so the call is not allowed.`,
    };
  }
  const country = destination.country.toUpperCase();
  if (!policy.allowedCountries.some((allowed) => allowed.toUpperCase() === country)) {
    return {
      allowed: false,
      reason: 'country_not_allowed',
      detail: `Calls to ${country} are not allowed by the account's call policy.`,
    };
  }
  return { allowed: true };
}

function longestMatchingPrefix(e164: string, prefixes: readonly string[]): string | undefined {
  return prefixes
    .filter((prefix) => e164.startsWith(prefix))
    .reduce<string | undefined>(
      (longest, prefix) => (longest && longest.length >= prefix.length ? longest : prefix),
      undefined,
    );
}

const prefixPattern = /^\+[1-9][0-9]{0,14}$/;

const limitRanges: readonly { field: keyof CallPolicyDefaults; min: number; max: number }[] = [
  { field: 'maxConcurrentCalls', min: 1, max: 10_000 },
  { field: 'maxCallDurationSeconds', min: 60, max: 86_400 },
  { field: 'callsPerSecond', min: 1, max: 1_000 },
];

/**
 * Validation of a policy an account submits; returns field errors, empty when valid. List items are named like
 * request validation names them (`blockedPrefixes.2`).
 */
export function policyProblems(policy: CallPolicy): FieldError[] {
  return [
    ...listProblems('allowedCountries', policy.allowedCountries, (country) =>
      /^[A-Z]{2}$/.test(country) && isKnownCountry(country)
        ? undefined
        : {
            code: 'invalid_country',
            message: `"${country}" is not an ISO 3166-1 alpha-2 country code such as "US".`,
          },
    ),
    ...listProblems('blockedPrefixes', policy.blockedPrefixes, (prefix) =>
      prefixPattern.test(prefix)
        ? undefined
        : {
            code: 'invalid_prefix',
            message: `"${prefix}" is not an E.164 prefix: "+" then up to 15 digits, not starting with 0.`,
          },
    ),
    ...limitRanges.flatMap(({ field, min, max }) => {
      const value = policy[field];
      return Number.isInteger(value) && value >= min && value <= max
        ? []
        : [{ field, code: 'out_of_range', message: `Use a whole number from ${min} to ${max}.` }];
    }),
  ];
}

function listProblems(
  field: string,
  values: readonly string[],
  problemOf: (value: string) => { code: string; message: string } | undefined,
): FieldError[] {
  return values.flatMap((value, index) => {
    const problem = problemOf(value);
    if (problem) return [{ field: `${field}.${index}`, ...problem }];
    if (values.indexOf(value) !== index) {
      return [
        { field: `${field}.${index}`, code: 'duplicate', message: `"${value}" is listed more than once.` },
      ];
    }
    return [];
  });
}
