import { type Database } from '@switchyard/prisma';
import { idPageArguments, type Page, pageFromRows, type PageRequest } from '@switchyard/http';
import { type EventRecord } from './event-envelope';

export interface EventListFilter {
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  readonly type?: string;
}

/** Reads stored events, always inside one account. */
export class EventStore {
  constructor(private readonly database: Database) {}

  async find(accountId: string, eventId: string): Promise<EventRecord | null> {
    return this.database.client.event.findFirst({ where: { id: eventId, accountId } });
  }

  /** Many events by id at once, for batched readers; ids of other accounts are left out. */
  async findMany(accountId: string, eventIds: readonly string[]): Promise<EventRecord[]> {
    return this.database.client.event.findMany({ where: { accountId, id: { in: [...eventIds] } } });
  }

  async list(accountId: string, page: PageRequest, filter: EventListFilter = {}): Promise<Page<EventRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.event.findMany({
      ...rest,
      where: {
        ...where,
        accountId,
        ...(filter.type === undefined ? {} : typeCondition(filter.type)),
        createdAt: { gte: filter.createdAfter, lt: filter.createdBefore },
      },
    });
    return pageFromRows(rows, page);
  }

  /** Deletes events created before `cutoff`; returns how many went. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const { count } = await this.database.root.event.deleteMany({ where: { createdAt: { lt: cutoff } } });
    return count;
  }
}

function typeCondition(pattern: string) {
  if (pattern === '*') return {};
  return pattern.endsWith('.*') ? { type: { startsWith: pattern.slice(0, -1) } } : { type: pattern };
}
