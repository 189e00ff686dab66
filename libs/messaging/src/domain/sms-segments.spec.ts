import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TooManySegmentsError } from './messaging.errors';
import {
  assertSegmentLimit,
  MAX_SEGMENTS,
  SEGMENT_CAPACITY,
  segmentSms,
  splitSmsSegments,
  tooManySegments,
} from './sms-segments';

const EXTENSION_CHARACTERS = ['€', '[', ']', '{', '}', '^', '~', '|', '\\', '\f'];

describe('segmentSms: GSM-7', () => {
  it('fits 160 plain characters in one segment and needs a second for the 161st', () => {
    expect(segmentSms('a'.repeat(160))).toEqual({
      encoding: 'gsm7',
      segments: 1,
      characters: 160,
      unitsUsed: 160,
      unitsRemainingInSegment: 0,
    });
    expect(segmentSms('a'.repeat(161))).toEqual({
      encoding: 'gsm7',
      segments: 2,
      characters: 161,
      unitsUsed: 161,
      unitsRemainingInSegment: 153 - 8,
    });
  });

  it('carries 153 characters per concatenated segment', () => {
    expect(segmentSms('a'.repeat(306)).segments).toBe(2);
    expect(segmentSms('a'.repeat(307)).segments).toBe(3);
  });

  it('keeps the accents, Greek capitals and line breaks of the GSM table in GSM-7, but not other accents', () => {
    expect(segmentSms('Hé! Ça 5£ @ 10:00\r\nÄÖÜ ñ ¿¡ ΔΩ §¤').encoding).toBe('gsm7');
    expect(segmentSms('Ça coûte 5£').encoding).toBe('ucs2');
  });

  it.each(EXTENSION_CHARACTERS)('counts the extension character %j as two septets', (char) => {
    expect(segmentSms(`a${char}`)).toMatchObject({ encoding: 'gsm7', characters: 2, unitsUsed: 3 });
  });

  it('fills one segment with 80 euro signs and needs a second for the 81st', () => {
    expect(segmentSms('€'.repeat(80))).toMatchObject({
      segments: 1,
      unitsUsed: 160,
      unitsRemainingInSegment: 0,
    });
    expect(segmentSms('€'.repeat(81))).toMatchObject({ segments: 2, unitsUsed: 162 });
  });

  it('moves an extension character that would straddle a boundary to the next segment', () => {
    const text = `${'a'.repeat(152)}€${'a'.repeat(10)}`;
    expect(splitSmsSegments(text)).toEqual(['a'.repeat(152), `€${'a'.repeat(10)}`]);
    expect(segmentSms(text)).toMatchObject({
      segments: 2,
      unitsUsed: 164,
      unitsRemainingInSegment: 153 - 12,
    });
  });

  it('counts an empty text as no segment', () => {
    expect(segmentSms('')).toEqual({
      encoding: 'gsm7',
      segments: 0,
      characters: 0,
      unitsUsed: 0,
      unitsRemainingInSegment: 160,
    });
  });
});

describe('segmentSms: UCS-2', () => {
  it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
    expect(segmentSms(`${'a'.repeat(69)}ç`)).toMatchObject({ encoding: 'ucs2', segments: 1, unitsUsed: 70 });
    expect(segmentSms(`${'a'.repeat(70)}ç`)).toMatchObject({
      encoding: 'ucs2',
      segments: 2,
      unitsRemainingInSegment: 67 - 4,
    });
  });

  it('counts Cyrillic and mixed scripts as one unit per character', () => {
    expect(segmentSms('Привет, world')).toMatchObject({ encoding: 'ucs2', characters: 13, unitsUsed: 13 });
    expect(segmentSms('Ж'.repeat(134)).segments).toBe(2);
    expect(segmentSms('Ж'.repeat(135)).segments).toBe(3);
  });

  it('counts extension characters as one unit once the message is UCS-2', () => {
    expect(segmentSms('€[Ж')).toMatchObject({ encoding: 'ucs2', unitsUsed: 3 });
  });

  it('counts an emoji as one character but two UTF-16 units', () => {
    expect(segmentSms('Hi 👋')).toMatchObject({ encoding: 'ucs2', characters: 4, unitsUsed: 5 });
    expect(segmentSms('😀'.repeat(35))).toMatchObject({ segments: 1, unitsRemainingInSegment: 0 });
    expect(segmentSms('😀'.repeat(36))).toMatchObject({ segments: 2, unitsUsed: 72 });
  });

  it('keeps a surrogate pair whole at a segment boundary', () => {
    const text = `${'a'.repeat(66)}😀aaa`;
    expect(splitSmsSegments(text)).toEqual(['a'.repeat(66), '😀aaa']);
    expect(segmentSms(text)).toMatchObject({ segments: 2, characters: 70, unitsUsed: 71 });
  });
});

describe('segment limit', () => {
  it('allows ten segments and refuses the eleventh', () => {
    const longest = 'a'.repeat(153 * MAX_SEGMENTS);
    expect(tooManySegments(segmentSms(longest))).toBe(false);
    expect(tooManySegments(segmentSms(`${longest}a`))).toBe(true);
    expect(assertSegmentLimit(longest).segments).toBe(10);
    expect(() => assertSegmentLimit(`${longest}a`)).toThrow(
      expect.objectContaining({ code: 'too_many_segments', segments: 11, maxSegments: 10 }),
    );
  });

  it('takes a lower limit', () => {
    expect(tooManySegments(segmentSms('a'.repeat(161)), 1)).toBe(true);
    expect(() => assertSegmentLimit('a'.repeat(161), 1)).toThrow(TooManySegmentsError);
  });
});

describe('segmentation properties', () => {
  const characterArb = fc.oneof(
    fc.constantFrom('a', 'Z', '0', ' ', '@', 'é', 'Ä', '\n', 'Δ'),
    fc.constantFrom(...EXTENSION_CHARACTERS),
    fc.constantFrom('ç', 'Ж', '中', 'ß'),
    fc.constantFrom('😀', '👋', '𝄞', '🇬🇧'),
  );
  const textArb = fc.array(characterArb, { maxLength: 400 }).map((chars) => chars.join(''));

  it('splits into segments that rebuild the text, never cut a pair or an escape, and sum correctly', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const segmentation = segmentSms(text);
        const parts = splitSmsSegments(text);
        expect(parts.join('')).toBe(text);
        expect(parts).toHaveLength(segmentation.segments);
        const unitsOf = (part: string) =>
          segmentation.encoding === 'ucs2'
            ? part.length
            : Array.from(part).reduce((sum, char) => sum + (EXTENSION_CHARACTERS.includes(char) ? 2 : 1), 0);
        const capacity = SEGMENT_CAPACITY[segmentation.encoding];
        const perSegment = parts.length > 1 ? capacity.concatenated : capacity.single;
        for (const part of parts) {
          expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(part)).toBe(false);
          expect(unitsOf(part)).toBeLessThanOrEqual(perSegment);
        }
        expect(parts.reduce((sum, part) => sum + unitsOf(part), 0)).toBe(segmentation.unitsUsed);
        expect(segmentation.unitsRemainingInSegment).toBe(perSegment - unitsOf(parts.at(-1) ?? ''));
      }),
    );
  });
});
