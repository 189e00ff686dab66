import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { type JobHandler } from '@switchyard/queue';
import { ARMING_HORIZON_MS, DispatchJobs } from '../application/dispatch-jobs';
import { MessageRepository } from '../infrastructure/message.repository';

const pageSize = 500;

/**
 * Postgres is the truth and Redis holds only job ids: every run makes sure each outbound message that is due,
 * due within the arming horizon or abandoned mid-dispatch has its dispatch job, so messages scheduled further
 * ahead get theirs in time and whatever Redis lost is armed again.
 */
@Injectable()
export class ReconcileMessagesJob implements JobHandler<'messages.reconcile'> {
  readonly jobName = 'messages.reconcile' as const;

  constructor(
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(DispatchJobs) private readonly dispatchJobs: DispatchJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(): Promise<void> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + ARMING_HORIZON_MS);
    let afterId: string | undefined;
    for (;;) {
      const due = await this.messages.dueBy(until, now, { afterId, limit: pageSize });
      for (const message of due) await this.dispatchJobs.arm(message.accountId, message.id, message.sendAt);
      const last = due.at(-1);
      if (due.length < pageSize || last === undefined) return;
      afterId = last.id;
    }
  }
}
