import {
  type Clock,
  eventApiVersion,
  type EventData,
  type EventDataOf,
  type EventEnvelope,
  type EventType,
  newId,
} from '@switchyard/contracts';
import { type Database, Prisma } from '@switchyard/prisma';
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
    const [envelope] = await this.publishMany([{ accountId, type, data }]);
    return envelope as EventEnvelope<Type>;
  }

  /** Several events in one statement; their ids sort in the order given. */
  async publishMany(
    events: readonly { accountId: string; type: EventType; data: EventData }[],
  ): Promise<EventEnvelope[]> {
    if (events.length === 0) return [];
    const createdAt = this.clock.now();
    const envelopes = events.map(({ accountId, type, data }) =>
      eventEnvelope({
        id: newId('event', createdAt.getTime()),
        accountId,
        type,
        apiVersion: eventApiVersion,
        data,
        createdAt,
      }),
    );
    const rows = envelopes.map(
      (event) =>
        Prisma.sql`(${event.id}, ${event.accountId}, ${event.type}, ${eventApiVersion}, ${JSON.stringify(event.data)}::jsonb, ${createdAt})`,
    );
    // One statement: the events, their outbox rows and the wake-up call for the relay.
    await this.database.client.$executeRaw`
      WITH inserted AS (
        INSERT INTO "Event" ("id", "accountId", "type", "apiVersion", "data", "createdAt")
        VALUES ${Prisma.join(rows)}
        RETURNING "id"
      ), queued AS (
        INSERT INTO "EventOutbox" ("eventId", "createdAt") SELECT "id", ${createdAt} FROM inserted RETURNING "eventId"
      )
      SELECT pg_notify(${outboxChannel}, '') FROM queued LIMIT 1`;
    return envelopes;
  }
}
