import { Inject, Injectable } from '@nestjs/common';
import { type MessagingPacingConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { BacklogTooLongError } from '../domain';
import { PacingRepository } from '../infrastructure/pacing.repository';
import { SenderPacer } from '../infrastructure/sender-pacer';
import { accountRateLimit, MESSAGING_PACING_CONFIG, senderRateLimit } from './pacing-limits';

/** Whether a dispatch job may submit its message now. */
export type DispatchTurn =
  | { readonly kind: 'go' }
  | { readonly kind: 'not_pending' }
  | { readonly kind: 'wait'; readonly waitMs: number; readonly slotDueAt: number }
  | { readonly kind: 'refused'; readonly error: BacklogTooLongError };

/** Gives each due message its turn under its sender's and its account's rate limits, or refuses a too long wait. */
@Injectable()
export class SenderPacing {
  constructor(
    @Inject(PacingRepository) private readonly repository: PacingRepository,
    @Inject(SenderPacer) private readonly pacer: SenderPacer,
    @Inject(MESSAGING_PACING_CONFIG) private readonly config: MessagingPacingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `slotDueAt` is the slot the calling job was armed for, when it is one. */
  async turnOf(accountId: string, messageId: string, slotDueAt?: number): Promise<DispatchTurn> {
    if (!this.config.enabled) return { kind: 'go' };
    const message = await this.repository.pendingDispatch(accountId, messageId, this.clock.now());
    if (!message) return { kind: 'not_pending' };
    const decision = await this.pacer.reserve({
      accountId,
      messageId,
      numberId: message.numberId,
      segments: message.segments,
      sender: senderRateLimit(message.numberType, this.config),
      account: accountRateLimit(this.config),
      maxWaitMs: this.config.maxBacklogSeconds * 1000,
      ...(slotDueAt !== undefined && { slotDueAt }),
    });
    if (decision.kind !== 'refused') return decision;
    return {
      kind: 'refused',
      error: new BacklogTooLongError(Math.ceil(decision.waitMs / 1000), this.config.maxBacklogSeconds),
    };
  }
}
