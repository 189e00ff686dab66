import { classifyDialed } from './dial-plan';

/** Where the API may send a live call: a phone number, a device (its username), or every device of a user. */
export type TransferTarget =
  | { readonly kind: 'number'; readonly e164: string }
  | { readonly kind: 'extension'; readonly extension: string }
  | { readonly kind: 'user'; readonly userId: string };

const userPrefix = 'user:';
const userIdPattern = /^usr_[0-9a-z]{26}$/;

/**
 * Reads a transfer target as the API takes it: `user:<id>`, or anything a device could dial (read with the
 * account's country, as the dial plan reads it). Its text form (`transferTargetText`) reads back the same.
 */
export function readTransferTarget(
  to: string,
  accountCountry: string,
): TransferTarget | { readonly kind: 'invalid'; readonly reason: string } {
  if (to.startsWith(userPrefix)) {
    const userId = to.slice(userPrefix.length);
    return userIdPattern.test(userId)
      ? { kind: 'user', userId }
      : { kind: 'invalid', reason: `"${userId}" is not a user id.` };
  }
  const dialed = classifyDialed(to, accountCountry);
  if (dialed.kind === 'number') return { kind: 'number', e164: dialed.e164 };
  return dialed;
}

/** The target as the transfer command carries it to the sip instance. */
export function transferTargetText(target: TransferTarget): string {
  switch (target.kind) {
    case 'number':
      return target.e164;
    case 'extension':
      return target.extension;
    case 'user':
      return `${userPrefix}${target.userId}`;
  }
}
