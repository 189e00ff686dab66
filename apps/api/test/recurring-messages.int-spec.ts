import { fixedClock } from '@switchyard/contracts';
import { DispatchMessageJob } from '@switchyard/messaging';
import { Database } from '@switchyard/prisma';
import { testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type MessagingWorker, startMessagingWorker } from './messaging-worker';
import { buyNumber, eventsOf, freshNumber } from './number-fixtures';

// Area code 415: Los Angeles time.
const recipient = '+14155550124';

describe('recurring messages', () => {
  const clock = fixedClock('2030-01-01T12:00:00.000Z');
  let api: TestApi;
  let worker: MessagingWorker;
  let account: TestAccount;
  let sender: string;

  beforeAll(async () => {
    const env = testEnvironment();
    api = await startTestApi({ clock, env });
    // No BullMQ worker runs the jobs: the test dispatches occurrences itself, on its clock.
    worker = await startMessagingWorker(env, clock, []);
    account = await api.provisionAccount();
    sender = (await buyNumber(api, account, await freshNumber(api, account.apiKey))).phoneNumber;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const create = (body: Record<string, unknown>) =>
    api.request('POST', '/v1/recurring-messages', {
      token: account.apiKey,
      body: { from: sender, to: recipient, text: 'Time for your pill.', ...body },
    });
  const occurrencesOf = (recurringMessageId: string) =>
    api.app.get(Database).root.message.findMany({
      where: { recurringMessageId },
      orderBy: { sendAt: 'asc' },
      select: { id: true, status: true, sendAt: true },
    });
  const sendAtsOf = async (recurringMessageId: string) =>
    (await occurrencesOf(recurringMessageId)).map((occurrence) => occurrence.sendAt?.toISOString());

  it('schedules every occurrence at once, on the recipient’s wall clock', async () => {
    // DTSTART is Sunday 09:00 in Los Angeles; the rule picks Mondays and Thursdays.
    const created = await create({
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4',
      startAt: '2030-01-06T17:00:00.000Z',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      object: 'recurring_message',
      id: expect.stringMatching(/^rmsg_/),
      status: 'active',
      timeZone: 'America/Los_Angeles',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4',
      occurrences: { total: 4, pending: 4, sent: 0, failed: 0, canceled: 0 },
      nextSendAt: '2030-01-07T17:00:00.000Z',
      sendWindow: null,
    });
    expect(await sendAtsOf(created.body.id)).toEqual([
      '2030-01-07T17:00:00.000Z',
      '2030-01-10T17:00:00.000Z',
      '2030-01-14T17:00:00.000Z',
      '2030-01-17T17:00:00.000Z',
    ]);
    // 09:00 stays 09:00 when the clocks go forward on 10 March.
    const daily = await create({ rrule: 'RRULE:FREQ=DAILY;COUNT=4', startAt: '2030-03-08T17:00:00.000Z' });
    expect(await sendAtsOf(daily.body.id)).toEqual([
      '2030-03-08T17:00:00.000Z',
      '2030-03-09T17:00:00.000Z',
      '2030-03-10T16:00:00.000Z',
      '2030-03-11T16:00:00.000Z',
    ]);
    const listed = await api.request('GET', '/v1/recurring-messages?limit=1', { token: account.apiKey });
    expect(listed.body).toMatchObject({ object: 'list', hasMore: true, data: [{ id: daily.body.id }] });
  });

  it('sends occurrences as ordinary messages, and cancels the future ones with the series', async () => {
    const created = await create({
      rrule: 'FREQ=DAILY;INTERVAL=2;COUNT=3',
      startAt: '2030-01-02T17:00:00.000Z',
    });
    const id = created.body.id as string;
    const [first, second, third] = await occurrencesOf(id);
    clock.set('2030-01-02T17:00:00.000Z');
    await worker.context
      .get(DispatchMessageJob)
      .handle({ accountId: account.accountId, messageId: first!.id }, { jobId: first!.id, attempt: 1 });
    const afterOne = await api.request('GET', `/v1/recurring-messages/${id}`, { token: account.apiKey });
    expect(afterOne.body).toMatchObject({
      status: 'active',
      occurrences: { total: 3, pending: 2, sent: 1 },
      nextSendAt: '2030-01-04T17:00:00.000Z',
    });

    const canceled = await api.request('POST', `/v1/recurring-messages/${id}/cancel`, {
      token: account.apiKey,
    });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({
      status: 'canceled',
      occurrences: { total: 3, pending: 0, sent: 1, canceled: 2 },
      nextSendAt: null,
    });
    expect((await occurrencesOf(id)).map((occurrence) => occurrence.status)).toEqual([
      'sent',
      'canceled',
      'canceled',
    ]);
    const events = await eventsOf(api, account.accountId, 'message.canceled');
    const canceledIds = events.map((event) => (event.data as { id: string }).id);
    expect(canceledIds).toEqual(expect.arrayContaining([second!.id, third!.id]));
    const again = await api.request('POST', `/v1/recurring-messages/${id}/cancel`, { token: account.apiKey });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('recurring_message_canceled');
  });

  it('keeps occurrences inside a send window, read on the same clock as the rule', async () => {
    clock.set('2030-01-05T12:00:00.000Z');
    // 21:00 in Los Angeles, after the window closes: each occurrence moves to 09:00 the next morning.
    const created = await create({
      rrule: 'FREQ=DAILY;COUNT=2',
      startAt: '2030-01-08T05:00:00.000Z',
      sendWindow: { start: '09:00', end: '20:00' },
    });
    expect(created.body.sendWindow).toEqual({ start: '09:00', end: '20:00' });
    expect(await sendAtsOf(created.body.id)).toEqual([
      '2030-01-08T17:00:00.000Z',
      '2030-01-09T17:00:00.000Z',
    ]);
  });

  it('refuses rules without an end, malformed or too long, and starts off a whole minute', async () => {
    clock.set('2030-01-05T12:00:00.000Z');
    const startAt = '2030-01-06T17:00:00.000Z';
    const endless = await create({ rrule: 'FREQ=DAILY', startAt });
    expect(endless.status).toBe(400);
    expect(endless.body).toMatchObject({
      code: 'recurrence_without_end',
      errors: [expect.objectContaining({ field: 'rrule' })],
    });
    expect((await create({ rrule: 'FREQ=HOURLY;COUNT=3', startAt })).body.code).toBe(
      'invalid_recurrence_rule',
    );
    const tooMany = await create({ rrule: 'FREQ=DAILY;COUNT=400', startAt });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('recurrence_too_long');
    const tooFar = await create({ rrule: 'FREQ=MONTHLY;UNTIL=20320101T000000Z', startAt });
    expect(tooFar.body.code).toBe('recurrence_too_long');
    const over = await create({
      rrule: 'FREQ=DAILY;UNTIL=20291231T000000Z',
      startAt: '2029-12-01T17:00:00.000Z',
    });
    expect(over.body.code).toBe('recurrence_without_occurrences');
    const offMinute = await create({ rrule: 'FREQ=DAILY;COUNT=2', startAt: '2030-01-06T17:00:30.000Z' });
    expect(offMinute.body.errors).toEqual([expect.objectContaining({ field: 'startAt' })]);
    const zone = await create({ rrule: 'FREQ=DAILY;COUNT=2', startAt, timeZone: 'Atlantis/Capital' });
    expect(zone.body.errors).toEqual([
      expect.objectContaining({ field: 'timeZone', code: 'unknown_time_zone' }),
    ]);
    expect((await create({ rrule: 'FREQ=DAILY;COUNT=2', startAt, to: '+1415' })).status).toBe(400);
    const stranger = await api.provisionAccount('Stranger');
    expect(
      (await api.request('GET', '/v1/recurring-messages', { token: stranger.apiKey })).body.data,
    ).toEqual([]);
  });
});
