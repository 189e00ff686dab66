import { randomUUID } from 'node:crypto';
import { fixedClock } from '@switchyard/contracts';
import { CampaignReconcileJob, ReconcileMessagesJob, sandboxSignature } from '@switchyard/messaging';
import { Database } from '@switchyard/prisma';
import { eventually, testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type MessagingWorker, startMessagingWorker } from './messaging-worker';
import { buyNumber, eventsOf, freshNumber } from './number-fixtures';

const sandboxSecret = 'sandbox-callback-secret-for-campaigns';

/** A number of area code 415 (America/Los_Angeles) no other test uses. */
const recipientNumber = () => `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

describe('campaigns', () => {
  // 12:00 UTC is 04:00 in Los Angeles, outside the campaign's 09:00-17:00 window.
  const clock = fixedClock('2030-01-01T12:00:00.000Z');
  let api: TestApi;
  let worker: MessagingWorker;
  let account: TestAccount;
  let database: Database;
  let sender: string;

  beforeAll(async () => {
    const env = testEnvironment({ SANDBOX_CARRIER_WEBHOOK_SECRET: sandboxSecret });
    api = await startTestApi({ env, clock });
    worker = await startMessagingWorker(env, clock);
    account = await api.provisionAccount();
    database = api.app.get(Database);
    sender = (await buyNumber(api, account, await freshNumber(api, account.apiKey))).phoneNumber;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const request = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    token = account.apiKey,
  ) => api.request(method, url, { token, ...(body !== undefined && { body }) });
  const contact = async (fields: Record<string, unknown>) => {
    const created = await request('POST', '/v1/contacts', { phoneNumber: recipientNumber(), ...fields });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; phoneNumber: string };
  };
  const campaign = (overrides: Record<string, unknown> = {}) => ({
    name: 'Welcome',
    steps: [{ text: 'Hi {{firstName | "there"}}!', delay: { amount: 0, unit: 'seconds' } }],
    from: sender,
    audience: { tags: [`tag-${randomUUID()}`] },
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const created = await request('POST', '/v1/campaigns', campaign(overrides));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; status: string };
  };
  const messagesOf = (campaignId: string) =>
    database.root.$queryRaw<
      {
        id: string;
        to: string;
        text: string;
        status: string;
        sendAt: Date;
        stepIndex: number;
        errorCode: string | null;
      }[]
    >`SELECT m."id", m."to", m."text", m."status", m."sendAt", c."stepIndex", m."errorCode"
      FROM "CampaignMessage" c JOIN "Message" m ON m."id" = c."messageId"
      WHERE c."campaignId" = ${campaignId} ORDER BY c."stepIndex", m."to"`;
  const enrolled = (campaignId: string) =>
    eventually(async () => {
      const read = await request('GET', `/v1/campaigns/${campaignId}`);
      return read.body.enrollmentComplete ? read.body : undefined;
    });
  /** Moves the clock and lets the reconciler arm what became due, as its schedule would. */
  const advanceTo = async (at: string) => {
    clock.set(at);
    await worker.context.get(ReconcileMessagesJob).handle();
  };
  /** A message from the recipient, through the signed sandbox callback; resolves once the worker applied it. */
  const inbound = async (from: string, text: string) => {
    const eventId = randomUUID();
    const body = JSON.stringify({
      id: eventId,
      type: 'message.received',
      data: { carrierMessageId: `in-${eventId}`, from, to: sender, text },
    });
    const response = await api.request('POST', '/v1/carrier-webhooks/sandbox', {
      body,
      headers: {
        'content-type': 'application/json',
        'x-sandbox-signature': sandboxSignature(
          sandboxSecret,
          body,
          Math.floor(clock.now().getTime() / 1000),
        ),
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    await eventually(async () => {
      const stored = await database.root.carrierCallback.findUnique({
        where: { carrier_eventId: { carrier: 'sandbox', eventId } },
      });
      return stored?.processedAt ? true : undefined;
    });
  };

  it('rejects invalid campaigns with 400 per field, and senders the account cannot use with 422', async () => {
    const { id: contactId } = await contact({});
    const cases: [Record<string, unknown>, number, string][] = [
      [{ steps: [] }, 400, 'array_min_size'],
      [{ steps: [{ text: 'Hi', delay: { amount: 1, unit: 'weeks' } }] }, 400, 'is_in'],
      [{ steps: [{ text: 'Hi' }] }, 400, 'timing_required'],
      [{ steps: [{ text: 'Hi {{ first', delay: { amount: 0, unit: 'seconds' } }] }, 400, 'invalid_template'],
      [{ sendWindow: { start: '09:00', end: '09:00' } }, 400, 'invalid_send_window'],
      [{ timeZone: 'Mars/Olympus' }, 400, 'unknown_time_zone'],
      [{ audience: {} }, 400, 'audience_required'],
      [{ audience: { contactIds: [contactId, 'ct_nobody'] } }, 400, 'unknown_contact'],
      [{ from: '+14155550000' }, 422, 'sender_not_allowed'],
      [{ from: undefined, fromPool: [sender, '+14155550000'] }, 422, 'sender_not_allowed'],
      [{ color: 'red' }, 400, 'unknown_field'],
    ];
    for (const [overrides, status, code] of cases) {
      const response = await request('POST', '/v1/campaigns', campaign(overrides));
      expect(response.status, `${JSON.stringify(overrides)}: ${JSON.stringify(response.body)}`).toBe(status);
      const codes = [
        response.body.code,
        ...(response.body.errors ?? []).map((error: { code: string }) => error.code),
      ];
      expect(codes).toContain(code);
    }
  });

  it('answers 404 for campaigns and contacts of other accounts', async () => {
    const other = await api.provisionAccount('Other account');
    const theirNumber = (await buyNumber(api, other, await freshNumber(api, other.apiKey))).phoneNumber;
    const theirs = await request('POST', '/v1/campaigns', campaign({ from: theirNumber }), other.apiKey);
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    const theirContact = await request(
      'POST',
      '/v1/contacts',
      { phoneNumber: recipientNumber() },
      other.apiKey,
    );
    const id = theirs.body.id as string;
    expect((await request('GET', `/v1/campaigns/${id}`)).status).toBe(404);
    expect((await request('PATCH', `/v1/campaigns/${id}`, { name: 'Mine' })).status).toBe(404);
    expect((await request('DELETE', `/v1/campaigns/${id}`)).status).toBe(404);
    for (const action of ['start', 'pause', 'resume', 'cancel']) {
      expect((await request('POST', `/v1/campaigns/${id}/${action}`)).status).toBe(404);
    }
    expect((await request('GET', `/v1/campaigns/${id}/stats`)).status).toBe(404);
    const mine = await create();
    const preview = await request('POST', `/v1/campaigns/${mine.id}/preview`, {
      contactId: theirContact.body.id,
    });
    expect(preview.status).toBe(404);
    const listed = await request('GET', '/v1/campaigns?limit=200');
    expect(listed.body.data.map((item: { id: string }) => item.id)).not.toContain(id);
  });

  it('previews every step for a contact, with fallbacks and missing fields', async () => {
    const ada = await contact({ firstName: 'Ada', fields: { plan: 'gold' } });
    const { id } = await create({
      steps: [
        { text: 'Hi {{firstName}}, your {{fields.plan}} plan', delay: { amount: 0, unit: 'seconds' } },
        { text: 'Bye {{lastName | "friend"}} {{fields.coupon}}', delay: { amount: 1, unit: 'days' } },
      ],
    });
    const preview = await request('POST', `/v1/campaigns/${id}/preview`, { contactId: ada.id });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toEqual({
      object: 'campaign_preview',
      campaignId: id,
      contactId: ada.id,
      steps: [
        { stepIndex: 0, text: 'Hi Ada, your gold plan', missingFields: [], encoding: 'gsm7', segments: 1 },
        {
          stepIndex: 1,
          text: 'Bye friend {{fields.coupon}}',
          missingFields: ['fields.coupon'],
          encoding: 'gsm7',
          segments: 1,
        },
      ],
    });
    expect((await request('POST', `/v1/campaigns/${id}/preview`, { contactId: 'ct_nobody' })).status).toBe(
      404,
    );
  });

  it('changes only drafts, and moves through start, pause, resume and cancel', async () => {
    const { id } = await create();
    const renamed = await request('PATCH', `/v1/campaigns/${id}`, { name: 'Renamed', stopOnReply: false });
    expect(renamed.body).toMatchObject({
      name: 'Renamed',
      stopOnReply: false,
      status: 'draft',
      from: sender,
    });

    const started = await request('POST', `/v1/campaigns/${id}/start`);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', startedAt: clock.now().toISOString() });
    const edit = await request('PATCH', `/v1/campaigns/${id}`, { name: 'Too late' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('campaign_not_draft');
    const again = await request('POST', `/v1/campaigns/${id}/start`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'invalid_campaign_transition' });
    expect((await request('POST', `/v1/campaigns/${id}/resume`)).status).toBe(409);

    expect((await request('POST', `/v1/campaigns/${id}/pause`)).body.status).toBe('paused');
    expect((await request('POST', `/v1/campaigns/${id}/resume`)).body.status).toBe('running');
    const canceled = await request('POST', `/v1/campaigns/${id}/cancel`);
    expect(canceled.body).toMatchObject({ status: 'canceled', endedAt: clock.now().toISOString() });
    expect((await request('DELETE', `/v1/campaigns/${id}`)).status).toBe(409);

    const draft = await create();
    expect((await request('DELETE', `/v1/campaigns/${draft.id}`)).status).toBe(204);
    expect((await request('GET', `/v1/campaigns/${draft.id}`)).status).toBe(404);
  });

  it('sends three steps in order with merge fields and send windows; a reply and a STOP end a recipient', async () => {
    clock.set('2030-01-01T12:00:00.000Z');
    const tag = `drip-${randomUUID()}`;
    const ada = await contact({ firstName: 'Ada', tags: [tag], fields: { plan: 'gold' } });
    const bob = await contact({ firstName: 'Bob', tags: [tag] });
    const nameless = await contact({ tags: [tag] });
    const { id } = await create({
      audience: { tags: [tag] },
      sendWindow: { start: '09:00', end: '17:00' },
      steps: [
        { text: 'Hi {{firstName | "there"}}!', delay: { amount: 0, unit: 'seconds' } },
        { text: 'Your {{fields.plan | "basic"}} plan', delay: { amount: 1, unit: 'days' } },
        {
          text: 'Last call',
          delay: { amount: 2, unit: 'hours' },
          sendWindow: { start: '20:00', end: '22:00' },
        },
      ],
    });
    expect((await request('POST', `/v1/campaigns/${id}/start`)).status).toBe(200);
    await enrolled(id);

    const planned = await messagesOf(id);
    const plan = (phoneNumber: string) =>
      planned
        .filter((message) => message.to === phoneNumber)
        .map(({ stepIndex, text, status, sendAt }) => ({
          stepIndex,
          text,
          status,
          sendAt: sendAt.toISOString(),
        }));
    // 09:00 in Los Angeles opens the window; a day later, 09:00 again; two hours on, 11:00 waits for 20:00.
    expect(plan(ada.phoneNumber)).toEqual([
      { stepIndex: 0, text: 'Hi Ada!', status: 'scheduled', sendAt: '2030-01-01T17:00:00.000Z' },
      { stepIndex: 1, text: 'Your gold plan', status: 'scheduled', sendAt: '2030-01-02T17:00:00.000Z' },
      { stepIndex: 2, text: 'Last call', status: 'scheduled', sendAt: '2030-01-03T04:00:00.000Z' },
    ]);
    expect(plan(nameless.phoneNumber).map((message) => message.text)).toEqual([
      'Hi there!',
      'Your basic plan',
      'Last call',
    ]);

    await advanceTo('2030-01-01T17:00:00.000Z');
    await eventually(async () =>
      (await messagesOf(id)).filter((message) => message.status === 'sent').length === 3 ? true : undefined,
    );
    expect(
      (await messagesOf(id)).filter((message) => message.status === 'sent').map((m) => m.stepIndex),
    ).toEqual([0, 0, 0]);

    await inbound(bob.phoneNumber, 'Thanks, who is this?');
    await inbound(nameless.phoneNumber, 'STOP');
    await eventually(async () =>
      (await messagesOf(id)).filter((message) => message.status === 'canceled').length === 4
        ? true
        : undefined,
    );
    const canceled = (await messagesOf(id)).filter((message) => message.status === 'canceled');
    expect(canceled.filter((message) => message.to === bob.phoneNumber).map((m) => m.errorCode)).toEqual([
      'recipient_replied',
      'recipient_replied',
    ]);
    expect(canceled.filter((message) => message.to === nameless.phoneNumber)).toHaveLength(2);

    const sentCount = (count: number) =>
      eventually(async () =>
        (await messagesOf(id)).filter((message) => message.status === 'sent').length === count
          ? true
          : undefined,
      );
    await advanceTo('2030-01-02T17:00:00.000Z');
    await sentCount(4);
    await advanceTo('2030-01-03T04:00:00.000Z');
    await sentCount(5);
    const ledger = await database.root.sandboxCarrierMessage.findMany({
      where: { reference: { in: (await messagesOf(id)).map((message) => message.id) } },
      orderBy: { reference: 'asc' },
    });
    expect(ledger).toHaveLength(5);

    const stats = await request('GET', `/v1/campaigns/${id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      object: 'campaign_stats',
      campaignId: id,
      steps: [
        { stepIndex: 0, scheduled: 3, sent: 3, delivered: 0, failed: 0, replied: 1, optedOut: 1 },
        { stepIndex: 1, scheduled: 1, sent: 1, replied: 0, optedOut: 0 },
        { stepIndex: 2, scheduled: 1, sent: 1 },
      ],
      totals: { scheduled: 5, sent: 5, replied: 1, optedOut: 1 },
    });

    await worker.context.get(CampaignReconcileJob).handle();
    expect((await request('GET', `/v1/campaigns/${id}`)).body.status).toBe('completed');
    const completed = (await eventsOf(api, account.accountId, 'campaign.completed')).filter(
      (event) => (event.data as { id: string }).id === id,
    );
    expect(completed).toHaveLength(1);
  });

  it('leaves opted-out contacts out; pausing withdraws pending steps and resuming plans them again', async () => {
    clock.set('2030-02-01T18:00:00.000Z');
    const tag = `pause-${randomUUID()}`;
    const stays = await contact({ firstName: 'Stay', tags: [tag] });
    const optedOut = await contact({ tags: [tag] });
    await inbound(optedOut.phoneNumber, 'STOP');
    const { id } = await create({
      audience: { tags: [tag] },
      steps: [
        { text: 'One', delay: { amount: 1, unit: 'hours' } },
        { text: 'Two', delay: { amount: 1, unit: 'hours' } },
      ],
    });
    await request('POST', `/v1/campaigns/${id}/start`);
    await enrolled(id);
    expect((await messagesOf(id)).map((message) => message.to)).toEqual([
      stays.phoneNumber,
      stays.phoneNumber,
    ]);

    await request('POST', `/v1/campaigns/${id}/pause`);
    expect((await messagesOf(id)).map((message) => [message.status, message.errorCode])).toEqual([
      ['canceled', 'campaign_paused'],
      ['canceled', 'campaign_paused'],
    ]);
    clock.set('2030-02-01T20:00:00.000Z');
    await request('POST', `/v1/campaigns/${id}/resume`);
    const resumed = (await messagesOf(id)).filter((message) => message.status === 'scheduled');
    expect(resumed.map(({ stepIndex, sendAt }) => [stepIndex, sendAt.toISOString()])).toEqual([
      [0, '2030-02-01T21:00:00.000Z'],
      [1, '2030-02-01T22:00:00.000Z'],
    ]);
    expect((await request('GET', `/v1/campaigns/${id}/stats`)).body.totals.scheduled).toBe(2);
    await request('POST', `/v1/campaigns/${id}/cancel`);
    expect((await messagesOf(id)).filter((message) => message.status === 'scheduled')).toEqual([]);
  });
});
