import { fixedClock, jobCatalog } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { buyNumber, eventsOf, freshNumber } from './number-fixtures';

describe('POST /v1/messages/bulk', () => {
  const clock = fixedClock('2030-01-01T12:00:00.000Z');
  let api: TestApi;
  let account: TestAccount;
  let from: string;

  beforeAll(async () => {
    api = await startTestApi({ clock, env: testEnvironment() });
    account = await api.provisionAccount();
    from = (await buyNumber(api, account, await freshNumber(api, account.apiKey))).phoneNumber;
  });
  afterAll(() => api?.close());

  const bulk = (messages: unknown[], headers: Record<string, string> = {}) =>
    api.request('POST', '/v1/messages/bulk', { token: account.apiKey, body: { messages }, headers });

  it('stores every message with its conversation and event, and arms the dispatch jobs of those due soon', async () => {
    const sendAt = '2030-01-01T13:00:00.000Z';
    const response = await bulk(
      [
        { from, to: '+14155550101', text: 'First' },
        { from, to: '+14155550102', text: 'Second', sendAt },
        { from, to: '+14155550101', text: 'Third 😀' },
      ],
      { 'idempotency-key': 'bulk-once' },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ object: 'list', hasMore: false });
    const [first, second, third] = response.body.data;
    expect(first).toMatchObject({
      object: 'message',
      from,
      to: '+14155550101',
      status: 'queued',
      segments: 1,
    });
    expect(second).toMatchObject({ status: 'scheduled', sendAt });
    expect(third).toMatchObject({ encoding: 'ucs2', conversationId: first.conversationId });
    expect(second.conversationId).not.toBe(first.conversationId);

    const ids = response.body.data.map((message: { id: string }) => message.id);
    const queued = await eventsOf(api, account.accountId, 'message.queued');
    expect(queued.map((event) => (event.data as { id: string }).id)).toEqual(expect.arrayContaining(ids));
    const queue = api.app.get(QueueConnection).queue(jobCatalog['messages.dispatch'].queue);
    const jobs = await Promise.all(ids.map((id: string) => queue.getJob(id)));
    // The scheduled one is due in 2030, beyond the arming horizon: the reconciler arms it when it comes close.
    expect(await Promise.all(jobs.map((job) => job?.getState()))).toEqual(['waiting', undefined, 'waiting']);

    const replayed = await bulk(
      [
        { from, to: '+14155550101', text: 'First' },
        { from, to: '+14155550102', text: 'Second', sendAt },
        { from, to: '+14155550101', text: 'Third 😀' },
      ],
      { 'idempotency-key': 'bulk-once' },
    );
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(await api.app.get(Database).root.message.count({ where: { accountId: account.accountId } })).toBe(
      3,
    );
  });

  it('sends none when one message breaks a rule, naming it', async () => {
    const before = await api.app
      .get(Database)
      .root.message.count({ where: { accountId: account.accountId } });
    const invalid = await bulk([
      { from, to: '+14155550103', text: 'Fine' },
      { from, to: '+1415', text: 'Bad number' },
      { from, to: '+14155550104', text: 'Too soon', sendAt: '2030-01-01T12:00:10.000Z' },
    ]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ field: 'messages.1.to', code: 'invalid_phone_number' }),
      expect.objectContaining({ field: 'messages.2.sendAt', code: 'send_at_out_of_window' }),
    ]);
    const foreign = await bulk([{ from: '+14155550100', to: '+14155550103', text: 'Not mine' }]);
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('sender_not_allowed');
    expect((await bulk([])).status).toBe(400);
    expect(await api.app.get(Database).root.message.count({ where: { accountId: account.accountId } })).toBe(
      before,
    );
  });
});
