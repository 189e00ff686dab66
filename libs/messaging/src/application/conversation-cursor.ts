import { isIdOf } from '@switchyard/contracts';
import { ValidationError } from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import {
  type ConversationPageRequest,
  type ConversationPosition,
} from '../infrastructure/conversation.repository';

// `<lastMessageAt in epoch ms>.<conversation id>`: conversations are listed by last activity, so the id alone
// cannot say where a page ends.
const CURSOR = /^(\d{1,15})\.(.+)$/;

/** The cursor that continues a conversation list after (or before) this conversation. */
export function conversationCursor(conversation: ConversationPosition): string {
  return `${conversation.lastMessageAt.getTime()}.${conversation.id}`;
}

/** Reads `startingAfter`/`endingBefore` of a conversation list; a malformed cursor is a 400 on its field. */
export function conversationPageRequest(page: PageRequest): ConversationPageRequest {
  const position = (field: 'startingAfter' | 'endingBefore', cursor: string): ConversationPosition => {
    const match = CURSOR.exec(cursor);
    if (!match || !isIdOf('conversation', match[2]!)) {
      throw new ValidationError([
        { field, code: 'invalid_cursor', message: `${field} must be a nextCursor of a conversation list.` },
      ]);
    }
    return { lastMessageAt: new Date(Number(match[1])), id: match[2]! };
  };
  return {
    limit: page.limit,
    ...(page.startingAfter !== undefined && { after: position('startingAfter', page.startingAfter) }),
    ...(page.endingBefore !== undefined && { before: position('endingBefore', page.endingBefore) }),
  };
}
