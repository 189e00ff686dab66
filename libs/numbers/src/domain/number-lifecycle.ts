import { NUMBER_TYPES, type NumberType } from './available-number';
import { kindMatchesNumberType, type PhoneNumberKind } from './phone-number-info';

export const NUMBER_STATUSES = [
  'ordering',
  'pending_documents',
  'active',
  'releasing',
  'released',
  'failed',
] as const;
export type NumberStatus = (typeof NUMBER_STATUSES)[number];

/** Statuses in which a row holds its phone number: no other row, of any account, may hold it meanwhile. */
export const HELD_NUMBER_STATUSES: readonly NumberStatus[] = [
  'ordering',
  'pending_documents',
  'active',
  'releasing',
];

/** Statuses a plain list shows; failed orders and released numbers are history, listed when asked for. */
export const LISTED_NUMBER_STATUSES: readonly NumberStatus[] = HELD_NUMBER_STATUSES;

/** What releasing a number in a given status does. */
export type ReleasePlan =
  /** Active: the number stays restorable for the grace period, then goes back to the carrier. */
  | 'schedule'
  /** Waiting for documents: nothing was ordered yet, so it is let go at once. */
  | 'cancel'
  /** Already releasing: nothing changes. */
  | 'unchanged'
  /** Ordering, released or failed: there is nothing to release now. */
  | 'refuse';

export function releasePlanFor(status: NumberStatus): ReleasePlan {
  switch (status) {
    case 'active':
      return 'schedule';
    case 'pending_documents':
      return 'cancel';
    case 'releasing':
      return 'unchanged';
    default:
      return 'refuse';
  }
}

export function releaseTimeAfter(now: Date, graceHours: number): Date {
  return new Date(now.getTime() + graceHours * 3_600_000);
}

/** The types a number of this kind may be sold as; North American numbers look alike as local and mobile. */
export function numberTypeCandidates(kind: PhoneNumberKind): NumberType[] {
  return NUMBER_TYPES.filter((type) => kindMatchesNumberType(kind, type));
}

/** A carrier order older than this without a recorded outcome is checked with the carrier. */
export const ORDER_SETTLE_MS = 2 * 60_000;
