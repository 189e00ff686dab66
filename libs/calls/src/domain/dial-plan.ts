import { describePhoneNumber } from '@switchyard/numbers';

/** What a device dialed, once read. */
export type DialTarget =
  /** A device username of the same account. */
  | { readonly kind: 'extension'; readonly extension: string }
  /** `country`: ISO 3166-1 alpha-2 of the destination, null when the numbering plan cannot tell (invalid ranges). */
  | { readonly kind: 'number'; readonly e164: string; readonly country: string | null }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Dialed device usernames, as the dial plan accepts them. */
const extensionPattern = /^[A-Za-z0-9._-]{1,64}$/;
const visualSeparators = /[\s().-]/g;
const maxExtensionDigits = 6;

/**
 * What a device dialed (the user part of the INVITE's Request-URI, already URI-unescaped), read with the account's
 * country.
 *
 * - Letters make a device username (`alice`, `alice.smith`); usernames keep their dots and dashes.
 * - Otherwise visual separators go; 1–6 digits are an extension, longer digit strings a national number of the
 *   account's country, and `+` or the country's international prefix (`011` in NANP, `00` in most others, per the
 *   numbering plan metadata) an international one.
 * - Emergency and short codes get no special treatment: `911`, `112` or `999` are 3-digit extensions like any other,
 *   because Switchyard does not offer emergency calling.
 * - Numbers of a possible length but in no assigned range keep a null country, which toll-fraud screening refuses.
 */
export function classifyDialed(dialed: string, accountCountry: string): DialTarget {
  const trimmed = dialed.trim();
  if (trimmed === '') return { kind: 'invalid', reason: 'Nothing was dialed.' };
  if (/[A-Za-z]/.test(trimmed) && !trimmed.startsWith('+')) {
    return extensionPattern.test(trimmed)
      ? { kind: 'extension', extension: trimmed }
      : { kind: 'invalid', reason: `"${trimmed}" is neither a phone number nor a device username.` };
  }
  const compact = trimmed.replace(visualSeparators, '');
  if (/^\d+$/.test(compact) && compact.length <= maxExtensionDigits) {
    return { kind: 'extension', extension: compact };
  }
  if (!/^\+?\d+$/.test(compact)) {
    return { kind: 'invalid', reason: `"${trimmed}" is neither a phone number nor a device username.` };
  }
  const info = describePhoneNumber(compact, accountCountry);
  if (info.e164 === null) {
    const problem = (info.invalidReason ?? 'invalid').replace('_', ' ');
    return { kind: 'invalid', reason: `"${trimmed}" is not a dialable phone number: ${problem}.` };
  }
  return { kind: 'number', e164: info.e164, country: info.valid ? info.country : null };
}
