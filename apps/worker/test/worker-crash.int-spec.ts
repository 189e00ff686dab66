import { fixedClock, newId } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import {
  type AppProcess,
  createIsolatedDatabase,
  type IsolatedDatabase,
  startWorkerProcess,
  testEnvironment,
  WebhookReceiver,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('a worker killed between outbox commit and delivery', () => {
  let database: IsolatedDatabase;
  let receiver: WebhookReceiver;
  let db: Database;
  let env: Record<string, string | undefined>;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    database = await createIsolatedDatabase();
    receiver = await WebhookReceiver.start();
    env = testEnvironment({
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
      EVENTS_RELAY_SWEEP_MS: '200',
    });
    db = new Database({ url: database.url });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await db?.close();
    await receiver?.close();
    await database?.drop();
  });

  async function startWorker(): Promise<AppProcess> {
    const worker = await startWorkerProcess(env);
    workers.push(worker);
    return worker;
  }

  it('loses no event: a new worker relays and delivers what was committed while none ran', async () => {
    const publisher = new EventPublisher(db, fixedClock(new Date()));
    const accountId = newId('account');
    await db.root.account.create({
      data: { id: accountId, name: 'Crash test', country: 'US', timezone: 'UTC' },
    });
    await db.root.webhookEndpoint.create({
      data: {
        id: newId('webhookEndpoint'),
        accountId,
        url: receiver.url('/crash'),
        eventTypes: ['message.*'],
        secret: 'whsec_crash',
      },
    });
    const message = (id: string) => ({ object: 'message', id, status: 'delivered' });

    const first = await startWorker();
    const before = await publisher.publish(accountId, 'message.delivered', message('msg_before'));
    await receiver.waitUntil(() => receiver.requestsTo('/crash').length === 1);

    first.child.kill('SIGKILL');
    await first.waitForExit();
    const committed = await db.transaction(async () => [
      await publisher.publish(accountId, 'message.delivered', message('msg_during_1')),
      await publisher.publish(accountId, 'message.failed', message('msg_during_2')),
    ]);
    expect(await db.root.eventOutbox.count()).toBe(2);

    await startWorker();
    await receiver.waitUntil(() => receiver.requestsTo('/crash').length >= 3);
    const delivered = new Set(receiver.requestsTo('/crash').map((request) => request.headers['x-event-id']));
    expect(delivered).toEqual(new Set([before.id, ...committed.map((event) => event.id)]));
    expect(await db.root.eventOutbox.count()).toBe(0);
  });
});
