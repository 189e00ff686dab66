import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { exitReason } from '../domain';
import { CampaignRepository } from '../infrastructure/campaign.repository';
import { type MessageRecord, MessageRepository } from '../infrastructure/message.repository';
import { messageResource } from './message-resource';

const CANCEL_CODES = { replied: 'recipient_replied', opted_out: 'recipient_opted_out' } as const;

/**
 * Takes recipients out of campaigns when they answer: an opt-out always ends their enrollments, any other reply
 * does where the campaign says `stopOnReply`; HELP does not. Their campaign messages not yet handed to the
 * carrier are canceled at once.
 */
@Injectable()
export class CampaignExitService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CampaignRepository) private readonly campaigns: CampaignRepository,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Call once per inbound message, after it is stored. */
  async handleInbound(inbound: MessageRecord): Promise<void> {
    const { accountId } = inbound;
    for (const enrollment of await this.campaigns.activeEnrollmentsOf(accountId, inbound.from)) {
      const reason = exitReason({ leaveOnReply: enrollment.stopOnReply }, inbound.text);
      if (reason === null) continue;
      await this.database.transaction(async () => {
        const exited = await this.campaigns.exitEnrollment(
          accountId,
          enrollment.campaignId,
          enrollment.contactId,
          {
            status: reason,
            exitStep: enrollment.lastSentStep,
            at: this.clock.now(),
          },
        );
        if (!exited) return;
        const canceled = await this.campaigns.cancelPending(
          accountId,
          enrollment.campaignId,
          CANCEL_CODES[reason],
          enrollment.contactId,
        );
        for (const id of canceled) {
          const message = await this.messages.find(accountId, id);
          if (message) await this.events.publish(accountId, 'message.canceled', messageResource(message));
        }
      });
    }
  }
}
