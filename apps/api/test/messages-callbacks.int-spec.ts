import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { fixedClock, newId, queueNames } from '@switchyard/contracts';
import { ReconcileCarrierCallbacksJob, sandboxSignature } from '@switchyard/messaging';
import { Database } from '@switchyard/prisma';
import { eventually, testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type MessagingWorker, startMessagingWorker } from './messaging-worker';
import { buyNumber, eventsOf, freshNumber } from './number-fixtures';

const sandboxSecret = 'sandbox-callback-secret-for-tests';
const telnyxKeys = generateKeyPairSync('ed25519');
const telnyxPublicKey = telnyxKeys.publicKey
  .export({ format: 'der', type: 'spki' })
  .subarray(12)
  .toString('base64');
const remote = '+14155550177';

describe('carrier callbacks', () => {
  const clock = fixedClock('2030-01-01T12:00:00.000Z');
  let api: TestApi;
  let worker: MessagingWorker;
  let account: TestAccount;
  let number: string;

  beforeAll(async () => {
    const env = testEnvironment({
      SANDBOX_CARRIER_WEBHOOK_SECRET: sandboxSecret,
      TELNYX_PUBLIC_KEY: telnyxPublicKey,
    });
    api = await startTestApi({ clock, env });
    // Only the callbacks' queue: messages stay queued, so what the assertions see is the callbacks' doing.
    worker = await startMessagingWorker(env, clock, [queueNames.carrierCallbacks]);
    account = await api.provisionAccount();
    number = (await buyNumber(api, account, await freshNumber(api, account.apiKey))).phoneNumber;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  /** The api answers once a callback is stored; the worker applies it just after. */
  const applied = (carrier: string, eventId: string) =>
    eventually(async () => {
      const stored = await api.app.get(Database).root.carrierCallback.findUnique({
        where: { carrier_eventId: { carrier, eventId } },
      });
      return stored?.processedAt ? stored : undefined;
    });

  const unix = () => Math.floor(clock.now().getTime() / 1000);
  const postSandbox = async (body: { id: string }, signature?: string) => {
    const raw = JSON.stringify(body);
    const response = await api.request('POST', '/v1/carrier-webhooks/sandbox', {
      body: raw,
      headers: {
        'content-type': 'application/json',
        'x-sandbox-signature': signature ?? sandboxSignature(sandboxSecret, raw, unix()),
      },
    });
    if (response.status === 200) await applied('sandbox', body.id);
    return response;
  };
  const postTelnyx = async (body: { data: { id: string } }, options: { tamper?: boolean } = {}) => {
    const raw = JSON.stringify(body);
    const timestamp = String(unix());
    const signature = sign(null, Buffer.from(`${timestamp}|${raw}`), telnyxKeys.privateKey).toString(
      'base64',
    );
    const response = await api.request('POST', '/v1/carrier-webhooks/telnyx', {
      body: options.tamper ? raw.replace('Hello', 'Jello') : raw,
      headers: {
        'content-type': 'application/json',
        'telnyx-signature-ed25519': signature,
        'telnyx-timestamp': timestamp,
      },
    });
    if (response.status === 200) await applied('telnyx', body.data.id);
    return response;
  };
  const message = async (id: string) =>
    (await api.request('GET', `/v1/messages/${id}`, { token: account.apiKey })).body;
  const eventsFor = async (type: string, id: string) =>
    (await eventsOf(api, account.accountId, type)).filter(
      (event) => (event.data as { id: string }).id === id,
    );
  const status = (id: string, reported: string, eventId = randomUUID()) => ({
    id: eventId,
    type: 'message.status',
    data: { carrierMessageId: `sandbox-message-${id}`, reference: id, status: reported },
  });

  it('moves statuses forward only, whatever order the callbacks arrive in, and ignores redeliveries', async () => {
    const sent = await api.request('POST', '/v1/messages', {
      token: account.apiKey,
      body: { from: number, to: remote, text: 'Order 1' },
    });
    const id = sent.body.id as string;
    const delivered = status(id, 'delivered');
    expect((await postSandbox(delivered)).status).toBe(200);
    expect(await message(id)).toMatchObject({
      status: 'delivered',
      carrierMessageId: `sandbox-message-${id}`,
    });
    expect((await postSandbox(status(id, 'sent'))).status).toBe(200);
    expect((await postSandbox(delivered)).status).toBe(200);
    expect((await message(id)).status).toBe('delivered');
    expect(await eventsFor('message.delivered', id)).toHaveLength(1);
    expect(await eventsFor('message.sent', id)).toHaveLength(0);
  });

  it('answers 400 to a bad or stale signature and changes nothing', async () => {
    const sent = await api.request('POST', '/v1/messages', {
      token: account.apiKey,
      body: { from: number, to: remote, text: 'Order 2' },
    });
    const id = sent.body.id as string;
    const failed = status(id, 'failed');
    const forged = await postSandbox(
      failed,
      sandboxSignature('not-the-secret-at-all', JSON.stringify(failed), unix()),
    );
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('invalid_signature');
    const stale = await postSandbox(
      failed,
      sandboxSignature(sandboxSecret, JSON.stringify(failed), unix() - 301),
    );
    expect(stale.status).toBe(400);
    const missing = await api.request('POST', '/v1/carrier-webhooks/sandbox', { body: failed });
    expect(missing.status).toBe(400);
    expect(await api.app.get(Database).root.carrierCallback.count({ where: { eventId: failed.id } })).toBe(0);
    expect((await message(id)).status).toBe('queued');
    expect(await eventsFor('message.failed', id)).toHaveLength(0);
    // The refused callback left no trace, so the genuine one with the same event id still applies.
    expect((await postSandbox(failed)).status).toBe(200);
    expect((await message(id)).status).toBe('failed');
  });

  it('stores inbound messages on the number they arrived on, once', async () => {
    const eventId = randomUUID();
    const inbound = {
      id: eventId,
      type: 'message.received',
      data: { carrierMessageId: `in-${eventId}`, from: remote, to: number, text: `Hi there ${eventId}` },
    };
    expect((await postSandbox(inbound)).status).toBe(200);
    expect((await postSandbox(inbound)).status).toBe(200);
    const listed = await api.request('GET', `/v1/messages?direction=inbound&q=${eventId}`, {
      token: account.apiKey,
    });
    expect(listed.body.data).toEqual([
      expect.objectContaining({ direction: 'inbound', status: 'received', from: remote, to: number }),
    ]);
    expect(await eventsFor('message.received', listed.body.data[0].id)).toHaveLength(1);
  });

  it('verifies Telnyx callbacks with ed25519 on the raw body', async () => {
    const eventId = randomUUID();
    const inbound = {
      data: {
        id: eventId,
        event_type: 'message.received',
        payload: {
          id: `telnyx-${eventId}`,
          text: `Hello ${eventId}`,
          from: { phone_number: remote },
          to: [{ phone_number: number, status: 'webhook_delivered' }],
        },
      },
    };
    const tampered = await postTelnyx(inbound, { tamper: true });
    expect(tampered.status).toBe(400);
    expect(tampered.body.code).toBe('invalid_signature');
    expect((await postTelnyx(inbound)).status).toBe(200);
    const listed = await api.request('GET', `/v1/messages?q=${eventId}`, { token: account.apiKey });
    expect(listed.body.data).toEqual([
      expect.objectContaining({ direction: 'inbound', text: `Hello ${eventId}` }),
    ]);

    const sent = await api.request('POST', '/v1/messages', {
      token: account.apiKey,
      body: { from: number, to: remote, text: 'Telnyx status' },
    });
    await api.app.get(Database).root.message.update({
      where: { id: sent.body.id },
      data: { status: 'sent', carrierMessageId: `tx-${eventId}` },
    });
    const finalized = {
      data: {
        id: randomUUID(),
        event_type: 'message.finalized',
        payload: {
          id: `tx-${eventId}`,
          from: { phone_number: number },
          to: [{ phone_number: remote, status: 'delivery_failed' }],
          errors: [{ code: '40002' }],
        },
      },
    };
    expect((await postTelnyx(finalized)).status).toBe(200);
    expect(await message(sent.body.id)).toMatchObject({ status: 'undelivered', errorCode: '40002' });
    expect(await eventsFor('message.undelivered', sent.body.id)).toHaveLength(1);
    expect(await eventsFor('message.failed', sent.body.id)).toHaveLength(0);
  });

  it('opts a recipient out on STOP, cancels what is pending for them, confirms, and opts them in on START', async () => {
    const contact = '+14155550166';
    const token = account.apiKey;
    const pending = await api.request('POST', '/v1/messages', {
      token,
      body: { from: number, to: contact, text: 'Sale tomorrow', sendAt: '2030-01-02T12:00:00.000Z' },
    });
    expect(pending.body.status).toBe('scheduled');
    const keyword = (text: string) => ({
      id: randomUUID(),
      type: 'message.received',
      data: { carrierMessageId: `in-${randomUUID()}`, from: contact, to: number, text },
    });
    expect((await postSandbox(keyword(' stop '))).status).toBe(200);
    expect((await message(pending.body.id)).status).toBe('canceled');
    expect(await eventsFor('message.canceled', pending.body.id)).toHaveLength(1);
    const optedOut = await eventsOf(api, account.accountId, 'contact.opted_out');
    expect(optedOut.map((event) => event.data)).toContainEqual(
      expect.objectContaining({ phoneNumber: contact }),
    );
    const replies = await api.request('GET', `/v1/messages?direction=outbound&number=${contact.slice(1)}`, {
      token,
    });
    expect(replies.body.data[0]).toMatchObject({
      to: contact,
      status: 'queued',
      text: expect.stringContaining('unsubscribed'),
    });

    const refused = await api.request('POST', '/v1/messages', {
      token,
      body: { from: number, to: contact, text: 'Hi?' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('recipient_opted_out');

    expect((await postSandbox(keyword('HELP'))).status).toBe(200);
    expect((await postSandbox(keyword('Start'))).status).toBe(200);
    const optedIn = await eventsOf(api, account.accountId, 'contact.opted_in');
    expect(optedIn.map((event) => event.data)).toContainEqual(
      expect.objectContaining({ phoneNumber: contact }),
    );
    const allowed = await api.request('POST', '/v1/messages', {
      token,
      body: { from: number, to: contact, text: 'Welcome back' },
    });
    expect(allowed.status).toBe(201);
    const texts = (
      await api.request('GET', `/v1/messages?direction=outbound&number=${contact.slice(1)}`, { token })
    ).body.data.map((sent: { text: string }) => sent.text);
    expect(texts).toEqual([
      'Welcome back',
      expect.stringContaining('subscribed again'),
      expect.stringContaining('Contact us for help.'),
      expect.stringContaining('unsubscribed'),
      'Sale tomorrow',
    ]);
  });

  it('applies a stored callback whose job Redis lost once the reconciler runs, and only once', async () => {
    const sent = await api.request('POST', '/v1/messages', {
      token: account.apiKey,
      body: { from: number, to: remote, text: 'Lost job' },
    });
    const id = sent.body.id as string;
    const database = api.app.get(Database);
    // Stored by the api a minute ago; its job never reached the worker.
    const callbackId = newId('carrierCallback');
    await database.root.carrierCallback.create({
      data: {
        id: callbackId,
        carrier: 'sandbox',
        eventId: randomUUID(),
        kind: 'status',
        payload: { carrierMessageId: `sandbox-message-${id}`, reference: id, status: 'delivered' },
        receivedAt: new Date(clock.now().getTime() - 60_000),
      },
    });
    const reconcile = worker.context.get(ReconcileCarrierCallbacksJob);
    await reconcile.handle();
    await eventually(async () => {
      const row = await database.root.carrierCallback.findUnique({ where: { id: callbackId } });
      return row?.processedAt ? row : undefined;
    });
    expect((await message(id)).status).toBe('delivered');
    await reconcile.handle();
    expect(await eventsFor('message.delivered', id)).toHaveLength(1);
  });

  it('keeps one conversation per number and remote party, with unread count, read and mute', async () => {
    const token = account.apiKey;
    const party = '+14155550155';
    const outbound = await api.request('POST', '/v1/messages', {
      token,
      body: { from: number, to: party, text: 'Are you coming?' },
    });
    const inbound = (text: string) => ({
      id: randomUUID(),
      type: 'message.received',
      data: { carrierMessageId: `in-${randomUUID()}`, from: party, to: number, text },
    });
    await postSandbox(inbound('Sure'));
    await postSandbox(inbound('In 5 minutes'));
    const conversationId = outbound.body.conversationId as string;
    expect(conversationId).toMatch(/^conv_/);
    const listed = await api.request('GET', '/v1/conversations?limit=200', { token });
    const conversation = listed.body.data.find((item: { id: string }) => item.id === conversationId);
    expect(conversation).toMatchObject({
      object: 'conversation',
      remoteNumber: party,
      unreadCount: 2,
      muted: false,
      lastMessage: { direction: 'inbound', text: 'In 5 minutes' },
    });
    const thread = await api.request('GET', `/v1/conversations/${conversationId}/messages`, { token });
    expect(thread.body.data.map((item: { text: string }) => item.text)).toEqual([
      'In 5 minutes',
      'Sure',
      'Are you coming?',
    ]);
    const read = await api.request('POST', `/v1/conversations/${conversationId}/read`, { token });
    expect(read.body.unreadCount).toBe(0);
    expect(
      (await api.request('POST', `/v1/conversations/${conversationId}/mute`, { token })).body.muted,
    ).toBe(true);
    expect(
      (await api.request('POST', `/v1/conversations/${conversationId}/unmute`, { token })).body.muted,
    ).toBe(false);
    const stranger = await api.provisionAccount('Stranger');
    const foreign = await api.request('GET', `/v1/conversations/${conversationId}/messages`, {
      token: stranger.apiKey,
    });
    expect(foreign.status).toBe(404);
  });
});
