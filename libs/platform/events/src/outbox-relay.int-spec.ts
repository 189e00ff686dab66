import { fixedClock, newId } from '@switchyard/contracts';
import { createLogger } from '@switchyard/logging';
import { Database } from '@switchyard/prisma';
import { createIsolatedDatabase, type IsolatedDatabase } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventRecord } from './event-envelope';
import { EventPublisher } from './event-publisher';
import { type EventSink, OutboxRelay } from './outbox-relay';

const logger = createLogger({ service: 'test', level: 'silent' });

/** A sink that records what it was given and tells waiting tests (of any sink sharing `waiters`) when events arrive. */
function recordingSink(fail?: () => boolean, waiters = new Set<() => void>()) {
  const accepted: EventRecord[] = [];
  const sink: EventSink = {
    async accept(events) {
      if (fail?.()) throw new Error('queue unavailable');
      accepted.push(...events);
      for (const waiter of [...waiters]) waiter();
    },
  };
  const until = (predicate: () => boolean, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (predicate()) return resolve();
      const timer = setTimeout(() => reject(new Error('sink: condition not met')), timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  return { sink, accepted, until };
}

describe('OutboxRelay', () => {
  let isolated: IsolatedDatabase;
  let database: Database;
  let publisher: EventPublisher;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    isolated = await createIsolatedDatabase();
    database = new Database({ url: isolated.url });
    publisher = new EventPublisher(database, fixedClock('2026-11-23T10:00:00Z'));
  });
  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    await database?.close();
    await isolated?.drop();
  });

  function relay(sink: EventSink, sweepMs = 60_000): OutboxRelay {
    const created = new OutboxRelay(
      database,
      sink,
      { databaseUrl: isolated.url, batchSize: 50, sweepMs },
      logger,
    );
    relays.push(created);
    return created;
  }

  const publish = (accountId: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        publisher.publish(accountId, 'contact.opted_in', { object: 'contact' }),
      ),
    );

  it('publishes nothing when the surrounding transaction rolls back', async () => {
    const accountId = newId('account');
    await expect(
      database.transaction(async () => {
        await publisher.publish(accountId, 'contact.opted_out', { object: 'contact', id: 'ct_1' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await database.root.event.count({ where: { accountId } })).toBe(0);
    expect(await database.root.eventOutbox.count()).toBe(0);
  });

  it('wakes on NOTIFY, without waiting for the sweep', async () => {
    const recorder = recordingSink();
    await relay(recorder.sink).start();
    const [event] = await publish(newId('account'), 1);
    await recorder.until(() => recorder.accepted.some((accepted) => accepted.id === event!.id));
    expect(recorder.accepted.find((accepted) => accepted.id === event!.id)).toMatchObject({
      type: 'contact.opted_in',
      data: { object: 'contact' },
    });
    await relays.pop()!.stop();
  });

  it('keeps a batch in the outbox when the sink fails, and relays it later', async () => {
    let failing = true;
    const recorder = recordingSink(() => failing);
    const flaky = relay(recorder.sink);
    const events = await publish(newId('account'), 3);
    expect(await flaky.relayBatch().catch((error: Error) => error.message)).toBe('queue unavailable');
    expect(await database.root.eventOutbox.count()).toBe(3);
    failing = false;
    expect(await flaky.relayBatch()).toBe(3);
    expect(recorder.accepted.map((event) => event.id)).toEqual(events.map((event) => event.id).sort());
    expect(await database.root.eventOutbox.count()).toBe(0);
  });

  it('lets several relays drain one outbox without handing any event over twice', async () => {
    const accountId = newId('account');
    const events = await publish(accountId, 400);
    const arrivals = new Set<() => void>();
    const recorders = [1, 2, 3].map(() => recordingSink(undefined, arrivals));
    await Promise.all(recorders.map((recorder) => relay(recorder.sink, 20).start()));
    const all = () =>
      recorders.flatMap((recorder) => recorder.accepted.filter((event) => event.accountId === accountId));
    await recorders[0]!.until(() => all().length >= events.length);
    const ids = all().map((event) => event.id);
    expect(ids.length).toBe(events.length);
    expect(new Set(ids)).toEqual(new Set(events.map((event) => event.id)));
  });
});
