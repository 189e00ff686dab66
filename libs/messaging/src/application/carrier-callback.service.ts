import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import {
  advanceStatus,
  estimateCost,
  isTerminal,
  type MessageStatus,
  PriceNotFoundError,
  segmentSms,
} from '../domain';
import { CarrierCallbackRepository } from '../infrastructure/carrier-callback.repository';
import { ConversationRepository } from '../infrastructure/conversation.repository';
import { MessageRepository } from '../infrastructure/message.repository';
import { messageResource } from './message-resource';
import { OptOutService } from './opt-out.service';
import { CampaignExitService } from './campaign-exit.service';

/** A carrier's report on an outbound message, in our terms. */
export interface CarrierStatusReport {
  readonly eventId: string;
  readonly carrierMessageId: string;
  /** Our reference (the message id) when the carrier echoes it. */
  readonly reference?: string;
  readonly status: Extract<MessageStatus, 'sent' | 'delivered' | 'undelivered' | 'failed'>;
  readonly errorCode?: string;
}

/** A message the carrier received for one of our numbers. */
export interface CarrierInboundMessage {
  readonly eventId: string;
  readonly carrierMessageId: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
}

const eventOfStatus = {
  sent: 'message.sent',
  delivered: 'message.delivered',
  undelivered: 'message.undelivered',
  failed: 'message.failed',
} as const;

/**
 * Applies the verified carrier callbacks the api stored, in the worker. Each is recorded under the carrier's event
 * id in the same transaction as its effect, so a replayed job or a redelivered callback changes nothing; statuses
 * only move forward (`advanceStatus`), so a late `sent` after `delivered` is ignored.
 */
@Injectable()
export class CarrierCallbackService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CarrierCallbackRepository) private readonly callbacks: CarrierCallbackRepository,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(ConversationRepository) private readonly conversations: ConversationRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(OptOutService) private readonly optOuts: OptOutService,
    @Inject(CampaignExitService) private readonly campaignExits: CampaignExitService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Applies one stored callback, unless it was applied before. */
  async process(callbackId: string): Promise<void> {
    const callback = await this.callbacks.find(callbackId);
    if (!callback || callback.processedAt) return;
    const { carrier, eventId, body } = callback;
    if (body.kind === 'status') {
      const { kind: _kind, ...report } = body;
      await this.applyStatus(carrier, { eventId, ...report });
    } else {
      const { kind: _kind, ...inbound } = body;
      await this.receive(carrier, { eventId, ...inbound });
    }
    await this.callbacks.markProcessed(callback.id, this.clock.now());
  }

  private async applyStatus(carrier: string, report: CarrierStatusReport): Promise<void> {
    await this.database.transaction(async () => {
      if (!(await this.messages.recordCarrierEvent(carrier, report.eventId, this.clock.now()))) return;
      const located = await this.messages.locateOutbound(report);
      if (!located) return;
      const message = await this.messages.find(located.accountId, located.id);
      if (!message || isTerminal(message.status)) return;
      const next = advanceStatus(message.status, report.status);
      if (next === message.status) return;
      const applied = await this.messages.applyCarrierStatus(located.accountId, located.id, message.status, {
        status: next,
        carrierMessageId: report.carrierMessageId,
        ...(report.errorCode !== undefined && { errorCode: report.errorCode }),
        ...(message.sentAt === null && { sentAt: this.clock.now() }),
      });
      if (!applied) return;
      const updated = await this.messages.find(located.accountId, located.id);
      if (updated)
        await this.events.publish(located.accountId, eventOfStatus[report.status], messageResource(updated));
    });
  }

  private async receive(carrier: string, inbound: CarrierInboundMessage): Promise<void> {
    const received = await this.database.transaction(async () => {
      if (!(await this.messages.recordCarrierEvent(carrier, inbound.eventId, this.clock.now()))) return null;
      const number = await this.messages.findReceivingNumber(inbound.to);
      if (!number) return null;
      const segmentation = segmentSms(inbound.text);
      const cost = this.inboundCost(number, segmentation.segments);
      const now = this.clock.now();
      const message = await this.messages.insert({
        id: newId('message', now.getTime()),
        accountId: number.accountId,
        numberId: number.id,
        conversationId: await this.conversations.touch(number.accountId, number.id, inbound.from, now, true),
        direction: 'inbound',
        from: inbound.from,
        to: number.phoneNumber,
        text: inbound.text,
        status: 'received',
        encoding: segmentation.encoding,
        segments: segmentation.segments,
        costAmount: cost.amount,
        currency: cost.currency,
        sendAt: null,
        createdAt: now,
      });
      await this.events.publish(number.accountId, 'message.received', messageResource(message));
      return { message, number };
    });
    if (!received) return;
    await this.optOuts.handleInbound(received.message, received.number);
    await this.campaignExits.handleInbound(received.message);
  }

  /** Receiving on a route without a price costs nothing: the message is there whether we bill it or not. */
  private inboundCost(number: { country: string; type: 'local' | 'toll_free' | 'mobile' }, segments: number) {
    try {
      return estimateCost({
        country: number.country,
        numberType: number.type,
        channel: 'sms',
        direction: 'inbound',
        segments,
      }).total;
    } catch (error) {
      if (error instanceof PriceNotFoundError) return { amount: 0, currency: 'USD' };
      throw error;
    }
  }
}
