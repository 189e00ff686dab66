import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { type MessagingPacingConfig } from '@switchyard/config';
import { NotFoundError } from '@switchyard/errors';
import { NumberAccess } from '@switchyard/numbers';
import { wouldExceedBacklog } from '../domain';
import { PacingRepository } from '../infrastructure/pacing.repository';
import { MESSAGING_PACING_CONFIG, senderRateLimit } from './pacing-limits';
import { usableNumberIds } from './usable-numbers';

/** What one sending number has waiting for the carrier, and how long that takes at its rate. */
export interface MessagingBacklog {
  readonly numberId: string;
  readonly queuedMessages: number;
  readonly queuedSegments: number;
  readonly paced: boolean;
  readonly segmentsPerSecond: number;
  readonly expectedWaitSeconds: number;
  readonly maxWaitSeconds: number;
}

/**
 * The backlog is counted in Postgres, the truth: it includes messages whose dispatch job has not reserved a
 * sending slot yet, and survives a Redis restart that empties the token buckets.
 */
@Injectable()
export class MessagingBacklogService {
  constructor(
    @Inject(PacingRepository) private readonly pacing: PacingRepository,
    @Inject(NumberAccess) private readonly access: NumberAccess,
    @Inject(MESSAGING_PACING_CONFIG) private readonly config: MessagingPacingConfig,
  ) {}

  async ofNumber(principal: Principal, numberId: string): Promise<MessagingBacklog> {
    const backlog = await this.pacing.senderBacklog(
      principal.accountId,
      numberId,
      await usableNumberIds(this.access, principal),
    );
    if (!backlog) throw new NotFoundError('number', numberId);
    const { refillPerSecond } = senderRateLimit(backlog.numberType, this.config);
    const { maxBacklogSeconds, enabled } = this.config;
    return {
      numberId,
      queuedMessages: backlog.messages,
      queuedSegments: backlog.segments,
      paced: enabled,
      segmentsPerSecond: refillPerSecond,
      expectedWaitSeconds: enabled
        ? wouldExceedBacklog(backlog.segments, refillPerSecond, maxBacklogSeconds).expectedWaitSeconds
        : 0,
      maxWaitSeconds: maxBacklogSeconds,
    };
  }
}
