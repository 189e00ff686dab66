import { type MessagingPacingConfig } from '@switchyard/config';
import { MAX_SEGMENTS, type MessagingNumberType, type RateLimit } from '../domain';

/** Injection token of the pacing settings (a MessagingPacingConfig). */
export const MESSAGING_PACING_CONFIG = Symbol('MESSAGING_PACING_CONFIG');

/**
 * A rate as a token bucket. The burst is at least one longest message, which could never be sent otherwise; with
 * the default rates this gives DEFAULT_SENDER_RATE_LIMITS.
 */
export function rateLimitOf(segmentsPerSecond: number): RateLimit {
  return { capacity: Math.max(segmentsPerSecond, MAX_SEGMENTS), refillPerSecond: segmentsPerSecond };
}

export function senderRateLimit(type: MessagingNumberType, config: MessagingPacingConfig): RateLimit {
  const rates = config.senderSegmentsPerSecond;
  switch (type) {
    case 'local':
    case 'mobile':
      return rateLimitOf(rates.longCode);
    case 'toll_free':
      return rateLimitOf(rates.tollFree);
    case 'short_code':
      return rateLimitOf(rates.shortCode);
  }
}

export function accountRateLimit(config: MessagingPacingConfig): RateLimit {
  return rateLimitOf(config.accountSegmentsPerSecond);
}
