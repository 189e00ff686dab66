import { InvalidStatusTransitionError } from './messaging.errors';

export const MESSAGE_STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'received',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Once here a message never changes again; `received` is where every inbound message starts and stays. */
export const TERMINAL_STATUSES: readonly MessageStatus[] = [
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'received',
];

/** Position along the outbound path; the three carrier outcomes are alternatives at the end of it. */
const OUTBOUND_STEP: Partial<Record<MessageStatus, number>> = {
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
};

/** Only a message nobody has handed to a carrier yet can still be canceled. */
const CANCELABLE: readonly MessageStatus[] = ['scheduled', 'queued'];

export function isTerminal(status: MessageStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/**
 * Whether a message may move from one status to another. Outbound messages only move forward, and may skip
 * steps because carrier callbacks can overtake our own records (a `delivered` before we stored `sent`).
 */
export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  if (isTerminal(from)) return false;
  if (to === 'canceled') return CANCELABLE.includes(from);
  const fromStep = OUTBOUND_STEP[from];
  const toStep = OUTBOUND_STEP[to];
  return fromStep !== undefined && toStep !== undefined && toStep > fromStep;
}

/**
 * The status to keep once `reported` arrives: reports that would move a message backwards or out of a final
 * status are stale or duplicated callbacks and are ignored, so `delivered` then `sent` stays `delivered`.
 */
export function advanceStatus(current: MessageStatus, reported: MessageStatus): MessageStatus {
  return canTransition(current, reported) ? reported : current;
}

/** For requested changes such as a cancel, where an impossible change is the caller's mistake. */
export function assertTransition(from: MessageStatus, to: MessageStatus): MessageStatus {
  if (!canTransition(from, to)) throw new InvalidStatusTransitionError(from, to);
  return to;
}

/** Whether the carrier has accepted the message, which the later statuses imply. */
export function hasReachedCarrier(status: MessageStatus): boolean {
  return status === 'sent' || status === 'delivered' || status === 'undelivered';
}
