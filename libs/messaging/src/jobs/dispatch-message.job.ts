import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type JobPayloads } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { CARRIER, type CarrierPort, CarrierRejectedError } from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import { type JobContext, type JobHandler, JobProducer } from '@switchyard/queue';
import { messageResource } from '../application/message-resource';
import { sendWindowReopening } from '../application/send-window';
import { SenderPacing } from '../application/sender-pacing';
import { MessageRepository } from '../infrastructure/message.repository';

/** How long a worker owns a claimed message; a claim older than this belongs to a worker that died. */
export const DISPATCH_LEASE_MS = 60_000;

/**
 * Submits one due message to the carrier, once. The worker first claims the row (a conditional update), so a
 * replayed or duplicated job finds nothing to do; the carrier reference is the message id, so a resubmission after
 * a crash mid-way is recognised by the carrier (the sandbox's ledger, Telnyx's idempotency key) and sends nothing.
 */
@Injectable()
export class DispatchMessageJob implements JobHandler<'messages.dispatch'> {
  readonly jobName = 'messages.dispatch' as const;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(CARRIER) private readonly carrier: CarrierPort,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(SenderPacing) private readonly pacing: SenderPacing,
    @Inject(JobProducer) private readonly jobs: JobProducer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(
    { accountId, messageId, slotDueAt }: JobPayloads['messages.dispatch'],
    context: JobContext,
  ): Promise<void> {
    const turn = await this.pacing.turnOf(accountId, messageId, slotDueAt);
    if (turn.kind === 'not_pending') return;
    if (turn.kind === 'wait') {
      // A job of its own at the reserved slot; its id names the slot, so a replay or a re-armed job adds it once.
      await this.jobs.enqueue(
        'messages.dispatch',
        { accountId, messageId, slotDueAt: turn.slotDueAt },
        { jobId: `${messageId}.slot.${turn.slotDueAt}`, delayMs: turn.waitMs },
      );
      return;
    }
    const now = this.clock.now();
    const owner = `${context.jobId}/${context.attempt}/${randomUUID()}`;
    const message = await this.messages.claim(accountId, messageId, {
      owner,
      now,
      expiresAt: new Date(now.getTime() + DISPATCH_LEASE_MS),
    });
    if (!message) return;
    if (turn.kind === 'refused') {
      await this.settle(accountId, messageId, owner, 'message.failed', {
        status: 'failed',
        errorCode: turn.error.code,
        errorMessage: turn.error.message,
      });
      return;
    }
    const reopensAt = sendWindowReopening(message, now);
    if (reopensAt) {
      // Due outside its send window: scheduled again for the opening. The reconciler arms it, since this running
      // job still holds the message's job id.
      await this.messages.settle(accountId, messageId, owner, { status: 'scheduled', sendAt: reopensAt });
      return;
    }
    let carrierMessageId: string;
    try {
      ({ carrierMessageId } = await this.carrier.sendMessage({
        from: message.from,
        to: message.to,
        text: message.text,
        ...(message.mediaUrls.length > 0 && { mediaUrls: message.mediaUrls }),
        reference: message.id,
      }));
    } catch (error) {
      if (error instanceof CarrierRejectedError) {
        await this.settle(accountId, messageId, owner, 'message.failed', {
          status: 'failed',
          errorCode: error.code,
          errorMessage: error.reason,
        });
        return;
      }
      // Unavailable or unknown: give the message back and let the job's retries try again.
      await this.messages.settle(accountId, messageId, owner, { status: 'queued' });
      throw error;
    }
    await this.settle(accountId, messageId, owner, 'message.sent', {
      status: 'sent',
      carrierMessageId,
      sentAt: this.clock.now(),
    });
  }

  private async settle(
    accountId: string,
    messageId: string,
    owner: string,
    event: 'message.sent' | 'message.failed',
    outcome: Parameters<MessageRepository['settle']>[3],
  ): Promise<void> {
    await this.database.transaction(async () => {
      // A lost lease means another worker took the message over and reports the outcome itself.
      if (!(await this.messages.settle(accountId, messageId, owner, outcome))) return;
      const settled = await this.messages.find(accountId, messageId);
      if (settled) await this.events.publish(accountId, event, messageResource(settled));
    });
  }
}
