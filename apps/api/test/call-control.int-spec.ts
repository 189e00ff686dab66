import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CalledNumbers,
  CallControlBus,
  type CallControlCommand,
  type CallControlReply,
  CallRecorder,
  CallRecordings,
  type NewCall,
} from '@switchyard/calls';
import { fixedClock } from '@switchyard/contracts';
import { testEnvironment } from '@switchyard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type CallsSip, outboundCall, startCallsSip } from './call-fixtures';
import { expectDocumentedAnswers } from './call-flow-fixtures';
import { buyNumber, freshNumber, signedInUser } from './number-fixtures';

const start = new Date('2030-01-01T12:00:00.000Z');
const seconds = (count: number) => new Date(start.getTime() + count * 1000);

describe('live call control', () => {
  const clock = fixedClock(start);
  let storageDirectory: string;
  let api: TestApi;
  let sip: CallsSip;
  let account: TestAccount;
  let recorder: CallRecorder;
  let stopServing: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    storageDirectory = await mkdtemp(path.join(tmpdir(), 'sy-call-control-'));
    const env = testEnvironment({ STORAGE_DIR: storageDirectory });
    api = await startTestApi({ env, clock });
    sip = await startCallsSip(env, clock);
    account = await api.provisionAccount();
    recorder = sip.context.get(CallRecorder);
  });
  afterEach(async () => {
    await stopServing?.();
    stopServing = undefined;
  });
  afterAll(async () => {
    await sip?.close();
    await api?.close();
    await rm(storageDirectory, { recursive: true, force: true });
  });

  const post = (url: string, body: unknown = {}, token = account.apiKey) =>
    api.request('POST', url, { token, body });

  /** An answered call held by the test's sip side. */
  async function liveCall(accountId = account.accountId, overrides: Partial<NewCall> = {}) {
    const { call, callerLeg } = outboundCall(accountId, start, overrides);
    const record = recorder.begin(call, callerLeg);
    record.answered(seconds(1));
    await record.settled();
    return call;
  }

  /**
   * The media side of a sip instance, faked: it holds the given calls, keeps their recording records as the real one
   * does, and hears every command. `refuse` answers a command with a refusal instead.
   */
  async function serveCalls(
    held: readonly string[],
    refuse?: (command: CallControlCommand) => CallControlReply | undefined,
  ) {
    const recordings = sip.context.get(CallRecordings);
    const heard: CallControlCommand[] = [];
    stopServing = await sip.context.get(CallControlBus).serve(async (callId, command) => {
      if (!held.includes(callId)) return null;
      heard.push(command);
      const refusal = refuse?.(command);
      if (refusal) return refusal;
      const at = clock.now();
      switch (command.type) {
        case 'recording.start': {
          const accountId = account.accountId;
          return {
            ok: true,
            ...(await recordings.started({ accountId, callId, source: 'api', layout: command.layout, at })),
          };
        }
        case 'recording.pause':
          await recordings.paused(command.recordingId, at);
          return { ok: true };
        case 'recording.resume':
          await recordings.resumed(command.recordingId, at);
          return { ok: true };
        case 'recording.stop': {
          const wav = new Uint8Array([82, 73, 70, 70]);
          await recordings.completed(command.recordingId, { wav, durationMs: 4_000, channels: 1, at });
          return { ok: true };
        }
        case 'transfer':
          return { ok: true };
      }
    });
    return heard;
  }

  it('starts, pauses, resumes and stops a recording through the sip instance holding the call', async () => {
    const call = await liveCall();
    const heard = await serveCalls([call.id]);

    const started = await post(`/v1/calls/${call.id}/recordings`, { layout: 'channel-per-party' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body).toMatchObject({
      object: 'recording',
      callId: call.id,
      status: 'in_progress',
      source: 'api',
      layout: 'channel-per-party',
      audioUrl: null,
    });
    const id = started.body.id as string;
    expect(heard).toEqual([{ type: 'recording.start', layout: 'channel-per-party' }]);

    const paused = await post(`/v1/calls/${call.id}/recordings/${id}/pause`);
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body).toMatchObject({ id, status: 'paused' });
    expect((await post(`/v1/calls/${call.id}/recordings/${id}/resume`)).body).toMatchObject({
      status: 'in_progress',
    });
    const stopped = await post(`/v1/calls/${call.id}/recordings/${id}/stop`);
    expect(stopped.body).toMatchObject({
      status: 'completed',
      durationMs: 4_000,
      audioUrl: `/v1/recordings/${id}/audio`,
    });
    expect(heard.slice(1)).toEqual(
      ['pause', 'resume', 'stop'].map((action) => ({ type: `recording.${action}`, recordingId: id })),
    );

    const again = await post(`/v1/calls/${call.id}/recordings/${id}/pause`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'recording_not_active', currentStatus: 'completed' });
    const mixed = await post(`/v1/calls/${call.id}/recordings`);
    expect(mixed.body.layout).toBe('mixed');
    await expectDocumentedAnswers(api, [
      { method: 'POST', route: '/v1/calls/{callId}/recordings', response: started },
      { method: 'POST', route: '/v1/calls/{callId}/recordings/{recordingId}/pause', response: paused },
      { method: 'POST', route: '/v1/calls/{callId}/recordings/{recordingId}/stop', response: again },
    ]);
  });

  it('passes the sip instance’s refusals through with their codes', async () => {
    const call = await liveCall();
    await serveCalls([call.id], (command) =>
      command.type === 'transfer'
        ? { ok: false, code: 'transfer_target_not_found', detail: 'Nobody answers to 101.' }
        : { ok: false, code: 'recording_already_active', detail: 'A recording is in progress.' },
    );

    const conflict = await post(`/v1/calls/${call.id}/recordings`);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      code: 'recording_already_active',
      detail: 'A recording is in progress.',
    });
    const unprocessable = await post(`/v1/calls/${call.id}/transfer`, { to: '101' });
    expect(unprocessable.status).toBe(422);
    expect(unprocessable.body.code).toBe('transfer_target_not_found');
    await expectDocumentedAnswers(api, [
      { method: 'POST', route: '/v1/calls/{callId}/recordings', response: conflict },
      { method: 'POST', route: '/v1/calls/{id}/transfer', response: unprocessable },
    ]);
  });

  it('answers call_not_live for finished calls and for calls no sip instance holds or none serves', async () => {
    const unheld = await liveCall();
    await serveCalls([]);
    const nobody = await post(`/v1/calls/${unheld.id}/recordings`);
    expect(nobody.status).toBe(409);
    expect(nobody.body.code).toBe('call_not_live');
    // With no instance serving at all, the api need not wait for a reply.
    await stopServing?.();
    stopServing = undefined;
    expect((await post(`/v1/calls/${unheld.id}/transfer`, { to: '101' })).body.code).toBe('call_not_live');

    const { call, callerLeg } = outboundCall(account.accountId, start);
    const record = recorder.begin(call, callerLeg);
    record.ended({ sipStatus: 486, sipReason: 'Busy Here', hangupSource: 'callee', at: seconds(2) });
    await record.settled();
    const finished = await post(`/v1/calls/${call.id}/recordings`);
    expect(finished.status).toBe(409);
    expect(finished.body).toMatchObject({ code: 'call_not_live', currentStatus: 'busy' });
    expect((await post(`/v1/calls/${call.id}/transfer`, { to: '101' })).status).toBe(409);
  });

  it('answers 404 for other accounts’ calls and recordings, and for recordings of other calls', async () => {
    const call = await liveCall();
    const other = await liveCall();
    await serveCalls([call.id, other.id]);
    const stranger = await api.provisionAccount('Control stranger');
    const started = await post(`/v1/calls/${call.id}/recordings`);
    expect(started.status).toBe(201);

    expect((await post(`/v1/calls/${call.id}/recordings`, {}, stranger.apiKey)).status).toBe(404);
    expect((await post(`/v1/calls/${call.id}/transfer`, { to: '101' }, stranger.apiKey)).status).toBe(404);
    const foreign = await post(
      `/v1/calls/${call.id}/recordings/${started.body.id}/stop`,
      {},
      stranger.apiKey,
    );
    expect(foreign.status).toBe(404);
    const elsewhere = await post(`/v1/calls/${other.id}/recordings/${started.body.id}/stop`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('resource_not_found');
    expect((await post('/v1/calls/call_01jd3v3k6m5x9q8w7e6r5t4y3u/recordings')).status).toBe(404);
  });

  it('transfers a live call to a number, an extension or a user of the account (202)', async () => {
    const call = await liveCall();
    const heard = await serveCalls([call.id]);
    const agent = await signedInUser(api, account);
    const stranger = await api.provisionAccount('Transfer stranger');

    const transferred = await post(`/v1/calls/${call.id}/transfer`, { to: '(415) 555-0123' });
    expect(transferred.status, JSON.stringify(transferred.body)).toBe(202);
    expect(transferred.body).toMatchObject({ id: call.id, object: 'call', status: 'answered' });
    expect((await post(`/v1/calls/${call.id}/transfer`, { to: 'alice' })).status).toBe(202);
    expect((await post(`/v1/calls/${call.id}/transfer`, { to: `user:${agent.userId}` })).status).toBe(202);
    expect(heard).toEqual([
      { type: 'transfer', to: '+14155550123' },
      { type: 'transfer', to: 'alice' },
      { type: 'transfer', to: `user:${agent.userId}` },
    ]);

    const foreignUser = await post(`/v1/calls/${call.id}/transfer`, { to: `user:${stranger.ownerId}` });
    expect(foreignUser.status).toBe(400);
    expect(foreignUser.body.errors).toEqual([
      expect.objectContaining({ field: 'to', code: 'user_not_found' }),
    ]);
    const invalid = await post(`/v1/calls/${call.id}/transfer`, { to: 'not a target!' });
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ field: 'to', code: 'invalid_transfer_target' }),
    ]);
    expect((await post(`/v1/calls/${call.id}/transfer`, {})).status).toBe(400);
    expect(heard).toHaveLength(3);
    await expectDocumentedAnswers(api, [
      { method: 'POST', route: '/v1/calls/{id}/transfer', response: transferred },
      { method: 'POST', route: '/v1/calls/{id}/transfer', response: invalid },
    ]);
  });

  it('keeps each number’s recording policy, and refuses to record calls of numbers that never record', async () => {
    const number = await buyNumber(api, account, await freshNumber(api, account.apiKey));
    const flow = await post('/v1/flows', {
      name: 'Recorded line',
      draft: { startNodeId: 'bye', nodes: [{ id: 'bye', kind: 'hangup', exits: {} }] },
    });
    expect(flow.status).toBe(201);
    const patch = (body: unknown) =>
      api.request('PATCH', `/v1/numbers/${number.id}`, { token: account.apiKey, body });

    const byDefault = await patch({ voice: { type: 'flow', flowId: flow.body.id } });
    expect(byDefault.status, JSON.stringify(byDefault.body)).toBe(200);
    expect(byDefault.body.voice).toEqual({ type: 'flow', flowId: flow.body.id, recording: 'on_demand' });
    const never = await patch({ voice: { type: 'flow', flowId: flow.body.id, recording: 'never' } });
    expect(never.body.voice.recording).toBe('never');
    const read = await api.request('GET', `/v1/numbers/${number.id}`, { token: account.apiKey });
    expect(read.body.voice).toEqual({ type: 'flow', flowId: flow.body.id, recording: 'never' });
    await expectDocumentedAnswers(api, [{ method: 'GET', route: '/v1/numbers/{id}', response: read }]);
    expect(await sip.context.get(CalledNumbers).byPhoneNumber(number.phoneNumber)).toMatchObject({
      id: number.id,
      recording: 'never',
    });

    const badValue = await patch({ voice: { type: 'flow', flowId: flow.body.id, recording: 'sometimes' } });
    expect(badValue.status).toBe(400);
    expect(badValue.body.errors).toEqual([
      expect.objectContaining({ field: 'voice.recording', code: 'is_in' }),
    ]);
    const notAFlow = await patch({ voice: { type: 'forward', to: '+14155550123', recording: 'always' } });
    expect(notAFlow.body.errors).toEqual([
      expect.objectContaining({ field: 'voice.recording', code: 'not_allowed_for_type' }),
    ]);
    const onMessaging = await patch({
      messaging: { type: 'flow', flowId: flow.body.id, recording: 'always' },
    });
    expect(onMessaging.body.errors).toEqual([
      expect.objectContaining({ field: 'messaging.recording', code: 'unknown_field' }),
    ]);

    const call = await liveCall(account.accountId, { numberId: number.id, phoneNumber: number.phoneNumber });
    const heard = await serveCalls([call.id]);
    const refused = await post(`/v1/calls/${call.id}/recordings`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'recording_not_allowed', numberId: number.id });
    expect(heard).toEqual([]);

    await patch({ voice: { type: 'flow', flowId: flow.body.id, recording: 'always' } });
    expect((await post(`/v1/calls/${call.id}/recordings`)).status).toBe(201);
  });
});
