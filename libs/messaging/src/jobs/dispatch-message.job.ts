import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type JobPayloads } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { CARRIER, type CarrierPort, CarrierRejectedError } from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import { type JobContext, type JobHandler } from '@switchyard/queue';
import { messageResource } from '../application/message-resource';
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
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(
    { accountId, messageId }: JobPayloads['messages.dispatch'],
    context: JobContext,
  ): Promise<void> {
    const now = this.clock.now();
    const owner = `${context.jobId}/${context.attempt}/${randomUUID()}`;
    const message = await this.messages.claim(accountId, messageId, {
      owner,
      now,
      expiresAt: new Date(now.getTime() + DISPATCH_LEASE_MS),
    });
    if (!message) return;
    let carrierMessageId: string;
    try {
      ({ carrierMessageId } = await this.carrier.sendMessage({
        from: message.from,
        to: message.to,
        text: message.text,
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
