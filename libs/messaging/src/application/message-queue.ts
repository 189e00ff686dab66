import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { assertSegmentLimit, estimateCost, nextAllowedInstant } from '../domain';
import { ConversationRepository } from '../infrastructure/conversation.repository';
import {
  type MessageRecord,
  MessageRepository,
  type NewMessage,
  type SenderNumber,
} from '../infrastructure/message.repository';
import { DispatchJobs } from './dispatch-jobs';
import { assertSenderCan } from './senders';
import { inField } from './messaging-errors';
import { messageResource } from './message-resource';
import { sendWindowColumns, type ZonedSendWindow } from './send-window';

export type MediaColumns = Pick<
  NewMessage,
  'mediaIds' | 'mediaContentTypes' | 'mediaSizeBytes' | 'mediaUrls'
>;

export interface QueueOptions {
  readonly sendWindow?: ZonedSendWindow;
  /** Makes the message an MMS: the media columns of the message with the given id. */
  readonly media?: { readonly columns: (messageId: string) => MediaColumns };
}

export interface QueueSeriesOptions extends QueueOptions {
  readonly recurringMessageId: string;
  /** Runs in the transaction that stores the messages, before them: where the series row is written. */
  readonly alongside: () => Promise<void>;
}

/**
 * Outbound messages from a sender already checked: stored with their events, then armed for dispatch. It acts for
 * no principal, so the worker's compliance replies use it as the API's sends do.
 */
@Injectable()
export class MessageQueue {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(ConversationRepository) private readonly conversations: ConversationRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(DispatchJobs) private readonly dispatchJobs: DispatchJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Stores an outbound message with its `message.queued` event in one transaction, then arms its dispatch job.
   * Compliance replies (to STOP, HELP) come here directly: they go out even to a recipient who just opted out.
   * With a send window, the message is due at the window's next opening when the requested time (or now) falls
   * outside it.
   */
  async queue(
    accountId: string,
    sender: SenderNumber,
    to: string,
    text: string,
    requestedSendAt?: Date,
    options: QueueOptions = {},
  ): Promise<MessageRecord> {
    const [message] = await this.queueAll(accountId, sender, to, text, [requestedSendAt], options);
    return message!;
  }

  /**
   * The occurrences of a recurring message: one stored message per time, all in one transaction together with
   * whatever `alongside` writes, then armed once that committed.
   */
  async queueSeries(
    accountId: string,
    sender: SenderNumber,
    to: string,
    text: string,
    sendAts: readonly Date[],
    options: QueueSeriesOptions,
  ): Promise<MessageRecord[]> {
    return this.queueAll(accountId, sender, to, text, sendAts, options);
  }

  private async queueAll(
    accountId: string,
    sender: SenderNumber,
    to: string,
    text: string,
    requestedSendAts: readonly (Date | undefined)[],
    { sendWindow, media, ...series }: QueueOptions & Partial<QueueSeriesOptions>,
  ): Promise<MessageRecord[]> {
    const channel = media ? 'mms' : 'sms';
    assertSenderCan(sender, channel);
    const segmentation = inField(() => assertSegmentLimit(text), 'text');
    const cost = inField(
      () =>
        estimateCost({
          country: sender.country,
          numberType: sender.type,
          channel,
          segments: segmentation.segments,
        }),
      'from',
    );
    const now = this.clock.now();
    const messages = await this.database.transaction(async () => {
      await series.alongside?.();
      const conversationId = await this.conversations.touch(accountId, sender.id, to, now, false);
      const created: MessageRecord[] = [];
      for (const requestedSendAt of requestedSendAts) {
        const id = newId('message', now.getTime());
        const sendAt = sendWindow ? this.dueWithin(sendWindow, requestedSendAt, now) : requestedSendAt;
        const message = await this.messages.insert({
          id,
          accountId,
          numberId: sender.id,
          conversationId,
          direction: 'outbound',
          from: sender.phoneNumber,
          to,
          text,
          status: sendAt ? 'scheduled' : 'queued',
          encoding: segmentation.encoding,
          segments: segmentation.segments,
          costAmount: cost.total.amount,
          currency: cost.total.currency,
          sendAt: sendAt ?? null,
          ...sendWindowColumns(sendWindow),
          ...(media && media.columns(id)),
          recurringMessageId: series.recurringMessageId ?? null,
          createdAt: now,
        });
        await this.events.publish(accountId, 'message.queued', messageResource(message));
        created.push(message);
      }
      return created;
    });
    await this.dispatchJobs.armNew(messages);
    return messages;
  }

  /** `sendAt` (or now) moved to the window's next opening; undefined when it may go at once. */
  private dueWithin(window: ZonedSendWindow, sendAt: Date | undefined, now: Date): Date | undefined {
    const opening = nextAllowedInstant(sendAt ?? now, window, window.timeZone);
    return sendAt === undefined && opening.getTime() === now.getTime() ? undefined : opening;
  }
}
