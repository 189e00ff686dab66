import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { NotFoundError } from '@switchyard/errors';
import { type EventListFilter, type EventRecord, EventStore } from '@switchyard/events';
import { type Page, type PageRequest } from '@switchyard/http';

@Injectable()
export class EventQueryService {
  constructor(@Inject(EventStore) private readonly events: EventStore) {}

  list(principal: Principal, page: PageRequest, filter: EventListFilter): Promise<Page<EventRecord>> {
    return this.events.list(principal.accountId, page, filter);
  }

  async get(principal: Principal, eventId: string): Promise<EventRecord> {
    const event = await this.events.find(principal.accountId, eventId);
    if (!event) throw new NotFoundError('event', eventId);
    return event;
  }
}
