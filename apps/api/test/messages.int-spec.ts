import { fixedClock, newId } from '@switchyard/contracts';
import { DispatchMessageJob, ReconcileMessagesJob } from '@switchyard/messaging';
import { CARRIER, type CarrierPort } from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { eventually, testEnvironment } from '@switchyard/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type MessagingWorker, startMessagingWorker } from './messaging-worker';
import { buyNumber, eventsOf, freshNumber, signedInUser } from './number-fixtures';

const start = '2030-01-01T12:00:00.000Z';
const recipient = '+14155550199';

describe('messages', () => {
  const clock = fixedClock(start);
  const env = testEnvironment();
  let api: TestApi;
  let worker: MessagingWorker;
  let account: TestAccount;
  let database: Database;
  let sender: string;

  beforeAll(async () => {
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

  const send = (body: Record<string, unknown>, token = account.apiKey) =>
    api.request('POST', '/v1/messages', { token, body: { from: sender, to: recipient, ...body } });
  const ledger = (references: readonly string[]) =>
    database.root.sandboxCarrierMessage.findMany({ where: { reference: { in: [...references] } } });
  const statusOf = async (id: string) =>
    (await api.request('GET', `/v1/messages/${id}`, { token: account.apiKey })).body.status as string;
  const dispatch = (messageId: string, attempt = 1) =>
    worker.context
      .get(DispatchMessageJob)
      .handle({ accountId: account.accountId, messageId }, { jobId: messageId, attempt });

  it('sends a message once: queued, then sent by the worker, with events and one carrier submission', async () => {
    const sent = await send({ text: 'Your table is ready.' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({
      object: 'message',
      id: expect.stringMatching(/^msg_/),
      direction: 'outbound',
      from: sender,
      to: recipient,
      status: 'queued',
      encoding: 'gsm7',
      segments: 1,
      cost: { currency: 'USD' },
      sendAt: null,
    });
    await eventually(async () => ((await statusOf(sent.body.id)) === 'sent' ? true : undefined));
    const [entry, ...others] = await ledger([sent.body.id]);
    expect(others).toEqual([]);
    const read = await api.request('GET', `/v1/messages/${sent.body.id}`, { token: account.apiKey });
    expect(read.body).toMatchObject({
      status: 'sent',
      carrierMessageId: entry!.carrierMessageId,
      sentAt: start,
    });
    const queued = await eventsOf(api, account.accountId, 'message.queued');
    const sentEvents = await eventsOf(api, account.accountId, 'message.sent');
    expect(queued.some((event) => (event.data as { id: string }).id === sent.body.id)).toBe(true);
    expect(sentEvents.filter((event) => (event.data as { id: string }).id === sent.body.id)).toHaveLength(1);
  });

  it('counts segments and encoding, and refuses more than 10 segments', async () => {
    const long = await send({ text: 'a'.repeat(161) });
    expect(long.body).toMatchObject({ encoding: 'gsm7', segments: 2 });
    const unicode = await send({ text: 'Grüße 👋' });
    expect(unicode.body).toMatchObject({ encoding: 'ucs2', segments: 1 });
    const perSegment = long.body.cost.amount / 2;
    expect(unicode.body.cost.amount).toBe(perSegment);
    const tooLong = await send({ text: 'ж'.repeat(700) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.code).toBe('too_many_segments');
  });

  it('rejects invalid recipients and senders the caller may not use', async () => {
    const badTo = await send({ to: '+1415', text: 'hi' });
    expect(badTo.status).toBe(400);
    expect(badTo.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    const notMine = await send({ from: '+14155550100', text: 'hi' });
    expect(notMine.status).toBe(422);
    expect(notMine.body.code).toBe('sender_not_allowed');
    const agent = await signedInUser(api, account);
    const unshared = await send({ text: 'hi' }, agent.token);
    expect(unshared.status).toBe(422);
    expect(unshared.body.code).toBe('sender_not_allowed');
    const stranger = await api.provisionAccount('Stranger');
    const mine = await send({ text: 'private' });
    expect(
      (await api.request('GET', `/v1/messages/${mine.body.id}`, { token: stranger.apiKey })).status,
    ).toBe(404);
  });

  it('submits once however often the dispatch job runs, and after a worker died mid-way', async () => {
    const scheduled = await send({ text: 'Twice?', sendAt: '2030-01-01T12:10:00.000Z' });
    const id = scheduled.body.id as string;
    await dispatch(id);
    expect(await statusOf(id)).toBe('scheduled');
    clock.advance(10 * 60_000);
    await Promise.all([dispatch(id), dispatch(id, 2), dispatch(id, 3)]);
    expect(await statusOf(id)).toBe('sent');
    expect(await ledger([id])).toHaveLength(1);

    // A worker submitted and died before recording it: its lease runs out and another worker finishes the job.
    const crashed = await send({ text: 'Crash', sendAt: '2030-01-01T12:20:00.000Z' });
    const crashedId = crashed.body.id as string;
    clock.advance(10 * 60_000);
    const carrier = worker.context.get<CarrierPort>(CARRIER, { strict: false });
    const { carrierMessageId } = await carrier.sendMessage({
      from: sender,
      to: recipient,
      text: 'Crash',
      reference: crashedId,
    });
    await database.root.message.update({
      where: { id: crashedId },
      data: {
        status: 'sending',
        leaseOwner: 'dead-worker',
        leaseExpiresAt: new Date(clock.now().getTime() + 60_000),
      },
    });
    await dispatch(crashedId);
    expect(await statusOf(crashedId)).toBe('sending');
    clock.advance(61_000);
    await dispatch(crashedId);
    const recovered = await api.request('GET', `/v1/messages/${crashedId}`, { token: account.apiKey });
    expect(recovered.body).toMatchObject({ status: 'sent', carrierMessageId });
    expect(await ledger([crashedId])).toHaveLength(1);
  });

  it('schedules within one minute to one year, and cancels only while nobody sent it', async () => {
    const now = clock.now().getTime();
    const tooSoon = await send({ text: 'soon', sendAt: new Date(now + 30_000).toISOString() });
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body).toMatchObject({
      code: 'send_at_out_of_window',
      earliest: new Date(now + 60_000).toISOString(),
    });
    const later = await send({ text: 'later', sendAt: new Date(now + 3_600_000).toISOString() });
    expect(later.body).toMatchObject({
      status: 'scheduled',
      sendAt: new Date(now + 3_600_000).toISOString(),
    });
    const canceled = await api.request('POST', `/v1/messages/${later.body.id}/cancel`, {
      token: account.apiKey,
    });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    const again = await api.request('POST', `/v1/messages/${later.body.id}/cancel`, {
      token: account.apiKey,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('message_not_cancelable');
    clock.advance(3_600_000);
    await dispatch(later.body.id);
    expect(await ledger([later.body.id])).toEqual([]);
    const events = await eventsOf(api, account.accountId, 'message.canceled');
    expect(events.filter((event) => (event.data as { id: string }).id === later.body.id)).toHaveLength(1);
  });

  it('reschedules only while scheduled, moving the dispatch job, and loses cleanly to a dispatcher', async () => {
    const token = account.apiKey;
    const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
    const scheduled = await send({ text: 'move me', sendAt: at(3_600_000) });
    const id = scheduled.body.id as string;
    const jobState = async () =>
      (await worker.context.get(QueueConnection).queue('messages').getJob(id))?.getState();
    // Due beyond the arming horizon: only Postgres holds it until the reconciler arms it.
    expect(await jobState()).toBeUndefined();
    const nearer = await api.request('PATCH', `/v1/messages/${id}`, { token, body: { sendAt: at(180_000) } });
    expect(nearer.status).toBe(200);
    expect(await jobState()).toBe('delayed');
    const moved = await api.request('PATCH', `/v1/messages/${id}`, {
      token,
      body: { sendAt: at(7_200_000) },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'scheduled', sendAt: at(7_200_000) });
    expect(await jobState()).toBe('delayed');
    const tooSoon = await api.request('PATCH', `/v1/messages/${id}`, { token, body: { sendAt: at(1_000) } });
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body.code).toBe('send_at_out_of_window');

    clock.advance(7_200_000);
    const [raced] = await Promise.all([
      api.request('PATCH', `/v1/messages/${id}`, { token, body: { sendAt: at(600_000) } }),
      dispatch(id),
    ]);
    if (raced.status === 200) {
      expect(await statusOf(id)).toBe('scheduled');
      expect(await ledger([id])).toEqual([]);
    } else {
      expect(raced.status).toBe(409);
      expect(raced.body.code).toBe('message_not_scheduled');
      expect(await ledger([id])).toHaveLength(1);
    }
  });

  it('lets exactly one of a cancel and a dispatch racing for a due message win', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      const sendAt = new Date(clock.now().getTime() + 120_000).toISOString();
      ids.push((await send({ text: `race ${index}`, sendAt })).body.id);
    }
    clock.advance(120_000);
    for (const id of ids) {
      const [cancel] = await Promise.all([
        api.request('POST', `/v1/messages/${id}/cancel`, { token: account.apiKey }),
        dispatch(id),
      ]);
      const submitted = (await ledger([id])).length;
      if (cancel.status === 200) {
        expect(submitted).toBe(0);
        expect(await statusOf(id)).toBe('canceled');
      } else {
        expect(cancel.status).toBe(409);
        expect(submitted).toBe(1);
        expect(await statusOf(id)).toBe('sent');
      }
    }
  });

  it('re-arms all 1,000 scheduled messages from Postgres after Redis lost its jobs, and sends each once', async () => {
    const count = 1_000;
    const sendAt = new Date(clock.now().getTime() + 120_000).toISOString();
    const scheduled = await api.request('POST', '/v1/messages/bulk', {
      token: account.apiKey,
      body: {
        messages: Array.from({ length: count }, (_, index) => ({
          from: sender,
          to: recipient,
          text: `bulk ${index}`,
          sendAt,
        })),
      },
    });
    expect(scheduled.status, JSON.stringify(scheduled.body).slice(0, 500)).toBe(201);
    const ids = (scheduled.body.data as { id: string; status: string }[]).map((message) => message.id);
    expect(ids).toHaveLength(count);
    const redis = new Redis(env.REDIS_URL!);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.REDIS_KEY_PREFIX}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    clock.advance(120_000);
    await worker.context.get(ReconcileMessagesJob).handle();
    await eventually(
      async () => {
        const sent = await database.root.message.count({ where: { id: { in: ids }, status: 'sent' } });
        return sent === count ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const entries = await ledger(ids);
    expect(entries).toHaveLength(count);
    expect(new Set(entries.map((entry) => entry.reference)).size).toBe(count);
  });

  it('lists with filters, text search and cursor pagination, and exports CSV', async () => {
    const marker = `needle-${newId('request').slice(-6)}`;
    const first = await send({ text: `first ${marker}` });
    const second = await send({ text: `second ${marker.toUpperCase()}` });
    const token = account.apiKey;
    const searched = await api.request('GET', `/v1/messages?q=${marker}&limit=1`, { token });
    expect(searched.body).toMatchObject({ object: 'list', hasMore: true, nextCursor: second.body.id });
    expect(searched.body.data.map((message: { id: string }) => message.id)).toEqual([second.body.id]);
    const next = await api.request(
      'GET',
      `/v1/messages?q=${marker}&limit=1&startingAfter=${second.body.id}`,
      {
        token,
      },
    );
    expect(next.body.data.map((message: { id: string }) => message.id)).toEqual([first.body.id]);
    const inbound = await api.request('GET', `/v1/messages?q=${marker}&direction=inbound`, { token });
    expect(inbound.body.data).toEqual([]);
    const byNumber = await api.request('GET', `/v1/messages?q=${marker}&number=5550199`, { token });
    expect(byNumber.body.data).toHaveLength(2);
    const csv = await api.request('GET', `/v1/messages?q=${marker}`, {
      token,
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,direction,from,to,status,text/);
    expect(lines).toHaveLength(3);
  });

  describe('send windows', () => {
    const window = { start: '09:00', end: '20:00' };

    it('moves a send outside the recipient’s local hours to the next opening, in the zone of the number', async () => {
      // 04:00 in Los Angeles, where area code 415 is.
      clock.set('2030-02-01T12:00:00.000Z');
      const now = await send({ text: 'Good morning', sendWindow: window });
      expect(now.status, JSON.stringify(now.body)).toBe(201);
      expect(now.body).toMatchObject({
        status: 'scheduled',
        sendAt: '2030-02-01T17:00:00.000Z',
        sendWindow: { start: '09:00', end: '20:00', timeZone: 'America/Los_Angeles' },
      });
      const inside = await send({ text: 'At ten', sendAt: '2030-02-01T18:00:00.000Z', sendWindow: window });
      expect(inside.body).toMatchObject({ status: 'scheduled', sendAt: '2030-02-01T18:00:00.000Z' });
      const atNight = await send({
        text: 'At nine pm',
        sendAt: '2030-02-02T05:00:00.000Z',
        sendWindow: window,
      });
      expect(atNight.body.sendAt).toBe('2030-02-02T17:00:00.000Z');
      const moved = await api.request('PATCH', `/v1/messages/${inside.body.id}`, {
        token: account.apiKey,
        body: { sendAt: '2030-02-02T06:00:00.000Z' },
      });
      expect(moved.body).toMatchObject({ status: 'scheduled', sendAt: '2030-02-02T17:00:00.000Z' });
    });

    it('reads the window in the zone given, else the country’s, else the account’s', async () => {
      clock.set('2030-02-01T12:00:00.000Z');
      const london = await send({
        text: 'Noon in London',
        sendWindow: { ...window, timeZone: 'Europe/London' },
      });
      expect(london.body).toMatchObject({
        status: 'queued',
        sendAt: null,
        sendWindow: { timeZone: 'Europe/London' },
      });
      // No zone is known for French numbers, so the account's (America/New_York, 07:00) applies.
      const paris = await send({ to: '+33612345678', text: 'Bonjour', sendWindow: window });
      expect(paris.body).toMatchObject({
        status: 'scheduled',
        sendAt: '2030-02-01T14:00:00.000Z',
        sendWindow: { timeZone: 'America/New_York' },
      });
    });

    it('refuses malformed windows and unknown zones, per field', async () => {
      const hours = await send({ text: 'x', sendWindow: { start: '25:00', end: '20:00' } });
      expect(hours.status).toBe(400);
      expect(hours.body).toMatchObject({
        code: 'invalid_send_window',
        errors: [expect.objectContaining({ field: 'sendWindow' })],
      });
      const empty = await send({ text: 'x', sendWindow: { start: '09:00', end: '09:00' } });
      expect(empty.body.code).toBe('invalid_send_window');
      const format = await send({ text: 'x', sendWindow: { start: '9am', end: '20:00' } });
      expect(format.status).toBe(400);
      expect(format.body.code).toBe('validation_failed');
      const zone = await send({ text: 'x', sendWindow: { ...window, timeZone: 'Mars/Olympus_Mons' } });
      expect(zone.status).toBe(400);
      expect(zone.body).toMatchObject({
        code: 'unknown_time_zone',
        errors: [expect.objectContaining({ field: 'sendWindow.timeZone' })],
      });
      const extra = await send({ text: 'x', sendWindow: { ...window, days: ['MO'] } });
      expect(extra.status).toBe(400);
    });

    it('checks the window again at dispatch: a message due outside it waits for the opening, then goes once', async () => {
      clock.set('2030-02-01T12:00:00.000Z');
      // 19:00 in Los Angeles: inside the window when scheduled.
      const late = await send({
        text: 'Before closing',
        sendAt: '2030-02-02T03:00:00.000Z',
        sendWindow: window,
      });
      const id = late.body.id as string;
      // The job runs two hours late (21:00 local): the message is scheduled again, not sent.
      clock.set('2030-02-02T05:00:00.000Z');
      await dispatch(id);
      const held = await api.request('GET', `/v1/messages/${id}`, { token: account.apiKey });
      expect(held.body).toMatchObject({ status: 'scheduled', sendAt: '2030-02-02T17:00:00.000Z' });
      expect(await ledger([id])).toEqual([]);
      // At the opening the reconciler arms it again and the worker sends it.
      clock.set('2030-02-02T17:00:00.000Z');
      await worker.context.get(ReconcileMessagesJob).handle();
      await eventually(async () => ((await statusOf(id)) === 'sent' ? true : undefined));
      expect(await ledger([id])).toHaveLength(1);
    });
  });

  it('lists conversations by last activity with a cursor over (lastMessageAt, id)', async () => {
    const token = account.apiKey;
    const remotes = ['+14155550181', '+14155550182', '+14155550183', '+14155550184', '+14155550185'];
    const conversationOf = async (to: string) => (await send({ to, text: `hi ${to}` })).body.conversationId;
    clock.set('2030-03-01T12:00:00.000Z');
    const a = await conversationOf(remotes[0]!);
    clock.advance(1_000);
    const b = await conversationOf(remotes[1]!);
    clock.advance(1_000);
    const c = await conversationOf(remotes[2]!);
    clock.advance(1_000);
    await conversationOf(remotes[0]!);
    // Two conversations active at the same instant: the id breaks the tie.
    clock.advance(1_000);
    const d = await conversationOf(remotes[3]!);
    const e = await conversationOf(remotes[4]!);
    const expected = [e, d, a, c, b];

    const walked: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < expected.length; page += 1) {
      const query: string = cursor === null ? '' : `&startingAfter=${cursor}`;
      const listed = await api.request('GET', `/v1/conversations?limit=1${query}`, { token });
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      walked.push(listed.body.data[0].id);
      cursor = listed.body.nextCursor;
    }
    expect(walked).toEqual(expected);
    const first = await api.request('GET', '/v1/conversations?limit=3', { token });
    expect(first.body.data.map((item: { id: string }) => item.id)).toEqual([e, d, a]);
    expect(first.body.data[2]).toMatchObject({
      lastMessageAt: '2030-03-01T12:00:03.000Z',
      lastMessage: { text: `hi ${remotes[0]}` },
    });
    const next = await api.request(
      'GET',
      `/v1/conversations?limit=2&startingAfter=${first.body.nextCursor}`,
      {
        token,
      },
    );
    expect(next.body.data.map((item: { id: string }) => item.id)).toEqual([c, b]);
    const back = await api.request('GET', `/v1/conversations?limit=2&endingBefore=${first.body.nextCursor}`, {
      token,
    });
    expect(back.body.data.map((item: { id: string }) => item.id)).toEqual([e, d]);
    const invalid = await api.request('GET', `/v1/conversations?startingAfter=${a}`, { token });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ field: 'startingAfter', code: 'invalid_cursor' }),
    ]);
  });
});
