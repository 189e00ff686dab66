import { CallerNumbers, CallHangupBus, CallRecorder, type NewCall } from '@switchyard/calls';
import { fixedClock } from '@switchyard/contracts';
import { createLogger } from '@switchyard/logging';
import { type OpenApiDocument, openApiMismatches, testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type CallsSip, outboundCall, startCallsSip, trunkLeg } from './call-fixtures';
import { buyNumber, eventsOf, freshNumber, signedInUser } from './number-fixtures';

const start = new Date('2030-01-01T12:00:00.000Z');
const seconds = (count: number, from = start) => new Date(from.getTime() + count * 1000);

describe('call records', () => {
  const clock = fixedClock(start);
  const env = testEnvironment();
  let api: TestApi;
  let sip: CallsSip;
  let account: TestAccount;
  let recorder: CallRecorder;

  beforeAll(async () => {
    api = await startTestApi({ env, clock });
    sip = await startCallsSip(env, clock);
    account = await api.provisionAccount();
    recorder = sip.context.get(CallRecorder);
  });
  afterAll(async () => {
    await sip?.close();
    await api?.close();
  });

  const read = (id: string, token = account.apiKey) => api.request('GET', `/v1/calls/${id}`, { token });
  const hangUp = (id: string, token = account.apiKey) => api.request('DELETE', `/v1/calls/${id}`, { token });
  const eventsOfCall = async (accountId: string, type: string, callId: string) =>
    (await eventsOf(api, accountId, type)).filter((event) => (event.data as { id: string }).id === callId);

  /** A call that rings at +2 s, is answered at +10 s and ends at +95.2 s, hung up by the caller. */
  async function answeredCall(accountId: string, overrides: Partial<NewCall> = {}, at = start) {
    const { call, callerLeg } = outboundCall(accountId, at, overrides);
    const record = recorder.begin(call, callerLeg);
    const far = trunkLeg(call, seconds(1, at));
    record.addLeg(far);
    record.legRinging(far.id, seconds(2, at));
    record.ringing(seconds(2, at));
    record.legAnswered(far.id, seconds(10, at));
    record.legAnswered(callerLeg.id, seconds(10, at));
    record.answered(seconds(10, at));
    const ending = { sipStatus: 200, sipReason: 'Normal call clearing', at: new Date(at.getTime() + 95_200) };
    record.legEnded(callerLeg.id, ending);
    record.legEnded(far.id, ending);
    record.ended({ ...ending, hangupSource: 'caller' });
    await record.settled();
    return { call, callerLeg, far };
  }

  /** A call that ends unanswered with the given SIP status. */
  async function unansweredCall(
    accountId: string,
    sipStatus: number,
    overrides: Partial<NewCall> = {},
    at = start,
  ) {
    const { call, callerLeg } = outboundCall(accountId, at, overrides);
    const record = recorder.begin(call, callerLeg);
    record.ringing(seconds(1, at));
    record.ended({ sipStatus, sipReason: 'Busy Here', hangupSource: 'callee', at: seconds(5, at) });
    await record.settled();
    return call;
  }

  it('records a call from INVITE to hang-up, with legs, timeline, durations and one event per step', async () => {
    const { call, callerLeg } = outboundCall(account.accountId, start, { phoneNumber: '+14155550123' });
    const record = recorder.begin(call, callerLeg);
    await record.settled();
    const live = await read(call.id);
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    expect(live.body).toMatchObject({
      id: call.id,
      object: 'call',
      direction: 'outbound',
      from: '101',
      to: '+14155550199',
      phoneNumber: '+14155550123',
      status: 'initiated',
      timeline: [{ status: 'initiated', at: start.toISOString() }],
      totalSeconds: null,
      billableSeconds: null,
      endedAt: null,
      legs: [{ id: callerLeg.id, object: 'call_leg', role: 'caller', status: 'initiated' }],
    });

    const far = trunkLeg(call, seconds(1));
    record.addLeg(far);
    record.legRinging(far.id, seconds(2));
    record.ringing(seconds(2));
    record.ringing(seconds(3));
    record.legAnswered(far.id, seconds(10));
    record.answered(seconds(10));
    const ending = { sipStatus: 200, sipReason: 'Normal call clearing', at: seconds(95.2) };
    record.legEnded(far.id, ending);
    record.ended({ ...ending, hangupSource: 'callee' });
    record.ended({ ...ending, sipStatus: 500, hangupSource: 'system' });
    await record.settled();

    const finished = await read(call.id);
    expect(finished.body).toMatchObject({
      status: 'completed',
      sipStatus: 200,
      hangupSource: 'callee',
      ringingAt: seconds(2).toISOString(),
      answeredAt: seconds(10).toISOString(),
      endedAt: seconds(95.2).toISOString(),
      totalSeconds: 96,
      billableSeconds: 86,
      timeline: ['initiated', 'ringing', 'answered', 'completed'].map((status) => ({
        status,
        at: expect.any(String),
      })),
      legs: [
        { role: 'caller', status: 'initiated' },
        {
          id: far.id,
          role: 'callee',
          target: far.target,
          status: 'completed',
          sipStatus: 200,
          answeredAt: seconds(10).toISOString(),
          endedAt: seconds(95.2).toISOString(),
        },
      ],
    });
    for (const type of ['call.initiated', 'call.ringing', 'call.answered', 'call.completed']) {
      expect(await eventsOfCall(account.accountId, type, call.id), type).toHaveLength(1);
    }
    const [completed] = await eventsOfCall(account.accountId, 'call.completed', call.id);
    expect(completed!.data).toEqual(finished.body);
    const [initiated] = await eventsOfCall(account.accountId, 'call.initiated', call.id);
    expect(initiated!.data).toMatchObject({ id: call.id, object: 'call', status: 'initiated' });
    expect(await eventsOfCall(account.accountId, 'call.failed', call.id)).toEqual([]);
  });

  it('shows what the media engine measured per party role, not per SIP tag, once the media session ended', async () => {
    const { call, callerLeg } = outboundCall(account.accountId, start);
    const record = recorder.begin(call, callerLeg);
    record.answered(seconds(2));
    record.ended({ sipStatus: 200, sipReason: 'OK', hangupSource: 'caller', at: seconds(30) });
    await record.settled();
    expect((await read(call.id)).body.mediaStats).toBeNull();

    record.mediaMeasured(
      {
        packets: 3600,
        bytes: 619_200,
        errors: 2,
        legs: [
          { legTag: 'tag-of-callee', packets: 1400, bytes: 240_800, errors: 0 },
          { legTag: 'prompts', packets: 0, bytes: 0, errors: 0 },
          { legTag: 'tag-of-caller', packets: 1600, bytes: 275_200, errors: 2 },
          { legTag: 'tag-of-transfer-target', packets: 600, bytes: 103_200, errors: 0 },
        ],
        quality: [
          { ssrc: 42, mos: 4.3, jitterMs: 12, packetLossPercent: 0.5, roundTripMs: 48, packetsLost: 7 },
        ],
      },
      (tag) => (tag === 'tag-of-caller' ? 'caller' : tag === 'prompts' ? null : 'callee'),
    );
    await record.settled();

    const measured = await read(call.id);
    expect(measured.body).toMatchObject({ status: 'completed', endedAt: seconds(30).toISOString() });
    expect(measured.body.mediaStats).toEqual({
      packets: 3600,
      bytes: 619_200,
      errors: 2,
      legs: [
        { role: 'caller', packets: 1600, bytes: 275_200, errors: 2 },
        { role: 'callee', packets: 2000, bytes: 344_000, errors: 0 },
      ],
      quality: [{ mos: 4.3, jitterMs: 12, packetLossPercent: 0.5, roundTripMs: 48 }],
    });
    const listed = await api.request('GET', `/v1/calls?limit=200`, { token: account.apiKey });
    expect(listed.body.data.find((found: { id: string }) => found.id === call.id).mediaStats).toEqual(
      measured.body.mediaStats,
    );
    const document = (await api.request('GET', '/openapi.json')).body as OpenApiDocument;
    expect(openApiMismatches(document, 'GET', '/v1/calls/{id}', 200, measured.body)).toEqual([]);
  });

  it('ends unanswered calls as busy, no answer or failed with call.failed, and blocked ones with call.blocked', async () => {
    const busy = await unansweredCall(account.accountId, 486);
    expect((await read(busy.id)).body).toMatchObject({ status: 'busy', sipStatus: 486, billableSeconds: 0 });
    expect(await eventsOfCall(account.accountId, 'call.failed', busy.id)).toHaveLength(1);
    const noAnswer = await unansweredCall(account.accountId, 480);
    expect((await read(noAnswer.id)).body.status).toBe('no_answer');

    const { call, callerLeg } = outboundCall(account.accountId, start, { to: '+19005550100' });
    const record = recorder.begin(call, callerLeg);
    record.blocked('premium_prefix', 'Calls to +1900 numbers are not allowed.', seconds(0.1));
    record.legEnded(callerLeg.id, { sipStatus: 403, sipReason: 'Forbidden', at: seconds(0.1) });
    await record.settled();
    const blocked = await read(call.id);
    expect(blocked.body).toMatchObject({
      status: 'failed',
      sipStatus: 403,
      sipReason: 'Calls to +1900 numbers are not allowed.',
      blockedReason: 'premium_prefix',
      legs: [{ status: 'failed', sipStatus: 403 }],
    });
    // The event shows the call when it was refused, before its caller leg was answered 403.
    const [event] = await eventsOfCall(account.accountId, 'call.blocked', call.id);
    expect(event?.data).toEqual({
      ...blocked.body,
      legs: [expect.objectContaining({ status: 'initiated' })],
      updatedAt: expect.any(String),
    });
    expect(await eventsOfCall(account.accountId, 'call.failed', call.id)).toEqual([]);
  });

  it('applies writes in order even when the end is reported before the insert finished, and ignores late moves', async () => {
    const { call, callerLeg } = outboundCall(account.accountId, start);
    const record = recorder.begin(call, callerLeg);
    record.ended({ sipStatus: 487, sipReason: 'Request Terminated', hangupSource: 'caller', at: seconds(1) });
    record.ringing(seconds(2));
    record.answered(seconds(3));
    await record.settled();
    const canceled = await read(call.id);
    expect(canceled.body).toMatchObject({
      status: 'canceled',
      ringingAt: null,
      answeredAt: null,
      timeline: [{ status: 'initiated' }, { status: 'canceled' }],
    });
    expect(await eventsOfCall(account.accountId, 'call.ringing', call.id)).toEqual([]);

    const second = outboundCall(account.accountId, start);
    const answered = recorder.begin(second.call, second.callerLeg);
    answered.answered(seconds(1));
    answered.ringing(seconds(2));
    await recorder.settledAll();
    expect((await read(second.call.id)).body).toMatchObject({ status: 'answered', ringingAt: null });
  });

  it('writes calls together; a call that cannot be written is dropped alone, logged, and the others are kept', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      { service: 'sip', level: 'warn' },
      { write: (line: string) => lines.push(line) },
    );
    const instance = await startCallsSip(env, clock, logger);
    try {
      const recorder = instance.context.get(CallRecorder);
      const good = outboundCall(account.accountId, start);
      const bad = outboundCall(account.accountId, start);
      const kept = recorder.begin(good.call, { ...good.callerLeg, from: 'sip:nul\u0000@phone.example.test' });
      // An impossible time cannot be written: this call's batch fails whatever is retried.
      const lost = recorder.begin(bad.call, bad.callerLeg);
      lost.addLeg({ ...trunkLeg(bad.call, start), startedAt: new Date(Number.NaN) });
      kept.ringing(seconds(1));
      await recorder.settledAll();

      const written = (await read(good.call.id)).body;
      expect(written).toMatchObject({ status: 'ringing', legs: [{ role: 'caller' }] });
      expect(written.legs[0].from).toBe('sip:nul@phone.example.test');
      expect((await read(bad.call.id)).status).toBe(404);
      const entries = lines.map(
        (line) => JSON.parse(line) as { level: string; msg: string; callId?: string },
      );
      expect(entries.filter((entry) => entry.level === 'error')).toEqual([
        expect.objectContaining({ msg: 'call record write failed twice; dropped', callId: bad.call.id }),
      ]);
    } finally {
      await instance.close();
    }
  });

  it('lists calls newest first with filters, cursor pages and a CSV export', async () => {
    const owner = await api.provisionAccount('Call lister');
    const token = owner.apiKey;
    const early = await answeredCall(owner.accountId, { to: '+14155550111', userId: 'usr_someone' }, start);
    const inbound = await answeredCall(
      owner.accountId,
      { direction: 'inbound', from: '+442079460018', to: '+14155550123', phoneNumber: '+14155550123' },
      seconds(60),
    );
    const busy = await unansweredCall(owner.accountId, 486, { to: '+14155550222' }, seconds(120));
    const list = (query = '') => api.request('GET', `/v1/calls${query}`, { token });
    const ids = async (query: string) =>
      ((await list(query)).body.data as { id: string }[]).map((call) => call.id);

    const all = await list();
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body).toMatchObject({ object: 'list', hasMore: false, nextCursor: null });
    expect(await ids('')).toEqual([busy.id, inbound.call.id, early.call.id]);
    expect(await ids('?direction=inbound')).toEqual([inbound.call.id]);
    expect(await ids('?number=2079460')).toEqual([inbound.call.id]);
    expect(await ids('?number=5550123')).toEqual([inbound.call.id]);
    expect(await ids('?userId=usr_someone')).toEqual([early.call.id]);
    expect(await ids('?status=busy,no_answer')).toEqual([busy.id]);
    expect(await ids('?status=completed')).toEqual([inbound.call.id, early.call.id]);
    expect(
      await ids(`?createdAfter=${seconds(60).toISOString()}&createdBefore=${seconds(120).toISOString()}`),
    ).toEqual([inbound.call.id]);
    const badStatus = await list('?status=busy,ringing_out');
    expect(badStatus.status).toBe(400);

    const first = await list('?limit=2');
    expect(first.body).toMatchObject({ hasMore: true, nextCursor: inbound.call.id });
    const second = await list(`?limit=2&startingAfter=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ hasMore: false, data: [{ id: early.call.id }] });

    const csv = await api.request('GET', '/v1/calls?direction=outbound', {
      token,
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = (csv.body as string).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'id,direction,from,to,phoneNumber,userId,deviceId,status,sipStatus,blockedReason,hangupSource,startedAt,answeredAt,endedAt,totalSeconds,billableSeconds',
    );
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([busy.id, early.call.id]);
    expect(lines[2]).toContain(',completed,200,,caller,');
    expect(lines[2]!.endsWith(',96,86')).toBe(true);
  });

  it('shows agents only the calls of numbers shared with them (directly or through a team) and their own', async () => {
    const owner = await api.provisionAccount('Agents');
    const agent = await signedInUser(api, owner);
    const team = await api.request('POST', '/v1/teams', { token: owner.apiKey, body: { name: 'Support' } });
    await api.request('POST', `/v1/teams/${team.body.id}/members`, {
      token: owner.apiKey,
      body: { userId: agent.userId },
    });
    const shared = await buyNumber(api, owner, await freshNumber(api, owner.apiKey));
    const other = await buyNumber(api, owner, await freshNumber(api, owner.apiKey));
    const shareResult = await api.request('POST', `/v1/numbers/${shared.id}/share`, {
      token: owner.apiKey,
      body: { teamIds: [team.body.id] },
    });
    expect(shareResult.status).toBe(200);

    const ofSharedNumber = await answeredCall(owner.accountId, {
      numberId: shared.id,
      phoneNumber: shared.phoneNumber,
    });
    const ofAgent = await answeredCall(owner.accountId, { userId: agent.userId });
    const hidden = await answeredCall(owner.accountId, {
      numberId: other.id,
      phoneNumber: other.phoneNumber,
    });

    const seen = await api.request('GET', '/v1/calls', { token: agent.token });
    expect(seen.status).toBe(200);
    expect((seen.body.data as { id: string }[]).map((call) => call.id).sort()).toEqual(
      [ofSharedNumber.call.id, ofAgent.call.id].sort(),
    );
    expect((await read(hidden.call.id, agent.token)).status).toBe(404);
    expect((await read(ofAgent.call.id, agent.token)).status).toBe(200);
    expect((await api.request('GET', '/v1/calls', { token: owner.apiKey })).body.data).toHaveLength(3);
    expect((await hangUp(ofAgent.call.id, agent.token)).status).toBe(403);

    // The same sharing decides the caller IDs a user may present; owners may present every number.
    const numbers = sip.context.get(CallerNumbers);
    expect((await numbers.usableBy(owner.accountId, agent.userId)).map((number) => number.id)).toEqual([
      shared.id,
    ]);
    expect(await numbers.usableBy(owner.accountId, owner.ownerId)).toEqual([
      { id: shared.id, phoneNumber: shared.phoneNumber, sharedWithUser: false },
      { id: other.id, phoneNumber: other.phoneNumber, sharedWithUser: false },
    ]);
    expect(await numbers.accountCountry(owner.accountId)).toBe('US');
  });

  it('answers 404 for calls of other accounts and unknown ids', async () => {
    const stranger = await api.provisionAccount('Stranger');
    const { call } = await answeredCall(account.accountId);
    expect((await read(call.id, stranger.apiKey)).status).toBe(404);
    expect((await hangUp(call.id, stranger.apiKey)).status).toBe(404);
    const unknown = await read('call_01jd3v3k6m5x9q8w7e6r5t4y3u');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('resource_not_found');
    expect((await hangUp('call_01jd3v3k6m5x9q8w7e6r5t4y3u')).status).toBe(404);
  });

  it('hangs up a live call through the sip instance holding it (202), or ends it itself when none listens (200)', async () => {
    const bus = sip.context.get(CallHangupBus);
    const heard: string[] = [];
    const unsubscribe = await bus.subscribe((callId) => heard.push(callId));
    const { call, callerLeg } = outboundCall(account.accountId, start);
    const record = recorder.begin(call, callerLeg);
    record.ringing(seconds(1));
    record.legAnswered(callerLeg.id, seconds(2));
    record.answered(seconds(2));
    await record.settled();
    try {
      const accepted = await hangUp(call.id);
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
      expect(accepted.body).toMatchObject({ id: call.id, status: 'answered' });
      await expect.poll(() => heard).toEqual([call.id]);
    } finally {
      await unsubscribe();
    }

    clock.set(seconds(30));
    const ended = await hangUp(call.id);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({
      status: 'completed',
      hangupSource: 'api',
      sipReason: 'No SIP instance holds the call',
      endedAt: seconds(30).toISOString(),
      billableSeconds: 28,
      legs: [{ status: 'completed', endedAt: seconds(30).toISOString() }],
    });
    expect(await eventsOfCall(account.accountId, 'call.completed', call.id)).toHaveLength(1);

    const unanswered = outboundCall(account.accountId, start);
    await recorder.begin(unanswered.call, unanswered.callerLeg).settled();
    expect((await hangUp(unanswered.call.id)).body).toMatchObject({
      status: 'canceled',
      hangupSource: 'api',
    });
    expect(await eventsOfCall(account.accountId, 'call.failed', unanswered.call.id)).toHaveLength(1);

    const again = await hangUp(call.id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'call_not_live' });
    expect(heard).toEqual([call.id]);
  });
});
