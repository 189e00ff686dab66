import { newId } from '@switchyard/contracts';
import { DomainError } from '@switchyard/errors';
import { describe, expect, it } from 'vitest';
import { conversationCursor, conversationPageRequest } from './conversation-cursor';

describe('conversation cursors', () => {
  const position = { lastMessageAt: new Date('2030-03-01T12:00:03.000Z'), id: newId('conversation', 1_000) };

  it('continue after or before the position they were made from', () => {
    const cursor = conversationCursor(position);
    expect(conversationPageRequest({ limit: 10, startingAfter: cursor })).toEqual({
      limit: 10,
      after: position,
    });
    expect(conversationPageRequest({ limit: 5, endingBefore: cursor })).toEqual({
      limit: 5,
      before: position,
    });
    expect(conversationPageRequest({ limit: 25 })).toEqual({ limit: 25 });
  });

  it('refuse a bare id or another kind of id, naming the field', () => {
    const refused = (cursor: string) => {
      try {
        conversationPageRequest({ limit: 10, startingAfter: cursor });
      } catch (error) {
        return error as DomainError;
      }
      throw new Error('accepted');
    };
    expect(refused(position.id).fieldErrors).toEqual([
      expect.objectContaining({ field: 'startingAfter', code: 'invalid_cursor' }),
    ]);
    expect(refused(`1893499200000.${newId('message', 1_000)}`).code).toBe('validation_failed');
  });
});
