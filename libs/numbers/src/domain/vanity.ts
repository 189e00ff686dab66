import { InvalidNumberPatternError } from './numbers.errors';

/** ITU E.161 keypad: the letters printed on each digit key. */
export const PHONE_KEYPAD: Readonly<Record<string, string>> = {
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
};

const DIGIT_OF_LETTER: ReadonlyMap<string, string> = new Map(
  Object.entries(PHONE_KEYPAD).flatMap(([digit, letters]) =>
    [...letters].map((letter) => [letter, digit] as const),
  ),
);

/** Punctuation people write inside numbers ("1-800 (FLOWERS)") that carries no digit. */
export const NUMBER_SEPARATORS = /[\s().\-/]/;

/** The keypad digit of a latin letter (case-insensitive), or undefined for anything else. */
export function keypadDigitOf(letter: string): string | undefined {
  return DIGIT_OF_LETTER.get(letter.toUpperCase());
}

/**
 * Spells a vanity text with keypad digits: "FLOWERS" → "3569377", "1-800-FLOWERS" → "18003569377".
 * Separators are dropped and a leading "+" is kept.
 */
export function vanityToDigits(text: string): string {
  const trimmed = text.trim();
  const plus = trimmed.startsWith('+') ? '+' : '';
  let digits = plus;
  for (const char of trimmed.slice(plus.length)) {
    if (/\d/.test(char)) digits += char;
    else if (NUMBER_SEPARATORS.test(char)) continue;
    else {
      const digit = keypadDigitOf(char);
      if (digit === undefined) throw new InvalidNumberPatternError(text, `unexpected character "${char}"`);
      digits += digit;
    }
  }
  return digits;
}
