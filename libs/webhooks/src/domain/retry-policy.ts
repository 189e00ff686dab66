/** What one delivery attempt's outcome means for the next step. */
export type AttemptVerdict = 'delivered' | 'retry' | 'give_up';

/** 2xx delivered; 408, 429 and 5xx are worth another try; any other answer will not change by retrying. */
export function verdictOfStatus(status: number): AttemptVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'give_up';
}

export interface RetrySchedule {
  readonly baseMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
}

/**
 * Delay before the attempt after `attempt` (1 = the first try failed): doubling from `baseMs`, capped, with ±20 %
 * jitter so endpoints that failed together are not retried together. A receiver's Retry-After is honored up to the
 * cap. Null once the attempts are used up.
 */
export function retryDelayMs(
  attempt: number,
  schedule: RetrySchedule,
  random: () => number,
  retryAfterMs?: number,
): number | null {
  if (attempt >= schedule.maxAttempts) return null;
  const exponential = Math.min(schedule.baseMs * 2 ** (attempt - 1), schedule.maxDelayMs);
  const jittered = Math.round(exponential * (0.8 + 0.4 * random()));
  return Math.min(Math.max(jittered, retryAfterMs ?? 0), schedule.maxDelayMs);
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * How long a delivery waits before asking again for a slot at an endpoint that is at its concurrency limit: short
 * at first, doubling up to 5 s with jitter, so a long backlog behind a slow receiver does not keep the queue busy.
 */
export function slotWaitDelayMs(deferral: number, random: () => number): number {
  return Math.round(Math.min(100 * 2 ** deferral, 5_000) * (0.5 + random()));
}
