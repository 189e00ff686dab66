import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { classifyKeyword, keywordReply } from '../domain';
import {
  type MessageRecord,
  MessageRepository,
  type SenderNumber,
} from '../infrastructure/message.repository';
import { OptOutRepository } from '../infrastructure/opt-out.repository';
import { messageResource } from './message-resource';
import { MessageQueue } from './message-queue';
import { MessagingSettingsService } from './messaging-settings.service';

/**
 * Honours the compliance keywords of inbound messages: STOP and its synonyms opt the sender out of the account's
 * messages and cancel what is still pending for them, START/UNSTOP/YES opt them back in, HELP/INFO get the help
 * text of the account's messaging settings. Every keyword is confirmed with a reply through the normal send path.
 */
@Injectable()
export class OptOutService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(OptOutRepository) private readonly optOuts: OptOutRepository,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(MessageQueue) private readonly sending: MessageQueue,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(MessagingSettingsService) private readonly settings: MessagingSettingsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handleInbound(inbound: MessageRecord, number: SenderNumber): Promise<void> {
    const action = classifyKeyword(inbound.text);
    if (action === null) return;
    const { accountId, from: contact } = inbound;
    if (action !== 'help') {
      const changed = await this.database.transaction(async () => {
        const now = this.clock.now();
        const applied = await this.optOuts.change({
          id: newId('optOutChange', now.getTime()),
          accountId,
          phoneNumber: contact,
          action: action === 'opt_out' ? 'opted_out' : 'opted_in',
          keyword: inbound.text.trim(),
          at: now,
        });
        if (!applied) return false;
        const contactData = { object: 'contact', phoneNumber: contact, numberId: number.id };
        if (action === 'opt_in') {
          await this.events.publish(accountId, 'contact.opted_in', contactData);
          return true;
        }
        await this.events.publish(accountId, 'contact.opted_out', contactData);
        for (const canceled of await this.messages.cancelPendingTo(accountId, contact)) {
          await this.events.publish(accountId, 'message.canceled', messageResource(canceled));
        }
        return true;
      });
      // "Yes" in an ordinary conversation is no request to subscribe again; a STOP is confirmed every time.
      if (action === 'opt_in' && !changed) return;
    }
    const reply = keywordReply(action, await this.settings.replySettings(accountId));
    await this.sending.queue(accountId, number, contact, reply);
  }
}
