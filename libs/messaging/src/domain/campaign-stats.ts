import { canTransition, hasReachedCarrier, type MessageStatus } from './message-status';

export const CAMPAIGN_STAT_KINDS = [
  'scheduled',
  'sent',
  'delivered',
  'failed',
  'replied',
  'opted_out',
] as const;
export type CampaignStatKind = (typeof CAMPAIGN_STAT_KINDS)[number];

export type StepStats = Readonly<Record<CampaignStatKind, number>>;

/** One thing that happened to one recipient at one step; replies count against the step they answer. */
export interface CampaignStatEvent {
  readonly kind: CampaignStatKind;
  readonly stepIndex: number;
}

const NO_STATS: StepStats = { scheduled: 0, sent: 0, delivered: 0, failed: 0, replied: 0, opted_out: 0 };

export function emptyCampaignStats(stepCount: number): StepStats[] {
  return Array.from({ length: stepCount }, () => NO_STATS);
}

/** Counts one event. Callers apply each event once, for instance once per recorded status change. */
export function reduceCampaignStats(stats: readonly StepStats[], event: CampaignStatEvent): StepStats[] {
  const step = stats[event.stepIndex];
  if (!step) throw new RangeError(`The campaign has no step ${event.stepIndex}`);
  return stats.map((current, index) =>
    index === event.stepIndex ? { ...step, [event.kind]: step[event.kind] + 1 } : current,
  );
}

/** Sums every step. */
export function campaignTotals(stats: readonly StepStats[]): StepStats {
  return stats.reduce(
    (totals, step) =>
      Object.fromEntries(CAMPAIGN_STAT_KINDS.map((kind) => [kind, totals[kind] + step[kind]])) as StepStats,
    NO_STATS,
  );
}

/**
 * The events a step's message status change counts as. A change that skips `sent` (a `delivered` callback
 * overtaking our own record) still counts the send, so `delivered` never exceeds `sent`.
 */
export function statEventsForStatusChange(
  stepIndex: number,
  from: MessageStatus,
  to: MessageStatus,
): CampaignStatEvent[] {
  if (!canTransition(from, to)) return [];
  const kinds: CampaignStatKind[] = [];
  if (hasReachedCarrier(to) && !hasReachedCarrier(from)) kinds.push('sent');
  if (to === 'delivered') kinds.push('delivered');
  if (to === 'undelivered' || to === 'failed') kinds.push('failed');
  return kinds.map((kind) => ({ kind, stepIndex }));
}
