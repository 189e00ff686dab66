import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { DomainError, NotFoundError, ValidationError } from '@switchyard/errors';
import { EventPublisher } from '@switchyard/events';
import { allPages, type Page, type PageRequest } from '@switchyard/http';
import { describePhoneNumber, NumberAccess } from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import {
  InvalidStatusTransitionError,
  nextAllowedInstant,
  recipientTimeZone,
  validateSendAt,
  validateSendWindow,
} from '../domain';
import { ConversationRepository } from '../infrastructure/conversation.repository';
import {
  type MessageFilter,
  type MessageRecord,
  MessageRepository,
  type SenderNumber,
} from '../infrastructure/message.repository';
import { OptOutRepository } from '../infrastructure/opt-out.repository';
import { DispatchJobs } from './dispatch-jobs';
import { requireSender } from './senders';
import { asDomainError, inField } from './messaging-errors';
import { MessageQueue } from './message-queue';
import { MessageMediaService } from './message-media.service';
import { usableNumberIds } from './usable-numbers';
import { messageResource } from './message-resource';
import { sendWindowOf, type ZonedSendWindow } from './send-window';

/** Local hours ('HH:MM') a message may reach its recipient in; the zone is guessed from the number when absent. */
export interface SendWindowRequest {
  readonly start: string;
  readonly end: string;
  readonly timeZone?: string;
}

export interface SendMessageCommand {
  readonly from: string;
  readonly to: string;
  /** At least one of text and mediaIds. */
  readonly text?: string;
  /** Media uploaded with POST /v1/media; the message becomes an MMS. */
  readonly mediaIds?: readonly string[];
  /** Media to fetch now from these URLs instead; not together with mediaIds. */
  readonly mediaUrls?: readonly string[];
  readonly sendAt?: Date;
  readonly sendWindow?: SendWindowRequest;
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
    @Inject(MessageQueue) private readonly outbound: MessageQueue,
    @Inject(MessageMediaService) private readonly media: MessageMediaService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async send(principal: Principal, command: SendMessageCommand): Promise<MessageRecord> {
    const { accountId } = principal;
    if (!command.text && !command.mediaIds?.length && !command.mediaUrls?.length) {
      throw new ValidationError([
        { field: 'text', code: 'text_or_media_required', message: 'A message needs text, media or both.' },
      ]);
    }
    if (command.mediaIds?.length && command.mediaUrls?.length) {
      throw new ValidationError([
        {
          field: 'mediaUrls',
          code: 'media_ids_and_urls',
          message: 'Give media by mediaIds or by mediaUrls, not both.',
        },
      ]);
    }
    const sender = await this.senderTo(principal, command.from, command.to);
    const sendAt = command.sendAt && inField(() => validateSendAt(command.sendAt!, this.clock), 'sendAt');
    const sendWindow =
      command.sendWindow && (await this.zonedSendWindow(accountId, command.to, command.sendWindow));
    const media = command.mediaIds?.length
      ? await this.media.forMessage(accountId, command.mediaIds)
      : command.mediaUrls?.length
        ? await this.media.fetchForMessage(accountId, command.mediaUrls)
        : undefined;
    return this.outbound.queue(accountId, sender, command.to, command.text ?? '', sendAt, {
      ...(sendWindow && { sendWindow }),
      ...(media && { media: { columns: (id: string) => this.media.messageColumns(media, id) } }),
    });
  }

  /** The window in the recipient's zone: the one given, else guessed from the number, else the account's. */
  async zonedSendWindow(accountId: string, to: string, request: SendWindowRequest): Promise<ZonedSendWindow> {
    const window = { startLocal: request.start, endLocal: request.end };
    inField(() => validateSendWindow(window), 'sendWindow');
    return {
      ...window,
      timeZone: await this.recipientZone(accountId, to, request.timeZone, 'sendWindow.timeZone'),
    };
  }

  /** The recipient's zone: the one given, else guessed from the number, else the account's. */
  async recipientZone(
    accountId: string,
    to: string,
    known: string | undefined,
    field: string,
  ): Promise<string> {
    const zone = inField(() => recipientTimeZone(to, known), field);
    return zone?.timeZone ?? (await this.messages.accountTimeZone(accountId));
  }

  /**
   * The number the caller sends from, after the checks every send makes: `to` is E.164, `from` is a number the
   * caller may use, and the recipient has not opted out.
   */
  async senderTo(principal: Principal, from: string, to: string): Promise<SenderNumber> {
    const recipient = describePhoneNumber(to);
    if (!recipient.valid || recipient.e164 !== to) {
      throw new ValidationError([
        { field: 'to', code: 'invalid_phone_number', message: 'to must be a valid E.164 number.' },
      ]);
    }
    const sender = await requireSender(
      this.messages,
      principal.accountId,
      from,
      await usableNumberIds(this.access, principal),
    );
    if (await this.optOuts.isOptedOut(principal.accountId, to)) {
      throw new DomainError('unprocessable', 'recipient_opted_out', `${to} opted out of your messages.`);
    }
    return sender;
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
    const requested = inField(() => validateSendAt(sendAt, this.clock), 'sendAt');
    const window = sendWindowOf(await this.get(principal, id));
    const due = window ? nextAllowedInstant(requested, window, window.timeZone) : requested;
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
}
