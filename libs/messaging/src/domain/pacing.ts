import { BacklogTooLongError, CostExceedsCapacityError } from './messaging.errors';
import { type MessagingNumberType } from './message-model';
import { MAX_SEGMENTS } from './sms-segments';

/** A token bucket's shape: how many segments may go at once, and how fast that allowance comes back. */
export interface RateLimit {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export interface TokenBucket extends RateLimit {
  readonly tokens: number;
  /** When `tokens` was last brought up to date. */
  readonly updatedAt: Date;
}

export type TakeResult =
  | { readonly granted: true; readonly bucket: TokenBucket }
  | { readonly granted: false; readonly bucket: TokenBucket; readonly retryAfterMs: number };

export type TakeAllResult =
  | { readonly granted: true; readonly buckets: readonly TokenBucket[] }
  | { readonly granted: false; readonly buckets: readonly TokenBucket[]; readonly retryAfterMs: number };

export type BacklogCheck =
  | { readonly exceeded: false; readonly expectedWaitSeconds: number }
  | { readonly exceeded: true; readonly expectedWaitSeconds: number; readonly error: BacklogTooLongError };

/**
 * Carrier throughput per sending number, in segments. A long code's burst is one longest message, which
 * could not be sent at all otherwise; its average stays one segment a second.
 */
export const DEFAULT_SENDER_RATE_LIMITS: Readonly<Record<MessagingNumberType, RateLimit>> = {
  local: { capacity: MAX_SEGMENTS, refillPerSecond: 1 },
  mobile: { capacity: MAX_SEGMENTS, refillPerSecond: 1 },
  toll_free: { capacity: 20, refillPerSecond: 20 },
  short_code: { capacity: 100, refillPerSecond: 100 },
};

// Absorbs floating-point residue, so that waiting exactly `retryAfterMs` is always enough.
const TOKEN_TOLERANCE = 1e-9;

export function fullBucket(limit: RateLimit, now: Date): TokenBucket {
  return {
    capacity: limit.capacity,
    refillPerSecond: limit.refillPerSecond,
    tokens: limit.capacity,
    updatedAt: now,
  };
}

/** The bucket as of `now`; a clock that went backwards adds nothing. */
export function refill(bucket: TokenBucket, now: Date): TokenBucket {
  const elapsedMs = now.getTime() - bucket.updatedAt.getTime();
  if (elapsedMs <= 0) return bucket;
  const tokens = Math.min(bucket.capacity, bucket.tokens + (bucket.refillPerSecond * elapsedMs) / 1000);
  return { ...bucket, tokens, updatedAt: now };
}

/**
 * Takes `cost` tokens if the bucket holds them, else says how long until it will. Throws
 * {@link CostExceedsCapacityError} for a cost no wait could ever satisfy.
 */
export function take(bucket: TokenBucket, now: Date, cost = 1): TakeResult {
  if (cost > bucket.capacity) throw new CostExceedsCapacityError(cost, bucket.capacity);
  const current = refill(bucket, now);
  if (current.tokens + TOKEN_TOLERANCE >= cost) {
    return { granted: true, bucket: { ...current, tokens: Math.max(0, current.tokens - cost) } };
  }
  return { granted: false, bucket: current, retryAfterMs: waitMs(current, cost) };
}

/**
 * Takes from every bucket or from none, for a send that needs several allowances at once (the sending
 * number's and the account's). When refused, `retryAfterMs` is the wait for the slowest bucket.
 */
export function takeAll(buckets: readonly TokenBucket[], now: Date, cost = 1): TakeAllResult {
  const attempts = buckets.map((bucket) => take(bucket, now, cost));
  const waits = attempts.flatMap((attempt) => (attempt.granted ? [] : [attempt.retryAfterMs]));
  if (waits.length === 0) return { granted: true, buckets: attempts.map((attempt) => attempt.bucket) };
  return {
    granted: false,
    buckets: buckets.map((bucket) => refill(bucket, now)),
    retryAfterMs: Math.max(...waits),
  };
}

/**
 * Whether a sender already holding `backlogSegments` (the new message's included) would take longer than
 * `maxWaitSeconds` to send them all at `segmentsPerSecond`; the caller should then refuse the message.
 */
export function wouldExceedBacklog(
  backlogSegments: number,
  segmentsPerSecond: number,
  maxWaitSeconds: number,
): BacklogCheck {
  const expectedWaitSeconds = Math.ceil(backlogSegments / segmentsPerSecond);
  return expectedWaitSeconds > maxWaitSeconds
    ? {
        exceeded: true,
        expectedWaitSeconds,
        error: new BacklogTooLongError(expectedWaitSeconds, maxWaitSeconds),
      }
    : { exceeded: false, expectedWaitSeconds };
}

function waitMs(bucket: TokenBucket, cost: number): number {
  return Math.max(1, Math.ceil(((cost - bucket.tokens) / bucket.refillPerSecond) * 1000));
}
