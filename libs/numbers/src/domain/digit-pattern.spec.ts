import { describe, expect, it } from 'vitest';
import {
  containsPattern,
  endsWithPattern,
  mergePrefixPatterns,
  overlayPattern,
  parseDigitPattern,
  startsWithPattern,
} from './digit-pattern';
import { InvalidNumberPatternError } from './numbers.errors';

describe('parseDigitPattern', () => {
  it('accepts digits, vanity letters and both wildcards, ignoring separators', () => {
    expect(parseDigitPattern('415')).toBe('415');
    expect(parseDigitPattern('CAFE')).toBe('2233');
    expect(parseDigitPattern('55*-?0')).toBe('55??0');
    expect(parseDigitPattern('(020) 7946')).toBe('0207946');
  });

  it('rejects empty, overlong and foreign patterns with a stable code', () => {
    expect(() => parseDigitPattern('--')).toThrow(InvalidNumberPatternError);
    expect(() => parseDigitPattern('1234567890123456')).toThrow(/longer than 15/);
    expect(() => parseDigitPattern('+1415')).toThrow(
      expect.objectContaining({ code: 'invalid_number_pattern' }),
    );
  });
});

describe('matching', () => {
  const nationalNumber = '4155552233';

  it('anchors startsWith and endsWith, lets contains float', () => {
    expect(startsWithPattern(nationalNumber, '415')).toBe(true);
    expect(startsWithPattern(nationalNumber, '555')).toBe(false);
    expect(endsWithPattern(nationalNumber, '2233')).toBe(true);
    expect(endsWithPattern(nationalNumber, '4155552233999')).toBe(false);
    expect(containsPattern(nationalNumber, '5552')).toBe(true);
    expect(containsPattern(nationalNumber, '9')).toBe(false);
  });

  it('lets a wildcard stand for exactly one digit', () => {
    expect(startsWithPattern(nationalNumber, '4?5')).toBe(true);
    expect(containsPattern(nationalNumber, '2??3')).toBe(true);
    expect(containsPattern(nationalNumber, '1??2')).toBe(false);
    expect(containsPattern(nationalNumber, '2?3')).toBe(true);
  });
});

describe('overlayPattern', () => {
  it('keeps the more specific digit and reports conflicts', () => {
    expect(overlayPattern('415???????', '?55', 3)).toBe('415?55????');
    expect(overlayPattern('415???????', '6', 2)).toBeNull();
    expect(overlayPattern('415???????', '1234', 8)).toBeNull();
  });

  it('merges two prefixes of different lengths', () => {
    expect(mergePrefixPatterns('415', '4155')).toBe('4155');
    expect(mergePrefixPatterns('415', '41')).toBe('415');
    expect(mergePrefixPatterns('415', '212')).toBeNull();
  });
});
