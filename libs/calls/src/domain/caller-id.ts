import { describePhoneNumber } from '@switchyard/numbers';

/** A number of the account that a user may present as caller ID, in the order numbers are preferred. */
export interface UsableNumber {
  readonly id: string;
  /** E.164. */
  readonly phoneNumber: string;
  /** Shared with the user directly (rather than through a team or by the user's role). */
  readonly sharedWithUser: boolean;
}

/**
 * The caller ID an outbound call presents: the number the device asked for (From user part, any format) when the
 * user may use it, else the user's default (first directly shared number, else the first usable), else null.
 * `usable` is in preference order. A requested device username or unparseable text simply means the default.
 */
export function chooseCallerId(
  requested: string | null,
  usable: readonly UsableNumber[],
  accountCountry: string,
): { readonly number: UsableNumber; readonly requestedWasUsable: boolean } | null {
  const requestedE164 = requested === null ? null : describePhoneNumber(requested, accountCountry).e164;
  const asked =
    requestedE164 === null ? undefined : usable.find((number) => number.phoneNumber === requestedE164);
  if (asked) return { number: asked, requestedWasUsable: true };
  const fallback = usable.find((number) => number.sharedWithUser) ?? usable[0];
  return fallback ? { number: fallback, requestedWasUsable: false } : null;
}
