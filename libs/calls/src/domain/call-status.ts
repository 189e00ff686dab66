/** Where a call or one of its legs stands. The first three are live; the rest are final. */
export type CallStatus =
  'initiated' | 'ringing' | 'answered' | 'completed' | 'busy' | 'no_answer' | 'failed' | 'canceled';

export type CallDirection = 'inbound' | 'outbound' | 'internal';

export const callStatuses: readonly CallStatus[] = [
  'initiated',
  'ringing',
  'answered',
  'completed',
  'busy',
  'no_answer',
  'failed',
  'canceled',
];

export const liveCallStatuses: readonly CallStatus[] = ['initiated', 'ringing', 'answered'];

export function isLive(status: CallStatus): boolean {
  return liveCallStatuses.includes(status);
}

/** One entry of a call's status timeline. */
export interface StatusChange {
  readonly status: CallStatus;
  readonly at: Date;
}

/**
 * The final status of a call or leg from how it ended: answered calls complete whatever ended them; unanswered ones
 * read the final SIP response (RFC 3261 §21): busy everywhere, no answer, canceled by the caller, or failed.
 */
export function finalCallStatus(ending: {
  readonly answered: boolean;
  readonly sipStatus: number;
}): CallStatus {
  if (ending.answered) return 'completed';
  switch (ending.sipStatus) {
    case 486:
    case 600:
      return 'busy';
    case 408:
    case 480:
      return 'no_answer';
    case 487:
      return 'canceled';
    default:
      return 'failed';
  }
}
