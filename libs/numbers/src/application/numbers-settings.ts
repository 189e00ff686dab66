import { type NumberRouting } from '../domain';

export interface NumbersSettings {
  readonly releaseGraceHours: number;
  /** Where the carrier routes calls and messages of numbers as soon as they are bought. */
  readonly orderRouting: NumberRouting;
  /** Requirement submissions are reviewed at once by the rules (the sandbox), or wait for a person (pending). */
  readonly automaticReview: boolean;
}

export const NUMBERS_SETTINGS = Symbol('NUMBERS_SETTINGS');

/** Token of the carrier adapter (a `CarrierPort`) the app configured. */
export const CARRIER = Symbol('CARRIER');
