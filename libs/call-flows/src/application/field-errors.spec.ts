import { describe, expect, it } from 'vitest';
import { fieldOfPointer, parseInstantField } from './field-errors';

describe('fieldOfPointer', () => {
  it('dots the segments of a pointer, unescaping them, under an optional prefix', () => {
    expect(fieldOfPointer('/weekly/0/start')).toBe('weekly.0.start');
    expect(fieldOfPointer('/nodes/2/exits/digit:1', 'draft')).toBe('draft.nodes.2.exits.digit:1');
    expect(fieldOfPointer('/options/a~1b~0c')).toBe('options.a/b~c');
    expect(fieldOfPointer('', 'draft')).toBe('draft');
  });
});

describe('parseInstantField', () => {
  it('reads an instant with an offset and rejects one without, naming the field', () => {
    expect(parseInstantField('at', '2026-01-05T10:00:00-05:00')).toEqual(new Date('2026-01-05T15:00:00Z'));
    expect(() => parseInstantField('at', '2026-01-05T10:00:00')).toThrow(
      expect.objectContaining({
        fieldErrors: [expect.objectContaining({ field: 'at', code: 'invalid_instant' })],
      }),
    );
  });
});
