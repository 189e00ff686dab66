/**
 * An account's toll-fraud policy for outbound calls. Destinations are checked against the countries and prefixes
 * before anything goes out; the limits are enforced across all sip instances.
 */
export interface CallPolicy {
  /** ISO 3166-1 alpha-2 codes of the countries outbound calls may reach. */
  readonly allowedCountries: readonly string[];
  /** E.164 prefixes (with `+`) that are refused even inside allowed countries: premium-rate and high-risk ranges. */
  readonly blockedPrefixes: readonly string[];
  readonly maxConcurrentCalls: number;
  readonly maxCallDurationSeconds: number;
  readonly callsPerSecond: number;
}

/** Why an outbound call was refused; each is answered with 403 and a Reason header naming it. */
export type CallBlockReason =
  | 'country_not_allowed'
  | 'premium_prefix'
  | 'invalid_number'
  | 'caller_id_not_allowed'
  | 'concurrency_limit'
  | 'rate_limit';
