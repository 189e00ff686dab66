import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { NotFoundError } from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import { Database, isUniqueViolation } from '@switchyard/prisma';
import { type RingTarget } from '../domain/flow-model';
import {
  type CallQueueRecord,
  CallQueueRepository,
  type CallQueueSettings,
} from '../infrastructure/call-queue.repository';
import { FlowUsages } from '../infrastructure/flow-usages';
import { CallQueueInUseError, CallQueueNameTakenError, UnknownRingTargetsError } from './call-flows.errors';
import { FLOW_REFERENCE_DIRECTORY, type FlowReferenceDirectory } from './call-flows.ports';

export const DEFAULT_CALL_QUEUE_SETTINGS: Pick<CallQueueSettings, 'strategy' | 'ringTimeoutSeconds'> = {
  strategy: 'simultaneous',
  ringTimeoutSeconds: 20,
};

/** Named queues that flows send callers to by name. */
@Injectable()
export class CallQueueService {
  constructor(
    @Inject(CallQueueRepository) private readonly queues: CallQueueRepository,
    @Inject(FlowUsages) private readonly flowUsages: FlowUsages,
    @Inject(FLOW_REFERENCE_DIRECTORY) private readonly references: FlowReferenceDirectory,
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(principal: Principal, page: PageRequest) {
    return this.queues.list(principal.accountId, page);
  }

  async get(principal: Principal, queueId: string): Promise<CallQueueRecord> {
    const queue = await this.queues.find(principal.accountId, queueId);
    if (!queue) throw new NotFoundError('call_queue', queueId);
    return queue;
  }

  async create(
    principal: Principal,
    input: Pick<CallQueueSettings, 'name' | 'targets'> & Partial<CallQueueSettings>,
  ): Promise<CallQueueRecord> {
    const settings = { ...DEFAULT_CALL_QUEUE_SETTINGS, ...input };
    await this.requireTargetsExist(principal.accountId, settings.targets);
    const now = this.clock.now();
    return this.claimingName(settings.name, () =>
      this.queues.create({
        ...settings,
        id: newId('callQueue', now.getTime()),
        accountId: principal.accountId,
        createdAt: now,
      }),
    );
  }

  /** Fields left out keep their value. A queue flows use keeps its name: they find it by that name. */
  async update(
    principal: Principal,
    queueId: string,
    changes: Partial<CallQueueSettings>,
  ): Promise<CallQueueRecord> {
    const { accountId } = principal;
    await this.database.transaction(async () => {
      const current = await this.get(principal, queueId);
      const settings: CallQueueSettings = {
        name: changes.name ?? current.name,
        targets: changes.targets ?? current.targets,
        strategy: changes.strategy ?? current.strategy,
        ringTimeoutSeconds: changes.ringTimeoutSeconds ?? current.ringTimeoutSeconds,
      };
      if (changes.targets !== undefined) await this.requireTargetsExist(accountId, changes.targets);
      if (settings.name !== current.name) await this.requireUnused(accountId, current.name);
      await this.claimingName(settings.name, () => this.queues.update(accountId, queueId, settings));
    });
    return this.get(principal, queueId);
  }

  async delete(principal: Principal, queueId: string): Promise<void> {
    await this.database.transaction(async () => {
      const queue = await this.get(principal, queueId);
      await this.requireUnused(principal.accountId, queue.name);
      await this.queues.delete(principal.accountId, queueId);
    });
  }

  private async requireUnused(accountId: string, name: string): Promise<void> {
    const flowIds = await this.flowUsages.flowsUsingQueue(accountId, name);
    if (flowIds.length > 0) throw new CallQueueInUseError(flowIds);
  }

  private async requireTargetsExist(accountId: string, targets: readonly RingTarget[]): Promise<void> {
    const idsOf = (type: RingTarget['type']) =>
      targets.filter((target) => target.type === type).map((target) => target.id);
    const existing = await this.references.existing(accountId, {
      users: idsOf('user'),
      teams: idsOf('team'),
      devices: idsOf('device'),
      voicemailBoxes: [],
      schedules: [],
      audio: [],
      queues: [],
    });
    const kinds = { user: existing.users, team: existing.teams, device: existing.devices };
    const missing = targets.flatMap((target, index) =>
      kinds[target.type]?.has(target.id) === false
        ? [
            {
              field: `targets.${index}.id`,
              code: 'unknown_reference',
              message: `No ${target.type} with id ${target.id} in the account.`,
            },
          ]
        : [],
    );
    if (missing.length > 0) throw new UnknownRingTargetsError(missing);
  }

  private async claimingName<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new CallQueueNameTakenError(name);
      throw error;
    }
  }
}
