import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { type CallQueueModel, Database, type Prisma } from '@switchyard/prisma';
import { type RingStrategy, type RingTarget } from '../domain/flow-model';

export interface CallQueueRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly targets: readonly RingTarget[];
  readonly strategy: RingStrategy;
  readonly ringTimeoutSeconds: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type CallQueueSettings = Pick<CallQueueRecord, 'name' | 'targets' | 'strategy' | 'ringTimeoutSeconds'>;

function toRecord({ targets, strategy, ...columns }: CallQueueModel): CallQueueRecord {
  // Written only from validated input.
  return { ...columns, targets: targets as unknown as RingTarget[], strategy: strategy as RingStrategy };
}

const asJson = (targets: readonly RingTarget[]) => targets as unknown as Prisma.InputJsonArray;

@Injectable()
export class CallQueueRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async find(accountId: string, queueId: string): Promise<CallQueueRecord | null> {
    const row = await this.database.client.callQueue.findFirst({ where: { id: queueId, accountId } });
    return row ? toRecord(row) : null;
  }

  async findByName(accountId: string, name: string): Promise<CallQueueRecord | null> {
    const row = await this.database.client.callQueue.findUnique({
      where: { accountId_name: { accountId, name } },
    });
    return row ? toRecord(row) : null;
  }

  async existingNames(accountId: string, names: readonly string[]): Promise<ReadonlySet<string>> {
    if (names.length === 0) return new Set();
    const rows = await this.database.client.callQueue.findMany({
      where: { accountId, name: { in: [...names] } },
      select: { name: true },
    });
    return new Set(rows.map((row) => row.name));
  }

  async list(accountId: string, page: PageRequest): Promise<Page<CallQueueRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.callQueue.findMany({ ...rest, where: { ...where, accountId } });
    return pageFromRows(rows.map(toRecord), page);
  }

  /** Throws Prisma's unique violation when the account already has a queue of that name. */
  async create(queue: CallQueueSettings & { id: string; accountId: string; createdAt: Date }) {
    const row = await this.database.client.callQueue.create({
      data: { ...queue, targets: asJson(queue.targets) },
    });
    return toRecord(row);
  }

  /** Throws Prisma's unique violation when the new name is taken. */
  async update(accountId: string, queueId: string, settings: CallQueueSettings): Promise<void> {
    await this.database.client.callQueue.updateMany({
      where: { id: queueId, accountId },
      data: { ...settings, targets: asJson(settings.targets) },
    });
  }

  async delete(accountId: string, queueId: string): Promise<void> {
    await this.database.client.callQueue.deleteMany({ where: { id: queueId, accountId } });
  }
}
