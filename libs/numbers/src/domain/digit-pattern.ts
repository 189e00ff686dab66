import { InvalidNumberPatternError } from './numbers.errors';
import { NUMBER_SEPARATORS, keypadDigitOf } from './vanity';

/** Digits and {@link ANY_DIGIT}, matched against national significant numbers (no country code, no trunk 0). */
export type DigitPattern = string;

export const ANY_DIGIT = '?';

/** The longest national significant number in the world (ITU E.164 allows 15 digits including the country code). */
const MAX_PATTERN_LENGTH = 15;

/**
 * Parses what a customer types to filter numbers: digits, vanity letters ("CAFE" → "2233"),
 * and `?` or `*` for exactly one unknown digit; separators such as "-" or spaces are ignored.
 */
export function parseDigitPattern(text: string): DigitPattern {
  let pattern = '';
  for (const char of text) {
    if (/\d/.test(char)) pattern += char;
    else if (char === '?' || char === '*') pattern += ANY_DIGIT;
    else if (NUMBER_SEPARATORS.test(char)) continue;
    else {
      const digit = keypadDigitOf(char);
      if (digit === undefined) throw new InvalidNumberPatternError(text, `unexpected character "${char}"`);
      pattern += digit;
    }
  }
  if (pattern.length === 0)
    throw new InvalidNumberPatternError(text, 'it contains no digit, letter or wildcard');
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new InvalidNumberPatternError(text, `it is longer than ${MAX_PATTERN_LENGTH} digits`);
  }
  return pattern;
}

export function matchesPatternAt(digits: string, pattern: DigitPattern, offset: number): boolean {
  if (offset < 0 || offset + pattern.length > digits.length) return false;
  return [...pattern].every((char, index) => char === ANY_DIGIT || digits[offset + index] === char);
}

export function startsWithPattern(digits: string, pattern: DigitPattern): boolean {
  return matchesPatternAt(digits, pattern, 0);
}

export function endsWithPattern(digits: string, pattern: DigitPattern): boolean {
  return matchesPatternAt(digits, pattern, digits.length - pattern.length);
}

export function containsPattern(digits: string, pattern: DigitPattern): boolean {
  for (let offset = 0; offset + pattern.length <= digits.length; offset++) {
    if (matchesPatternAt(digits, pattern, offset)) return true;
  }
  return false;
}

/**
 * Writes `pattern` over `base` starting at `offset`, keeping the more specific digit at each place.
 * Returns null when they disagree on a digit or the pattern runs past the end of `base`.
 */
export function overlayPattern(
  base: DigitPattern,
  pattern: DigitPattern,
  offset: number,
): DigitPattern | null {
  if (offset < 0 || offset + pattern.length > base.length) return null;
  const merged = [...base];
  for (const [index, char] of [...pattern].entries()) {
    const current = merged[offset + index];
    if (char === ANY_DIGIT || char === current) continue;
    if (current !== ANY_DIGIT) return null;
    merged[offset + index] = char;
  }
  return merged.join('');
}

/** Combines two patterns that both anchor at the start of the number, or null when they contradict. */
export function mergePrefixPatterns(first: DigitPattern, second: DigitPattern): DigitPattern | null {
  const length = Math.max(first.length, second.length);
  return overlayPattern(first.padEnd(length, ANY_DIGIT), second, 0);
}
