/**
 * Token bucket: holds up to `capacity` tokens, refilled continuously at `capacity` per `windowMs`; a request takes
 * one. A quiet source may burst `capacity` requests, then keeps to `capacity / windowMs` on average.
 */
export interface TokenBucketPolicy {
  readonly capacity: number;
  readonly windowMs: number;
}

export interface TokenBucket {
  readonly tokens: number;
  readonly updatedAt: number;
}

export type TokenVerdict =
  | { readonly allowed: true; readonly bucket: TokenBucket }
  | { readonly allowed: false; readonly bucket: TokenBucket; readonly retryAfterMs: number };

function refilled(bucket: TokenBucket | undefined, nowMs: number, policy: TokenBucketPolicy): number {
  if (bucket === undefined) return policy.capacity;
  const elapsed = Math.max(0, nowMs - bucket.updatedAt);
  return Math.min(policy.capacity, bucket.tokens + (elapsed * policy.capacity) / policy.windowMs);
}

export function takeToken(
  bucket: TokenBucket | undefined,
  nowMs: number,
  policy: TokenBucketPolicy,
): TokenVerdict {
  const tokens = refilled(bucket, nowMs, policy);
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, updatedAt: nowMs } };
  const retryAfterMs = Math.ceil(((1 - tokens) * policy.windowMs) / policy.capacity);
  return { allowed: false, bucket: { tokens, updatedAt: nowMs }, retryAfterMs };
}

/** A full bucket is the same as none, so it can be forgotten. */
export function isFull(bucket: TokenBucket, nowMs: number, policy: TokenBucketPolicy): boolean {
  return refilled(bucket, nowMs, policy) >= policy.capacity;
}
