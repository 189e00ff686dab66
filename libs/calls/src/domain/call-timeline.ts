import { type CallStatus, type StatusChange } from './call-status';

/** Where each live status may go next; final statuses go nowhere. An answered call always ends as completed. */
const nextStatuses: Readonly<Record<CallStatus, readonly CallStatus[]>> = {
  initiated: ['ringing', 'answered', 'completed', 'busy', 'no_answer', 'failed', 'canceled'],
  ringing: ['answered', 'busy', 'no_answer', 'failed', 'canceled'],
  answered: ['completed'],
  completed: [],
  busy: [],
  no_answer: [],
  failed: [],
  canceled: [],
};

export function canAdvance(from: CallStatus, to: CallStatus): boolean {
  return nextStatuses[from].includes(to);
}

/**
 * The next timeline after a status change, or null when the change is not allowed (never backwards, nothing after a
 * final status, duplicates ignored → null). A timeline opens with `initiated`. A change stamped before the last
 * entry (clocks of two sip instances) is kept at the last entry's time so the timeline stays in order.
 */
export function advanceTimeline(
  timeline: readonly StatusChange[],
  next: StatusChange,
): StatusChange[] | null {
  const last = timeline.at(-1);
  if (last === undefined) return next.status === 'initiated' ? [next] : null;
  if (!canAdvance(last.status, next.status)) return null;
  const at = next.at < last.at ? last.at : next.at;
  return [...timeline, { status: next.status, at }];
}

/**
 * Seconds between answer and end (billable), and between start and end (total), rounded up to whole seconds; null
 * while live. An ended call that was never answered bills 0 seconds.
 */
export function callDurations(call: { startedAt: Date; answeredAt: Date | null; endedAt: Date | null }): {
  totalSeconds: number | null;
  billableSeconds: number | null;
} {
  const { startedAt, answeredAt, endedAt } = call;
  if (endedAt === null) return { totalSeconds: null, billableSeconds: null };
  return {
    totalSeconds: wholeSecondsBetween(startedAt, endedAt),
    billableSeconds: answeredAt === null ? 0 : wholeSecondsBetween(answeredAt, endedAt),
  };
}

function wholeSecondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.ceil((to.getTime() - from.getTime()) / 1000));
}
