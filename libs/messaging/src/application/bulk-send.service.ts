import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { DomainError, type FieldError, ValidationError } from '@switchyard/errors';
import { EventPublisher } from '@switchyard/events';
import { describePhoneNumber, NumberAccess } from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import { assertSegmentLimit, estimateCost, MessagingDomainError, validateSendAt } from '../domain';
import { BulkMessageRepository } from '../infrastructure/bulk-message.repository';
import {
  type MessageRecord,
  MessageRepository,
  type NewMessage,
  type SenderNumber,
} from '../infrastructure/message.repository';
import { messageResource } from './message-resource';
import { inField } from './messaging-errors';
import { usableNumberIds } from './usable-numbers';
import { DispatchJobs } from './dispatch-jobs';
import { assertSenderCan, requireSender } from './senders';

/** Most messages one bulk request may carry. */
export const MAX_BULK_MESSAGES = 1_000;

export interface BulkMessageCommand {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly sendAt?: Date;
}

/**
 * Sends up to MAX_BULK_MESSAGES SMS in one request, all or none, under the same rules as one send: valid
 * recipients, senders the caller may use with SMS, no opted-out recipient, the segment limit and the scheduling
 * window. Each step is one statement for the whole batch (conversations, messages, their `message.queued`
 * events), then every dispatch job is added in one round trip to Redis.
 */
@Injectable()
export class BulkSendService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(BulkMessageRepository) private readonly bulk: BulkMessageRepository,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(NumberAccess) private readonly access: NumberAccess,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(DispatchJobs) private readonly dispatchJobs: DispatchJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async sendMany(principal: Principal, commands: readonly BulkMessageCommand[]): Promise<MessageRecord[]> {
    const { accountId } = principal;
    const now = this.clock.now();
    const fieldErrors: FieldError[] = [];
    const fieldError = (index: number, field: string, error: { code: string; message: string }) =>
      fieldErrors.push({ field: `messages.${index}.${field}`, code: error.code, message: error.message });
    const checked = commands.map((command, index) => {
      const to = describePhoneNumber(command.to);
      if (!to.valid || to.e164 !== command.to) {
        fieldError(index, 'to', {
          code: 'invalid_phone_number',
          message: 'to must be a valid E.164 number.',
        });
      }
      const segmentation = this.domain(() => assertSegmentLimit(command.text), index, 'text', fieldError);
      if (command.sendAt)
        this.domain(() => validateSendAt(command.sendAt!, this.clock), index, 'sendAt', fieldError);
      return segmentation;
    });
    if (fieldErrors.length > 0) throw new ValidationError(fieldErrors);

    const senders = await this.senders(principal, commands);
    const optedOut = await this.bulk.optedOutAmong(accountId, [
      ...new Set(commands.map((command) => command.to)),
    ]);
    if (optedOut.size > 0) {
      throw new DomainError(
        'unprocessable',
        'recipient_opted_out',
        `${[...optedOut].join(', ')} opted out of your messages; nothing was sent.`,
        { details: { recipients: [...optedOut] } },
      );
    }

    const costs = commands.map((command, index) => {
      const sender = senders.get(command.from)!;
      return inField(
        () =>
          estimateCost({
            country: sender.country,
            numberType: sender.type,
            channel: 'sms',
            segments: checked[index]!.segments,
          }).total,
        `messages.${index}.from`,
      );
    });

    const created = await this.database.transaction(async () => {
      const pairs = new Map(
        commands.map((command) => {
          const numberId = senders.get(command.from)!.id;
          return [`${numberId} ${command.to}`, { numberId, remoteNumber: command.to }];
        }),
      );
      // In key order, so concurrent batches lock shared conversations in the same order and never deadlock.
      const ordered = [...pairs].sort(([left], [right]) => (left < right ? -1 : 1)).map(([, pair]) => pair);
      const conversations = await this.bulk.touchConversations(accountId, ordered, now);
      const rows: NewMessage[] = commands.map((command, index) => {
        const sender = senders.get(command.from)!;
        const segmentation = checked[index]!;
        const cost = costs[index]!;
        return {
          id: newId('message', now.getTime()),
          accountId,
          numberId: sender.id,
          conversationId: conversations.get(`${sender.id} ${command.to}`)!,
          direction: 'outbound',
          from: sender.phoneNumber,
          to: command.to,
          text: command.text,
          status: command.sendAt ? 'scheduled' : 'queued',
          encoding: segmentation.encoding,
          segments: segmentation.segments,
          costAmount: cost.amount,
          currency: cost.currency,
          sendAt: command.sendAt ?? null,
          createdAt: now,
        };
      });
      const inserted = await this.bulk.insertMany(rows);
      await this.events.publishMany(
        inserted.map((message) => ({ accountId, type: 'message.queued', data: messageResource(message) })),
      );
      return inserted;
    });
    await this.dispatchJobs.armNew(created);
    return created;
  }

  /** Each distinct sender, checked once: a number the caller may use, able to send SMS. */
  private async senders(
    principal: Principal,
    commands: readonly BulkMessageCommand[],
  ): Promise<ReadonlyMap<string, SenderNumber>> {
    const usable = await usableNumberIds(this.access, principal);
    const senders = new Map<string, SenderNumber>();
    for (const from of new Set(commands.map((command) => command.from))) {
      const sender = await requireSender(this.messages, principal.accountId, from, usable);
      assertSenderCan(sender, 'sms');
      senders.set(from, sender);
    }
    return senders;
  }

  private domain<T>(
    work: () => T,
    index: number,
    field: string,
    report: (index: number, field: string, error: MessagingDomainError) => void,
  ): T | undefined {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof MessagingDomainError)) throw error;
      report(index, field, error);
      return undefined;
    }
  }
}
