import { type Money } from './money';

export const NUMBER_TYPES = ['local', 'toll_free', 'mobile'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];

export const CAPABILITIES = ['voice', 'sms', 'mms'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** A number a carrier offers for sale, as returned by a search. */
export interface AvailableNumber {
  /** E.164, e.g. +14155550123. */
  readonly phoneNumber: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly type: NumberType;
  /** Human readable place, e.g. "San Francisco, CA"; the country name for non-geographic numbers. */
  readonly region: string;
  /** National destination code without trunk prefix, e.g. "415" or "20" for London. */
  readonly areaCode?: string;
  readonly capabilities: readonly Capability[];
  readonly monthlyPrice: Money;
  readonly setupPrice: Money;
  /** Absent when the carrier does not say; documents must be supplied before the order can complete. */
  readonly requirements?: { readonly documentsRequired: boolean };
}
