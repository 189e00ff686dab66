/**
 * Failed digest authentications per source address are counted over a sliding window; reaching the limit bans the
 * address for a while. Banned addresses get no answer at all.
 */
export interface BanPolicy {
  readonly failureLimit: number;
  readonly failureWindowMs: number;
  readonly banMs: number;
}

export interface Ban {
  readonly address: string;
  /** The SIP domain of the last failed attempt, which attributes the ban to an account; null for none of ours. */
  readonly domain: string | null;
  readonly failures: number;
  readonly bannedAt: number;
  readonly expiresAt: number;
}

/** Failures older than this no longer count. */
export function failureWindowStart(nowMs: number, policy: BanPolicy): number {
  return nowMs - policy.failureWindowMs;
}

/** The ban earned by `failuresInWindow` failures (the latest included), or null while under the limit. */
export function banFor(
  address: string,
  domain: string | null,
  failuresInWindow: number,
  nowMs: number,
  policy: BanPolicy,
): Ban | null {
  if (failuresInWindow < policy.failureLimit) return null;
  return { address, domain, failures: failuresInWindow, bannedAt: nowMs, expiresAt: nowMs + policy.banMs };
}
