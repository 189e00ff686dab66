import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database } from '@switchyard/prisma';

export type RecurringMessageStatus = 'active' | 'canceled';

export interface RecurringMessageRecord {
  readonly id: string;
  readonly accountId: string;
  readonly numberId: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly rrule: string;
  readonly startAt: Date;
  readonly timeZone: string;
  readonly sendWindowStart: string | null;
  readonly sendWindowEnd: string | null;
  readonly status: RecurringMessageStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

@Injectable()
export class RecurringMessageRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async insert(recurring: Omit<RecurringMessageRecord, 'updatedAt'>): Promise<void> {
    await this.database.client.recurringMessage.create({
      data: { ...recurring, updatedAt: recurring.createdAt },
    });
  }

  async find(
    accountId: string,
    id: string,
    numberIds?: ReadonlySet<string>,
  ): Promise<RecurringMessageRecord | null> {
    return this.database.client.recurringMessage.findFirst({
      where: { id, accountId, ...(numberIds && { numberId: { in: [...numberIds] } }) },
    });
  }

  async list(
    accountId: string,
    page: PageRequest,
    numberIds?: ReadonlySet<string>,
  ): Promise<Page<RecurringMessageRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.recurringMessage.findMany({
      ...rest,
      where: { ...where, accountId, ...(numberIds && { numberId: { in: [...numberIds] } }) },
    });
    return pageFromRows(rows, page);
  }

  /** Marks it canceled; false when it already was. */
  async cancel(accountId: string, id: string, at: Date): Promise<boolean> {
    const { count } = await this.database.client.recurringMessage.updateMany({
      where: { id, accountId, status: 'active' },
      data: { status: 'canceled', updatedAt: at },
    });
    return count === 1;
  }
}
