import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { DomainError, NotFoundError, ValidationError } from '@switchyard/errors';
import { EventPublisher } from '@switchyard/events';
import { type Page, type PageRequest } from '@switchyard/http';
import { NumberAccess } from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import { DateTime } from 'luxon';
import { type MessageStatus, nextOccurrences, parseRecurrenceRule, schedulingWindow } from '../domain';
import { MessageRepository } from '../infrastructure/message.repository';
import {
  type RecurringMessageRecord,
  RecurringMessageRepository,
} from '../infrastructure/recurring-message.repository';
import { messageResource } from './message-resource';
import { MessageQueue } from './message-queue';
import { MessageService } from './message.service';
import { inField } from './messaging-errors';
import { usableNumberIds } from './usable-numbers';

/**
 * Every occurrence is created at once, as an ordinary scheduled message: arming, re-arming after Redis loss,
 * opt-out cancellation, listing and cancellation then work as for any message, with no process that has to wake
 * up to create the next one in time. The price is a bound: a rule must end within the one year a message may be
 * scheduled ahead, with at most this many occurrences (a daily message for a year).
 */
export const MAX_RECURRING_OCCURRENCES = 366;

export interface CreateRecurringMessageCommand {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** An RFC 5545 RRULE with COUNT or UNTIL, with or without the `RRULE:` prefix. */
  readonly rrule: string;
  /** DTSTART: the first occurrence when it matches the rule, on a whole minute. */
  readonly startAt: Date;
  /** Whose clock the rule's times (and the send window) are read on; the recipient's when absent. */
  readonly timeZone?: string;
  readonly sendWindow?: { readonly start: string; readonly end: string };
}

export type RecurringMessageState = 'active' | 'completed' | 'canceled';

/** A recurring message with where its occurrences stand. */
export interface RecurringMessageView extends Omit<RecurringMessageRecord, 'status'> {
  readonly status: RecurringMessageState;
  readonly occurrences: {
    readonly total: number;
    /** Still to go out: scheduled, queued or being sent. */
    readonly pending: number;
    /** Accepted by the carrier (sent or delivered). */
    readonly sent: number;
    /** Failed or undelivered. */
    readonly failed: number;
    readonly canceled: number;
  };
  readonly nextSendAt: Date | null;
}

const pendingStatuses: readonly MessageStatus[] = ['scheduled', 'queued', 'sending'];

@Injectable()
export class RecurringMessageService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(RecurringMessageRepository) private readonly recurring: RecurringMessageRepository,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(MessageService) private readonly sending: MessageService,
    @Inject(MessageQueue) private readonly outbound: MessageQueue,
    @Inject(NumberAccess) private readonly access: NumberAccess,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(principal: Principal, command: CreateRecurringMessageCommand): Promise<RecurringMessageView> {
    const { accountId } = principal;
    const sender = await this.sending.senderTo(principal, command.from, command.to);
    if (command.startAt.getTime() % 60_000 !== 0) {
      throw new ValidationError([
        {
          field: 'startAt',
          code: 'start_at_not_whole_minute',
          message: 'startAt must fall on a whole minute.',
        },
      ]);
    }
    const timeZone = await this.sending.recipientZone(accountId, command.to, command.timeZone, 'timeZone');
    const rrule = command.rrule.replace(/^RRULE:/i, '');
    const rule = inField(
      () => parseRecurrenceRule(recurrenceText(rrule, command.startAt, timeZone)),
      'rrule',
    );
    const now = this.clock.now();
    const occurrences = nextOccurrences(rule, now, MAX_RECURRING_OCCURRENCES + 1);
    this.checkOccurrences(occurrences, now);
    const sendWindow =
      command.sendWindow &&
      (await this.sending.zonedSendWindow(accountId, command.to, { ...command.sendWindow, timeZone }));
    const id = newId('recurringMessage', now.getTime());
    await this.outbound.queueSeries(accountId, sender, command.to, command.text, occurrences, {
      recurringMessageId: id,
      ...(sendWindow && { sendWindow }),
      alongside: () =>
        this.recurring.insert({
          id,
          accountId,
          numberId: sender.id,
          from: sender.phoneNumber,
          to: command.to,
          text: command.text,
          rrule,
          startAt: command.startAt,
          timeZone,
          sendWindowStart: sendWindow?.startLocal ?? null,
          sendWindowEnd: sendWindow?.endLocal ?? null,
          status: 'active',
          createdAt: now,
        }),
    });
    return this.get(principal, id);
  }

  async get(principal: Principal, id: string): Promise<RecurringMessageView> {
    const recurring = await this.recurring.find(
      principal.accountId,
      id,
      await usableNumberIds(this.access, principal),
    );
    if (!recurring) throw new NotFoundError('recurring_message', id);
    const [view] = await this.views(principal.accountId, [recurring]);
    return view!;
  }

  async list(principal: Principal, page: PageRequest): Promise<Page<RecurringMessageView>> {
    const found = await this.recurring.list(
      principal.accountId,
      page,
      await usableNumberIds(this.access, principal),
    );
    return { ...found, items: await this.views(principal.accountId, found.items) };
  }

  /** Stops the series: its occurrences not yet handed to the carrier are canceled, each with its event. */
  async cancel(principal: Principal, id: string): Promise<RecurringMessageView> {
    await this.get(principal, id);
    await this.database.transaction(async () => {
      if (!(await this.recurring.cancel(principal.accountId, id, this.clock.now()))) {
        throw new DomainError(
          'conflict',
          'recurring_message_canceled',
          'The recurring message is already canceled.',
        );
      }
      for (const canceled of await this.messages.cancelPendingOfRecurring(principal.accountId, id)) {
        await this.events.publish(principal.accountId, 'message.canceled', messageResource(canceled));
      }
    });
    return this.get(principal, id);
  }

  private checkOccurrences(occurrences: readonly Date[], now: Date): void {
    const allowed = schedulingWindow(now);
    const first = occurrences[0];
    const last = occurrences.at(-1);
    if (first === undefined || last === undefined) {
      throw this.invalidRule('recurrence_without_occurrences', 'The rule has no occurrence after now.');
    }
    if (occurrences.length > MAX_RECURRING_OCCURRENCES || last > allowed.latest) {
      throw this.invalidRule(
        'recurrence_too_long',
        `A recurring message may have at most ${MAX_RECURRING_OCCURRENCES} occurrences, the last by ` +
          `${allowed.latest.toISOString()}.`,
        { maxOccurrences: MAX_RECURRING_OCCURRENCES, latest: allowed.latest.toISOString() },
      );
    }
    if (first < allowed.earliest) {
      throw new DomainError(
        'invalid_input',
        'send_at_out_of_window',
        'The first occurrence is less than a minute away.',
        {
          fieldErrors: [
            { field: 'startAt', code: 'send_at_out_of_window', message: 'The first occurrence is too soon.' },
          ],
          details: { earliest: allowed.earliest.toISOString(), latest: allowed.latest.toISOString() },
        },
      );
    }
  }

  private invalidRule(code: string, message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError('invalid_input', code, message, {
      fieldErrors: [{ field: 'rrule', code, message }],
      ...(details && { details }),
    });
  }

  private async views(
    accountId: string,
    records: readonly RecurringMessageRecord[],
  ): Promise<RecurringMessageView[]> {
    const ids = records.map((record) => record.id);
    const [counts, nextSendAts] = await Promise.all([
      this.messages.occurrenceCounts(accountId, ids),
      this.messages.nextOccurrences(accountId, ids),
    ]);
    return records.map((record) => {
      const byStatus = counts.get(record.id) ?? {};
      const count = (...statuses: MessageStatus[]) =>
        statuses.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
      const pending = count(...pendingStatuses);
      return {
        ...record,
        status: record.status === 'canceled' ? 'canceled' : pending > 0 ? 'active' : 'completed',
        occurrences: {
          total: Object.values(byStatus).reduce((sum, value) => sum + value, 0),
          pending,
          sent: count('sent', 'delivered'),
          failed: count('failed', 'undelivered'),
          canceled: count('canceled'),
        },
        nextSendAt: nextSendAts.get(record.id) ?? null,
      };
    });
  }
}

/** The DTSTART and RRULE lines the domain reads: the start as the wall clock of the zone shows it. */
function recurrenceText(rrule: string, startAt: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(startAt, { zone: timeZone }).toFormat("yyyyMMdd'T'HHmmss");
  return `DTSTART;TZID=${timeZone}:${local}\nRRULE:${rrule}`;
}
