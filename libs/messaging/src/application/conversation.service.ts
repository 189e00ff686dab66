import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { NotFoundError } from '@switchyard/errors';
import { type Page, type PageRequest } from '@switchyard/http';
import { NumberAccess } from '@switchyard/numbers';
import { conversationPageRequest } from './conversation-cursor';
import { usableNumberIds } from './usable-numbers';
import { type ConversationRecord, ConversationRepository } from '../infrastructure/conversation.repository';
import { type MessageRecord, MessageRepository } from '../infrastructure/message.repository';

/** Conversations: every message between one of the account's numbers and one remote number. */
@Injectable()
export class ConversationService {
  constructor(
    @Inject(ConversationRepository) private readonly conversations: ConversationRepository,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(NumberAccess) private readonly access: NumberAccess,
  ) {}

  /** Newest activity first; the cursors are those of {@link conversationCursor}. */
  async list(principal: Principal, page: PageRequest): Promise<Page<ConversationRecord>> {
    return this.conversations.list(
      principal.accountId,
      conversationPageRequest(page),
      await usableNumberIds(this.access, principal),
    );
  }

  async get(principal: Principal, id: string): Promise<ConversationRecord> {
    const conversation = await this.conversations.find(
      principal.accountId,
      id,
      await usableNumberIds(this.access, principal),
    );
    if (!conversation) throw new NotFoundError('conversation', id);
    return conversation;
  }

  async messagesOf(principal: Principal, id: string, page: PageRequest): Promise<Page<MessageRecord>> {
    await this.get(principal, id);
    return this.messages.list(principal.accountId, page, { conversationId: id });
  }

  async markRead(principal: Principal, id: string): Promise<ConversationRecord> {
    await this.get(principal, id);
    await this.conversations.update(principal.accountId, id, { unreadCount: 0 });
    return this.get(principal, id);
  }

  async setMuted(principal: Principal, id: string, muted: boolean): Promise<ConversationRecord> {
    await this.get(principal, id);
    await this.conversations.update(principal.accountId, id, { muted });
    return this.get(principal, id);
  }
}
