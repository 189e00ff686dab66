import { describe, expect, it } from 'vitest';
import { InvalidNumberPatternError } from './numbers.errors';
import { keypadDigitOf, vanityToDigits } from './vanity';

describe('vanityToDigits', () => {
  it('spells words with keypad digits', () => {
    expect(vanityToDigits('FLOWERS')).toBe('3569377');
    expect(vanityToDigits('cafe')).toBe('2233');
  });

  it('maps every letter of the alphabet, including Q and Z', () => {
    expect(vanityToDigits('ABCDEFGHIJKLMNOPQRSTUVWXYZ')).toBe('22233344455566677778889999');
  });

  it('keeps digits, drops separators and keeps a leading plus', () => {
    expect(vanityToDigits('1-800-FLOWERS')).toBe('18003569377');
    expect(vanityToDigits('+1 (800) GOT-JUNK')).toBe('+18004685865');
  });

  it('rejects characters that are neither digits, letters nor separators', () => {
    expect(() => vanityToDigits('800#HELP')).toThrow(InvalidNumberPatternError);
  });
});

describe('keypadDigitOf', () => {
  it('returns undefined for non-letters', () => {
    expect(keypadDigitOf('s')).toBe('7');
    expect(keypadDigitOf('1')).toBeUndefined();
    expect(keypadDigitOf('é')).toBeUndefined();
  });
});
