import {
  type Clock,
  eventApiVersion,
  type EventDataOf,
  type EventEnvelope,
  type EventType,
  newId,
} from '@switchyard/contracts';
import { type Database } from '@switchyard/prisma';
import { eventEnvelope } from './event-envelope';

/** Postgres channel the relay listens on; a NOTIFY inside a transaction is sent when, and only if, it commits. */
export const outboxChannel = 'event_outbox';

/**
 * Records events in the transactional outbox. It writes through `Database.client`, so inside a use case's
 * transaction the event commits or rolls back with the change it reports; outside one it is its own transaction.
 */
export class EventPublisher {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  async publish<Type extends EventType>(
    accountId: string,
    type: Type,
    data: EventDataOf<Type>,
  ): Promise<EventEnvelope<Type>> {
    const createdAt = this.clock.now();
    const id = newId('event', createdAt.getTime());
    // One statement: the event, its outbox row and the wake-up call for the relay.
    await this.database.client.$executeRaw`
      WITH inserted AS (
        INSERT INTO "Event" ("id", "accountId", "type", "apiVersion", "data", "createdAt")
        VALUES (${id}, ${accountId}, ${type}, ${eventApiVersion}, ${JSON.stringify(data)}::jsonb, ${createdAt})
        RETURNING "id"
      ), queued AS (
        INSERT INTO "EventOutbox" ("eventId", "createdAt") SELECT "id", ${createdAt} FROM inserted RETURNING "eventId"
      )
      SELECT pg_notify(${outboxChannel}, '') FROM queued`;
    return eventEnvelope({
      id,
      accountId,
      type,
      apiVersion: eventApiVersion,
      data,
      createdAt,
    }) as EventEnvelope<Type>;
  }
}
