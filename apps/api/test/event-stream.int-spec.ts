import { type EventEnvelope, newId } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import {
  type AppProcess,
  createIsolatedDatabase,
  type IsolatedDatabase,
  spawnApp,
  testEnvironment,
} from '@switchyard/testing';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { buyNumber, freshNumber } from './number-fixtures';

interface StreamMessage {
  readonly id: string;
  readonly event: string;
  readonly data: EventEnvelope;
}

/** A Server-Sent Events client over fetch, collecting messages and awaiting them with a deadline. */
async function openStream(url: string, token: string, lastEventId?: string) {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: abort.signal,
  });
  const messages: StreamMessage[] = [];
  const waiters = new Set<() => void>();
  const pump = async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body!) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => !line.startsWith(':') && line.includes(': '))
            .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
        );
        if (fields.data === undefined) continue;
        messages.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) });
        for (const waiter of [...waiters]) waiter();
      }
    }
  };
  void pump().catch(() => undefined);
  return {
    response,
    messages,
    /** Resolves once the message carrying `eventId` has arrived. */
    until(eventId: string, timeoutMs = 15_000): Promise<void> {
      const arrived = () => messages.some((message) => message.data.id === eventId);
      if (arrived()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no message for ${eventId} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (!arrived()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    close: () => abort.abort(),
  };
}

describe('live event stream (GET /v1/events/stream)', () => {
  let database: IsolatedDatabase;
  let api: TestApi;
  let worker: AppProcess;
  let base: string;
  let alpha: TestAccount;
  let beta: TestAccount;
  let publisher: EventPublisher;

  beforeAll(async () => {
    database = await createIsolatedDatabase();
    const env = testEnvironment({ DATABASE_URL: database.url, LOG_LEVEL: 'info' });
    worker = spawnApp('apps/worker/src/main.ts', env);
    api = await startTestApi({ env: { DATABASE_URL: database.url, REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX } });
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    [alpha, beta] = await Promise.all([api.provisionAccount('Alpha'), api.provisionAccount('Beta')]);
    publisher = api.app.get(EventPublisher);
    await worker.waitForLog((line) => line.msg === 'job workers started');
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await database?.drop();
  });

  const numberEvent = (
    account: TestAccount,
    type: 'number.purchased' | 'number.released',
    id = newId('number'),
  ) => publisher.publish(account.accountId, type, { object: 'number', id, phoneNumber: '+14155550123' });

  it('answers 401 without credentials and 400 to an unknown type filter', async () => {
    expect((await fetch(`${base}/v1/events/stream`)).status).toBe(401);
    const bad = await fetch(`${base}/v1/events/stream?types=fax.*`, {
      headers: { authorization: `Bearer ${alpha.apiKey}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'types' }] });
  });

  it('streams only the account’s own events of the requested types, then resumes after Last-Event-ID', async () => {
    const stream = await openStream(`${base}/v1/events/stream?types=number.*,webhook.*`, alpha.apiKey);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    const ownNumber = await numberEvent(alpha, 'number.purchased');
    await numberEvent(beta, 'number.purchased');
    await publisher.publish(alpha.accountId, 'message.sent', { object: 'message', id: newId('message') });
    const endpoint = await api.request('POST', '/v1/webhook-endpoints', {
      token: alpha.apiKey,
      body: { url: 'http://93.184.216.34/hooks', eventTypes: ['call.*'] },
    });
    const test = await api.request('POST', `/v1/webhook-endpoints/${endpoint.body.id}/test`, {
      token: alpha.apiKey,
    });
    await stream.until(test.body.id);
    expect(stream.messages.map((message) => [message.event, message.data.id])).toEqual([
      ['number.purchased', ownNumber.id],
      ['webhook.test', test.body.id],
    ]);
    expect(stream.messages[0]!.data).toEqual(ownNumber);
    const lastSeen = stream.messages.at(-1)!.id;
    stream.close();

    // A second connection sees the missed events go by, so the resume below must replay them from Redis.
    const observer = await openStream(`${base}/v1/events/stream`, alpha.apiKey);
    const missed = [
      await numberEvent(alpha, 'number.released'),
      await numberEvent(alpha, 'number.purchased'),
    ];
    await observer.until(missed[1]!.id);
    observer.close();
    const resumed = await openStream(`${base}/v1/events/stream?types=number.*`, alpha.apiKey, lastSeen);
    const afterReconnect = await numberEvent(alpha, 'number.released');
    await resumed.until(afterReconnect.id);
    expect(resumed.messages.map((message) => message.data.id)).toEqual(
      [...missed, afterReconnect].map((event) => event.id),
    );
    resumed.close();
  });

  it('shows an agent with no shared number only the events that concern no number', async () => {
    const email = `agent-${Date.now()}@alpha.test`;
    await api.request('POST', '/v1/users', {
      token: alpha.apiKey,
      body: { email, name: 'Agent', role: 'agent', password: 'long enough password' },
    });
    const session = await api.request('POST', '/v1/sessions', {
      body: { email, password: 'long enough password' },
    });
    const stream = await openStream(`${base}/v1/events/stream`, session.body.accessToken);
    await numberEvent(alpha, 'number.purchased');
    const unrelated = await publisher.publish(alpha.accountId, 'contact.opted_out', {
      object: 'contact',
      id: 'ct_1',
    });
    await stream.until(unrelated.id);
    expect(stream.messages.map((message) => message.data.id)).toEqual([unrelated.id]);
    stream.close();
  });

  it('shows an agent the events of the numbers shared with them', async () => {
    const email = `shared-agent-${Date.now()}@alpha.test`;
    const agent = await api.request('POST', '/v1/users', {
      token: alpha.apiKey,
      body: { email, name: 'Shared Agent', role: 'agent', password: 'long enough password' },
    });
    const number = await buyNumber(api, alpha, await freshNumber(api, alpha.apiKey));
    const shared = await api.request('POST', `/v1/numbers/${number.id}/share`, {
      token: alpha.apiKey,
      body: { userIds: [agent.body.id] },
    });
    expect(shared.status).toBe(200);
    const session = await api.request('POST', '/v1/sessions', {
      body: { email, password: 'long enough password' },
    });
    const stream = await openStream(`${base}/v1/events/stream`, session.body.accessToken);
    await numberEvent(alpha, 'number.released');
    const visible = await numberEvent(alpha, 'number.released', number.id);
    await stream.until(visible.id);
    expect(stream.messages.map((message) => message.data.id)).toEqual([visible.id]);
    stream.close();
  });
});
