import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CallRecorder, CallRecordings, OrphanedCalls, type NewCall } from '@switchyard/calls';
import { fixedClock } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { createIsolatedDatabase, type IsolatedDatabase, testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type CallsSip, outboundCall, startCallsSip } from './call-fixtures';
import { expectDocumentedAnswers } from './call-flow-fixtures';
import { buyNumber, eventsOf, freshNumber, signedInUser } from './number-fixtures';

const start = new Date('2030-01-01T12:00:00.000Z');
const seconds = (count: number) => new Date(start.getTime() + count * 1000);
/** A RIFF header and a few samples: the api serves whatever bytes the sip instance stored. */
const wav = new Uint8Array([82, 73, 70, 70, 36, 0, 0, 0, 87, 65, 86, 69, 1, 2, 3, 4]);

describe('call recordings', () => {
  const clock = fixedClock(start);
  let storageDirectory: string;
  let api: TestApi;
  let sip: CallsSip;
  let account: TestAccount;
  let recorder: CallRecorder;
  let recordings: CallRecordings;

  beforeAll(async () => {
    storageDirectory = await mkdtemp(path.join(tmpdir(), 'sy-recordings-'));
    // The api serves the audio from the storage the sip instance wrote it to.
    const env = testEnvironment({ STORAGE_DIR: storageDirectory });
    api = await startTestApi({ env, clock });
    sip = await startCallsSip(env, clock);
    account = await api.provisionAccount();
    recorder = sip.context.get(CallRecorder);
    recordings = sip.context.get(CallRecordings);
  });
  afterAll(async () => {
    await sip?.close();
    await api?.close();
    await rm(storageDirectory, { recursive: true, force: true });
  });

  const get = (url: string, token = account.apiKey) => api.request('GET', url, { token });
  const remove = (url: string, token = account.apiKey) => api.request('DELETE', url, { token });

  /** An answered call that ended, as the sip instance records it. */
  async function finishedCall(accountId = account.accountId, overrides: Partial<NewCall> = {}) {
    const { call, callerLeg } = outboundCall(accountId, start, overrides);
    const record = recorder.begin(call, callerLeg);
    record.answered(seconds(1));
    record.ended({
      sipStatus: 200,
      sipReason: 'Normal call clearing',
      hangupSource: 'caller',
      at: seconds(60),
    });
    await record.settled();
    return call;
  }

  /** A recording of the call; completed unless told otherwise. Ids sort by creation, so the clock moves on. */
  async function recordingOf(
    call: NewCall,
    outcome: 'completed' | 'in_progress' | 'failed' = 'completed',
  ): Promise<string> {
    clock.advance(1);
    const { recordingId } = await recordings.started({
      accountId: call.accountId,
      callId: call.id,
      source: 'api',
      layout: 'channel-per-party',
      at: seconds(2),
    });
    if (outcome === 'completed') {
      await recordings.completed(recordingId, { wav, durationMs: 58_000, channels: 2, at: seconds(60) });
    }
    if (outcome === 'failed') await recordings.failed(recordingId, 'media_engine_lost', seconds(30));
    return recordingId;
  }

  it('reads a completed recording, its audio, and the recording event', async () => {
    const call = await finishedCall();
    const id = await recordingOf(call);

    const read = await get(`/v1/recordings/${id}`);
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body).toEqual({
      id,
      object: 'recording',
      callId: call.id,
      status: 'completed',
      source: 'api',
      layout: 'channel-per-party',
      channels: 2,
      durationMs: 58_000,
      audioUrl: `/v1/recordings/${id}/audio`,
      failureReason: null,
      startedAt: seconds(2).toISOString(),
      endedAt: seconds(60).toISOString(),
      createdAt: expect.any(String),
      updatedAt: seconds(60).toISOString(),
    });
    const [event] = (await eventsOf(api, account.accountId, 'call.recording.completed')).filter(
      (candidate) => (candidate.data as { id: string }).id === id,
    );
    expect(event?.data).toEqual(read.body);

    const audio = await api.app.inject({
      method: 'GET',
      url: read.body.audioUrl,
      headers: { authorization: `Bearer ${account.apiKey}` },
    });
    expect(audio.statusCode).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/wav');
    expect(new Uint8Array(audio.rawPayload)).toEqual(wav);
    await expectDocumentedAnswers(api, [{ method: 'GET', route: '/v1/recordings/{id}', response: read }]);
  });

  it('lists recordings newest first, by call, with cursor pages', async () => {
    const owner = await api.provisionAccount('Recording lister');
    const token = owner.apiKey;
    const first = await finishedCall(owner.accountId);
    const second = await finishedCall(owner.accountId);
    const oldest = await recordingOf(first);
    const middle = await recordingOf(second, 'failed');
    const newest = await recordingOf(first, 'in_progress');
    const ids = async (url: string) =>
      ((await get(url, token)).body.data as { id: string }[]).map((recording) => recording.id);

    const all = await get('/v1/recordings', token);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ object: 'list', hasMore: false, nextCursor: null });
    expect(all.body.data.map((recording: { id: string }) => recording.id)).toEqual([newest, middle, oldest]);
    expect(all.body.data[1]).toMatchObject({
      status: 'failed',
      failureReason: 'media_engine_lost',
      audioUrl: null,
    });
    expect(await ids(`/v1/recordings?callId=${first.id}`)).toEqual([newest, oldest]);
    expect(await ids(`/v1/calls/${first.id}/recordings`)).toEqual([newest, oldest]);
    expect(await ids(`/v1/calls/${second.id}/recordings`)).toEqual([middle]);

    const page = await get('/v1/recordings?limit=2', token);
    expect(page.body).toMatchObject({ hasMore: true, nextCursor: middle });
    expect(await ids(`/v1/recordings?limit=2&startingAfter=${middle}`)).toEqual([oldest]);
    expect(await ids(`/v1/recordings?limit=2&endingBefore=${oldest}`)).toEqual([newest, middle]);
    await expectDocumentedAnswers(api, [
      { method: 'GET', route: '/v1/recordings', response: all },
      { method: 'GET', route: '/v1/calls/{callId}/recordings', response: page },
    ]);
  });

  it('serves audio only once completed, and deletes only finished recordings with their audio', async () => {
    const call = await finishedCall();
    const running = await recordingOf(call, 'in_progress');
    const failed = await recordingOf(call, 'failed');
    const completed = await recordingOf(call);

    for (const id of [running, failed]) {
      const audio = await get(`/v1/recordings/${id}/audio`);
      expect(audio.status).toBe(409);
      expect(audio.body.code).toBe('recording_not_ready');
    }
    const busy = await remove(`/v1/recordings/${running}`);
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'recording_in_progress', currentStatus: 'in_progress' });
    await expectDocumentedAnswers(api, [{ method: 'DELETE', route: '/v1/recordings/{id}', response: busy }]);

    const audioDirectory = path.join(storageDirectory, 'recordings', account.accountId);
    expect(await readdir(audioDirectory)).toContain(`${completed}.wav`);
    expect((await remove(`/v1/recordings/${completed}`)).status).toBe(204);
    expect((await get(`/v1/recordings/${completed}`)).status).toBe(404);
    expect((await get(`/v1/recordings/${completed}/audio`)).status).toBe(404);
    expect(await readdir(audioDirectory)).not.toContain(`${completed}.wav`);
    expect((await remove(`/v1/recordings/${completed}`)).status).toBe(404);
    expect((await remove(`/v1/recordings/${failed}`)).status).toBe(204);
  });

  it('hides other accounts’ recordings, and shows agents those of the calls they see', async () => {
    const owner = await api.provisionAccount('Recording agents');
    const agent = await signedInUser(api, owner);
    const shared = await buyNumber(api, owner, await freshNumber(api, owner.apiKey));
    await api.request('POST', `/v1/numbers/${shared.id}/share`, {
      token: owner.apiKey,
      body: { userIds: [agent.userId] },
    });
    const ofSharedNumber = await recordingOf(
      await finishedCall(owner.accountId, { numberId: shared.id, phoneNumber: shared.phoneNumber }),
    );
    const ofAgent = await recordingOf(await finishedCall(owner.accountId, { userId: agent.userId }));
    const hiddenCall = await finishedCall(owner.accountId);
    const hidden = await recordingOf(hiddenCall);

    const seen = await get('/v1/recordings', agent.token);
    expect(seen.status).toBe(200);
    expect(seen.body.data.map((recording: { id: string }) => recording.id)).toEqual([
      ofAgent,
      ofSharedNumber,
    ]);
    expect((await get(`/v1/recordings/${hidden}`, agent.token)).status).toBe(404);
    expect((await get(`/v1/recordings/${hidden}/audio`, agent.token)).status).toBe(404);
    expect((await get(`/v1/calls/${hiddenCall.id}/recordings`, agent.token)).status).toBe(404);
    expect((await get(`/v1/recordings/${ofAgent}/audio`, agent.token)).status).toBe(200);
    expect((await get('/v1/recordings', owner.apiKey)).body.data).toHaveLength(3);

    const stranger = await api.provisionAccount('Recording stranger');
    const unknown = await get(`/v1/recordings/${hidden}`, stranger.apiKey);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('resource_not_found');
    expect((await get(`/v1/recordings/${hidden}/audio`, stranger.apiKey)).status).toBe(404);
    expect((await remove(`/v1/recordings/${hidden}`, stranger.apiKey)).status).toBe(404);
    expect((await get(`/v1/calls/${hiddenCall.id}/recordings`, stranger.apiKey)).status).toBe(404);
    expect((await get('/v1/recordings', stranger.apiKey)).body.data).toEqual([]);
  });
});

describe('recordings of calls whose sip instance vanished', () => {
  const clock = fixedClock(start);
  let database: IsolatedDatabase;
  let sip: CallsSip;

  beforeAll(async () => {
    // A database of its own: the sweep looks at every account's live calls, and other files leave theirs live.
    database = await createIsolatedDatabase();
    sip = await startCallsSip(testEnvironment({ DATABASE_URL: database.url }), clock);
  });
  afterAll(async () => {
    await sip?.close();
    await database?.drop();
  });

  it('fails their unfinished recordings with instance_lost', async () => {
    const { call, callerLeg } = outboundCall('acc_lost_recordings', start, { sipInstanceId: 'sip-gone' });
    const record = sip.context.get(CallRecorder).begin(call, callerLeg);
    record.answered(seconds(1));
    await record.settled();
    const recordings = sip.context.get(CallRecordings);
    const started = { accountId: call.accountId, callId: call.id, layout: 'mixed' as const, at: seconds(2) };
    const { recordingId: running } = await recordings.started({ ...started, source: 'policy' });
    clock.advance(1);
    const { recordingId: paused } = await recordings.started({ ...started, source: 'api' });
    await recordings.paused(paused, seconds(3));

    expect(await sip.context.get(OrphanedCalls).closeCallsOfVanishedInstances(seconds(90))).toBe(1);

    const rows = await sip.context.get(Database).root.recording.findMany({ where: { callId: call.id } });
    expect(rows.map((row) => [row.id, row.status, row.failureReason])).toEqual(
      expect.arrayContaining([
        [running, 'failed', 'instance_lost'],
        [paused, 'failed', 'instance_lost'],
      ]),
    );
    const failedEvents = await sip.context.get(Database).root.event.findMany({
      where: { accountId: call.accountId, type: 'call.recording.failed' },
    });
    expect(failedEvents).toHaveLength(2);
  });
});
