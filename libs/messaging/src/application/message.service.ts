import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { DomainError, NotFoundError, ValidationError } from '@switchyard/errors';
import { EventPublisher } from '@switchyard/events';
import { allPages, type Page, type PageRequest } from '@switchyard/http';
import { describePhoneNumber, NumberAccess } from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import { assertSegmentLimit, estimateCost, InvalidStatusTransitionError, validateSendAt } from '../domain';
import { ConversationRepository } from '../infrastructure/conversation.repository';
import {
  type MessageFilter,
  type MessageRecord,
  MessageRepository,
  type SenderNumber,
} from '../infrastructure/message.repository';
import { OptOutRepository } from '../infrastructure/opt-out.repository';
import { DispatchJobs } from './dispatch-jobs';
import { asDomainError } from './messaging-errors';
import { usableNumberIds } from './usable-numbers';
import { messageResource } from './message-resource';

export interface SendMessageCommand {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly sendAt?: Date;
}

/** Sending, reading and canceling messages; the carrier submission itself is the dispatch job's. */
@Injectable()
export class MessageService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(ConversationRepository) private readonly conversations: ConversationRepository,
    @Inject(OptOutRepository) private readonly optOuts: OptOutRepository,
    @Inject(NumberAccess) private readonly access: NumberAccess,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(DispatchJobs) private readonly dispatchJobs: DispatchJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async send(principal: Principal, command: SendMessageCommand): Promise<MessageRecord> {
    const { accountId } = principal;
    const to = describePhoneNumber(command.to);
    if (!to.valid || to.e164 !== command.to) {
      throw new ValidationError([
        { field: 'to', code: 'invalid_phone_number', message: 'to must be a valid E.164 number.' },
      ]);
    }
    const sender = await this.messages.findSender(
      accountId,
      command.from,
      await usableNumberIds(this.access, principal),
    );
    if (!sender) {
      throw new DomainError(
        'unprocessable',
        'sender_not_allowed',
        `${command.from} is not a number you may send from.`,
      );
    }
    if (await this.optOuts.isOptedOut(accountId, command.to)) {
      throw new DomainError(
        'unprocessable',
        'recipient_opted_out',
        `${command.to} opted out of your messages.`,
      );
    }
    const sendAt = command.sendAt && this.domain(() => validateSendAt(command.sendAt!, this.clock), 'sendAt');
    return this.queue(accountId, sender, command.to, command.text, sendAt);
  }

  /**
   * Stores an outbound message with its `message.queued` event in one transaction, then arms its dispatch job.
   * Compliance replies (to STOP, HELP) come here directly: they go out even to a recipient who just opted out.
   */
  async queue(
    accountId: string,
    sender: SenderNumber,
    to: string,
    text: string,
    sendAt?: Date,
  ): Promise<MessageRecord> {
    if (!sender.capabilities.includes('sms')) {
      throw new DomainError('unprocessable', 'sender_without_sms', `${sender.phoneNumber} cannot send SMS.`);
    }
    const segmentation = this.domain(() => assertSegmentLimit(text), 'text');
    const cost = this.domain(
      () =>
        estimateCost({
          country: sender.country,
          numberType: sender.type,
          channel: 'sms',
          segments: segmentation.segments,
        }),
      'from',
    );
    const now = this.clock.now();
    const message = await this.database.transaction(async () => {
      const created = await this.messages.insert({
        id: newId('message', now.getTime()),
        accountId,
        numberId: sender.id,
        conversationId: await this.conversations.touch(accountId, sender.id, to, now, false),
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
        createdAt: now,
      });
      await this.events.publish(accountId, 'message.queued', messageResource(created));
      return created;
    });
    await this.dispatchJobs.arm(accountId, message.id, message.sendAt);
    return message;
  }

  async get(principal: Principal, id: string): Promise<MessageRecord> {
    const message = await this.messages.find(
      principal.accountId,
      id,
      await usableNumberIds(this.access, principal),
    );
    if (!message) throw new NotFoundError('message', id);
    return message;
  }

  async list(principal: Principal, page: PageRequest, filter: MessageFilter): Promise<Page<MessageRecord>> {
    const numberIds = await usableNumberIds(this.access, principal);
    return this.messages.list(principal.accountId, page, { ...filter, ...(numberIds && { numberIds }) });
  }

  async *exportAll(principal: Principal, filter: MessageFilter): AsyncGenerator<MessageRecord> {
    yield* allPages((page) => this.list(principal, page, filter));
  }

  /** Cancels a message nobody has handed to the carrier yet; the conditional update loses cleanly to a dispatcher. */
  async cancel(principal: Principal, id: string): Promise<MessageRecord> {
    return this.database.transaction(async () => {
      const message = await this.get(principal, id);
      if (!(await this.messages.transition(principal.accountId, id, ['scheduled', 'queued'], 'canceled'))) {
        const current = await this.get(principal, id);
        throw asDomainError(new InvalidStatusTransitionError(current.status, 'canceled'));
      }
      const canceled = await this.get(principal, message.id);
      await this.events.publish(principal.accountId, 'message.canceled', messageResource(canceled));
      return canceled;
    });
  }

  /** Moves a scheduled message to another time; the conditional update loses cleanly to a dispatcher. */
  async reschedule(principal: Principal, id: string, sendAt: Date): Promise<MessageRecord> {
    const due = this.domain(() => validateSendAt(sendAt, this.clock), 'sendAt');
    await this.get(principal, id);
    if (!(await this.messages.reschedule(principal.accountId, id, due))) {
      const current = await this.get(principal, id);
      throw new DomainError(
        'conflict',
        'message_not_scheduled',
        `Only a scheduled message can be rescheduled; this one is ${current.status}.`,
        { details: { currentStatus: current.status } },
      );
    }
    await this.dispatchJobs.arm(principal.accountId, id, due);
    return this.get(principal, id);
  }

  private domain<T>(work: () => T, field?: string): T {
    try {
      return work();
    } catch (error) {
      throw asDomainError(error, field);
    }
  }
}
