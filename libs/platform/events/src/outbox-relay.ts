import { type Database } from '@switchyard/prisma';
import { type Logger } from '@switchyard/logging';
import pg from 'pg';
import { type EventRecord } from './event-envelope';
import { outboxChannel } from './event-publisher';

/** Where relayed events go; it must throw when it could not take them all, so they stay in the outbox. */
export interface EventSink {
  accept(events: readonly EventRecord[]): Promise<void>;
}

export interface OutboxRelaySettings {
  readonly databaseUrl: string;
  readonly batchSize: number;
  /** Interval of the safety-net sweep, which also reconnects a lost LISTEN connection. */
  readonly sweepMs: number;
}

/**
 * Moves committed events from the outbox to the sink, at least once. Each batch is claimed with
 * `FOR UPDATE SKIP LOCKED` and deleted in the same transaction that waits for the sink: a crash before the commit
 * leaves the rows for the next relay (consumers dedupe by event id), and relays in several workers never hold the
 * same row. It wakes on the publisher's NOTIFY and sweeps on a timer for anything a notification missed.
 */
export class OutboxRelay {
  private listener: pg.Client | undefined;
  private connecting = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private drainAgain = false;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly sink: EventSink,
    private readonly settings: OutboxRelaySettings,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.sweepTimer = setInterval(() => {
      if (!this.listener) void this.listen();
      void this.wake();
    }, this.settings.sweepMs);
    void this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.draining;
  }

  /** Relays until the outbox is empty; resolves when done. Safe to call at any time. */
  wake(): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    do {
      this.drainAgain = false;
      try {
        while (!this.stopped && (await this.relayBatch()) === this.settings.batchSize);
      } catch (error) {
        // The claimed rows rolled back; the next wake-up or sweep tries again.
        this.logger.warn({ err: error }, 'outbox relay batch failed');
        return;
      }
    } while (this.drainAgain && !this.stopped);
  }

  /** Claims, hands over and deletes one batch; returns its size. */
  async relayBatch(): Promise<number> {
    return this.database.root.$transaction(
      async (transaction) => {
        const events = await transaction.$queryRaw<EventRecord[]>`
          WITH claimed AS (
            DELETE FROM "EventOutbox" WHERE "eventId" IN (
              SELECT "eventId" FROM "EventOutbox" ORDER BY "eventId" LIMIT ${this.settings.batchSize}
              FOR UPDATE SKIP LOCKED
            ) RETURNING "eventId"
          )
          SELECT e."id", e."accountId", e."type", e."apiVersion", e."data", e."createdAt"
          FROM claimed JOIN "Event" e ON e."id" = claimed."eventId"
          ORDER BY e."id"`;
        if (events.length > 0) await this.sink.accept(events);
        return events.length;
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  }

  private async listen(): Promise<void> {
    if (this.stopped || this.connecting) return;
    this.connecting = true;
    const client = new pg.Client({ connectionString: this.settings.databaseUrl });
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      if (!this.stopped)
        this.logger.warn({ err: error }, 'outbox LISTEN connection lost; sweeping until it is back');
      void client.end().catch(() => undefined);
    };
    client.on('notification', () => void this.wake());
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel}`);
      if (this.stopped) await client.end();
      else this.listener = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox LISTEN failed; sweeping until it works');
      await client.end().catch(() => undefined);
    } finally {
      this.connecting = false;
    }
  }
}
