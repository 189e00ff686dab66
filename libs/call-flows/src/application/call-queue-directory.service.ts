import { Inject, Injectable } from '@nestjs/common';
import { type RingStrategy, type RingTarget } from '../domain/flow-model';
import { CallQueueRepository } from '../infrastructure/call-queue.repository';

export interface CallQueueRouting {
  readonly id: string;
  readonly name: string;
  readonly targets: readonly RingTarget[];
  readonly strategy: RingStrategy;
  readonly ringTimeoutSeconds: number;
}

/** How a named queue offers its calls, for the sip app running a flow's queue node. */
@Injectable()
export class CallQueueDirectory {
  constructor(@Inject(CallQueueRepository) private readonly queues: CallQueueRepository) {}

  async byName(accountId: string, name: string): Promise<CallQueueRouting | null> {
    const queue = await this.queues.findByName(accountId, name);
    if (!queue) return null;
    const { id, targets, strategy, ringTimeoutSeconds } = queue;
    return { id, name: queue.name, targets, strategy, ringTimeoutSeconds };
  }
}
