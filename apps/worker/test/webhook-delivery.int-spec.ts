import { type INestApplicationContext } from '@nestjs/common';
import { loadWorkerConfig } from '@switchyard/config';
import { type EventEnvelope, fixedClock, newId } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import {
  createIsolatedDatabase,
  type IsolatedDatabase,
  testEnvironment,
  WebhookReceiver,
} from '@switchyard/testing';
import { verifyWebhookSignature } from '@switchyard/webhooks';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorkerApp } from '../src/worker-app';

const threeDaysMs = 3 * 86_400_000;

/** A port nothing listens on: connecting to it is refused, as to a receiver that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('webhook delivery (worker with its outbox relay, a receiver on 127.0.0.1)', () => {
  const clock = fixedClock(new Date());
  let database: IsolatedDatabase;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;
  let db: Database;
  let publisher: EventPublisher;

  beforeAll(async () => {
    database = await createIsolatedDatabase();
    receiver = await WebhookReceiver.start();
    const env = testEnvironment({
      DATABASE_URL: database.url,
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOKS_RETRY_BASE_MS: '20',
      WEBHOOKS_RETRY_MAX_DELAY_MS: '100',
      WEBHOOKS_MAX_ATTEMPTS: '6',
      WEBHOOKS_ENDPOINT_CONCURRENCY: '2',
      WEBHOOKS_TIMEOUT_MS: '5000',
    });
    worker = await createWorkerApp(loadWorkerConfig(env), { clock });
    db = worker.get(Database);
    publisher = worker.get(EventPublisher);
  });
  afterAll(async () => {
    await worker?.close();
    await receiver?.close();
    await database?.drop();
  });

  async function account(): Promise<string> {
    const id = newId('account');
    await db.root.account.create({ data: { id, name: 'Receiver test', country: 'US', timezone: 'UTC' } });
    return id;
  }

  async function endpoint(accountId: string, url: string, eventTypes: string[] = ['*']) {
    return db.root.webhookEndpoint.create({
      data: { id: newId('webhookEndpoint'), accountId, url, eventTypes, secret: `whsec_${newId('request')}` },
    });
  }

  /** A domain change and its event, committed together as a use case would. */
  function numberPurchased(accountId: string): Promise<EventEnvelope> {
    return db.transaction(async () => {
      await db.client.account.update({ where: { id: accountId }, data: { name: 'Bought a number' } });
      return publisher.publish(accountId, 'number.purchased', {
        object: 'number',
        id: newId('number'),
        phoneNumber: '+14155550123',
      });
    });
  }

  function attemptsOf(endpointId: string) {
    return db.root.webhookDelivery.findMany({ where: { endpointId }, orderBy: { id: 'asc' } });
  }

  it('delivers a committed change as a signed POST that verifies with the secret only', async () => {
    const accountId = await account();
    const target = await endpoint(accountId, receiver.url('/happy'));
    const event = await numberPurchased(accountId);

    await receiver.waitUntil(() => receiver.requestsTo('/happy').length === 1);
    const [request] = receiver.requestsTo('/happy');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-event-id']).toBe(event.id);
    expect(request!.headers['user-agent']).toMatch(/^Switchyard-Webhooks\//);
    expect(JSON.parse(request!.body)).toEqual(event);
    const header = request!.headers['x-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(
      verifyWebhookSignature({ payload: request!.body, header, secrets: target.secret, now: clock.now() }),
    ).toBe(true);
    expect(
      verifyWebhookSignature({ payload: request!.body, header, secrets: 'whsec_wrong', now: clock.now() }),
    ).toBe(false);

    await vi.waitFor(async () => {
      const [attempt] = await attemptsOf(target.id);
      expect(attempt).toMatchObject({ eventId: event.id, attempt: 1, outcome: 'succeeded', statusCode: 200 });
    });
  });

  it('retries 500s with backoff and logs every attempt', async () => {
    const accountId = await account();
    const target = await endpoint(
      accountId,
      receiver.url('/flaky', (_request, index) =>
        index < 3 ? { status: 500, body: 'boom' } : { status: 200 },
      ),
    );
    const event = await numberPurchased(accountId);

    await receiver.waitUntil(() => receiver.requestsTo('/flaky').length === 4);
    expect(new Set(receiver.requestsTo('/flaky').map((request) => request.headers['x-event-id']))).toEqual(
      new Set([event.id]),
    );
    await vi.waitFor(async () => {
      const attempts = await attemptsOf(target.id);
      expect(attempts.map((attempt) => [attempt.attempt, attempt.outcome, attempt.statusCode])).toEqual([
        [1, 'retrying', 500],
        [2, 'retrying', 500],
        [3, 'retrying', 500],
        [4, 'succeeded', 200],
      ]);
      expect(attempts[0]!.responseBody).toBe('boom');
      expect(attempts[0]!.nextAttemptAt).not.toBeNull();
    });
    expect(receiver.requestsTo('/flaky')).toHaveLength(4);
  });

  it('does not retry a 4xx answer other than 408 and 429', async () => {
    const accountId = await account();
    const target = await endpoint(
      accountId,
      receiver.url('/gone', () => ({ status: 410 })),
    );
    await numberPurchased(accountId);
    await vi.waitFor(async () => {
      expect((await attemptsOf(target.id)).map((attempt) => attempt.outcome)).toEqual(['failed']);
    });
    expect(receiver.requestsTo('/gone')).toHaveLength(1);
  });

  it('keeps one slow receiver from holding up another endpoint', async () => {
    const accountId = await account();
    await endpoint(
      accountId,
      receiver.url('/slow', () => 'hold'),
    );
    await endpoint(accountId, receiver.url('/fast'));
    for (let index = 0; index < 6; index += 1) await numberPurchased(accountId);

    await receiver.waitUntil(() => receiver.requestsTo('/fast').length === 6);
    // The slow endpoint has its two slots in use; the other four deliveries wait for one without taking a worker.
    expect(receiver.heldCount).toBe(2);
    receiver.releaseHeld();
    await receiver.waitUntil(() => {
      receiver.releaseHeld();
      return receiver.requestsTo('/slow').length === 6;
    });
    receiver.releaseHeld();
  });

  it('disables an endpoint that fails for the whole window and tells the account', async () => {
    const accountId = await account();
    const down = await endpoint(accountId, `http://127.0.0.1:${await closedPort()}/down`, ['number.*']);
    await endpoint(accountId, receiver.url('/watcher'), ['webhook_endpoint.*']);

    await numberPurchased(accountId);
    await vi.waitFor(async () => {
      const current = await db.root.webhookEndpoint.findUniqueOrThrow({ where: { id: down.id } });
      expect(current.failingSince).toEqual(clock.now());
    });
    const [firstAttempt] = await attemptsOf(down.id);
    expect(firstAttempt!.error).toMatch(/ECONNREFUSED/);

    clock.advance(threeDaysMs);
    await numberPurchased(accountId);

    await receiver.waitUntil(() => receiver.requestsTo('/watcher').length === 1);
    const notice = JSON.parse(receiver.requestsTo('/watcher')[0]!.body);
    expect(notice).toMatchObject({
      type: 'webhook_endpoint.disabled',
      accountId,
      data: { object: 'webhook_endpoint', id: down.id, enabled: false, disabledReason: 'failing_deliveries' },
    });
    const disabled = await db.root.webhookEndpoint.findUniqueOrThrow({ where: { id: down.id } });
    expect(disabled).toMatchObject({
      enabled: false,
      disabledReason: 'failing_deliveries',
      disabledAt: clock.now(),
    });
  });
});
