import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CallControlBus } from '@switchyard/calls';
import { Database } from '@switchyard/prisma';
import { eventually, type PeerDialog, type RtpPeer, type SipPeer } from '@switchyard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  callEventTypes,
  callEventTypesEndingWith,
  type MediaTestBed,
  numberWithFlow,
  registeredAgent,
  ringUserDraft,
  type SipTestBed,
  startMediaTestBed,
} from './sip-test-bed';

const carrierAddress = '127.0.0.80';

/** Length of a WAV's audio, from its header and data chunk. */
function wavDurationMs(wav: Buffer): number {
  const channels = wav.readUInt16LE(22);
  const sampleRate = wav.readUInt32LE(24);
  const bitsPerSample = wav.readUInt16LE(34);
  return (wav.readUInt32LE(40) / ((channels * bitsPerSample) / 8) / sampleRate) * 1000;
}

describe('recordings of bridged inbound calls', () => {
  let media: MediaTestBed;
  let bed: SipTestBed;
  let database: Database;
  let desk: SipPeer;
  let agentId: string;

  beforeAll(async () => {
    media = await startMediaTestBed({ carrierAddress });
    bed = media.bed;
    database = bed.app.get(Database);
    const agent = await registeredAgent(bed, { username: '6401', address: '127.0.6.41' });
    agentId = agent.userId;
    desk = agent.peer;
  });
  afterEach(() => media?.closePhones());
  afterAll(async () => {
    await media?.close();
  });

  /** A number whose flow rings the agent, recording its calls as `recording` says. */
  async function numberRecording(recording: 'always' | 'on_demand' | 'never'): Promise<string> {
    const number = await numberWithFlow(bed, {
      name: `Agent, recording ${recording}`,
      draft: ringUserDraft(agentId),
      recording,
    });
    return number.phoneNumber;
  }

  /** A call to `phoneNumber` answered by the agent; resolves with both phones and the call's id. */
  async function bridgedCall(phoneNumber: string) {
    const { call, caller, agent } = await media.bridgedCall(phoneNumber, desk);
    await bed.settled();
    const listed = await bed.apiRequest(
      'GET',
      `/v1/calls?direction=inbound&number=${encodeURIComponent(phoneNumber)}&limit=1`,
    );
    return {
      call,
      caller,
      agent: agent.rtp,
      agentDialog: agent.dialog,
      callId: listed.body.data[0].id as string,
    };
  }

  const talk = (caller: RtpPeer, agent: RtpPeer, packets: number) =>
    Promise.all([caller.talk(packets), agent.talk(packets, 0x1f)]);

  async function hangUp(
    call: { bye(): { expectResponse(status: number): Promise<unknown> } },
    agent: PeerDialog,
  ) {
    await call.bye().expectResponse(200);
    (await agent.expectRequest('BYE')).respond(200);
  }

  function finishedRecordingOf(callId: string) {
    return eventually(async () => {
      const [recording] = await database.root.recording.findMany({ where: { callId } });
      return recording && recording.status !== 'in_progress' && recording.status !== 'paused'
        ? recording
        : undefined;
    });
  }

  it('records every call of a number whose policy is always, into storage with a completed event', async () => {
    const { call, caller, agent, agentDialog, callId } = await bridgedCall(await numberRecording('always'));
    await talk(caller, agent, 100);
    await hangUp(call, agentDialog);

    const recording = await finishedRecordingOf(callId);
    expect(recording).toMatchObject({ status: 'completed', source: 'policy', layout: 'mixed', channels: 1 });
    expect(recording.durationMs).toBeGreaterThan(1_800);
    expect(recording.durationMs).toBeLessThan(2_400);
    const wav = await readFile(path.join(media.storageDirectory, recording.storageKey!));
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wavDurationMs(wav)).toBeCloseTo(recording.durationMs!, -2);
    const event = await database.root.event.findFirst({
      where: { accountId: bed.account.accountId, type: 'call.recording.completed' },
    });
    expect(event?.data).toMatchObject({ id: recording.id });
    expect(await callEventTypesEndingWith(bed, callId, 'call.recording.completed')).toEqual([
      'call.initiated',
      'call.answered',
      'call.completed',
      'call.recording.completed',
    ]);
  });

  it('starts, pauses, resumes and stops a recording through the control bus; the WAV leaves out the pause', async () => {
    const { call, caller, agent, agentDialog, callId } = await bridgedCall(
      await numberRecording('on_demand'),
    );
    const bus = bed.app.get(CallControlBus);

    const started = await bus.request(callId, { type: 'recording.start', layout: 'channel-per-party' });
    expect(started).toMatchObject({ ok: true, recordingId: expect.stringMatching(/^rec/) });
    const recordingId = started!.ok ? started!.recordingId! : '';
    expect(await bus.request(callId, { type: 'recording.start', layout: 'mixed' })).toMatchObject({
      ok: false,
      code: 'recording_already_active',
    });
    await talk(caller, agent, 50);
    expect(await bus.request(callId, { type: 'recording.pause', recordingId })).toEqual({
      ok: true,
      recordingId,
    });
    await talk(caller, agent, 50);
    expect(await bus.request(callId, { type: 'recording.resume', recordingId })).toEqual({
      ok: true,
      recordingId,
    });
    await talk(caller, agent, 50);
    expect(await bus.request(callId, { type: 'recording.pause', recordingId: 'rec_unknown' })).toMatchObject({
      ok: false,
      code: 'recording_not_found',
    });
    expect(await bus.request(callId, { type: 'recording.stop', recordingId })).toEqual({
      ok: true,
      recordingId,
    });

    const recording = await finishedRecordingOf(callId);
    expect(recording).toMatchObject({
      status: 'completed',
      source: 'api',
      layout: 'channel-per-party',
      channels: 2,
    });
    // Two seconds recorded of the three talked.
    expect(recording.durationMs).toBeGreaterThan(1_800);
    expect(recording.durationMs).toBeLessThan(2_500);
    const wav = await readFile(path.join(media.storageDirectory, recording.storageKey!));
    expect(wavDurationMs(wav)).toBeCloseTo(recording.durationMs!, -2);
    await hangUp(call, agentDialog);
    // Stopped, and so stored, while the call went on.
    expect(await callEventTypes(bed, callId)).toEqual([
      'call.initiated',
      'call.answered',
      'call.recording.completed',
      'call.completed',
    ]);
  });

  it('refuses to record a call of a number that never records', async () => {
    const { call, agentDialog, callId } = await bridgedCall(await numberRecording('never'));
    expect(
      await bed.app.get(CallControlBus).request(callId, { type: 'recording.start', layout: 'mixed' }),
    ).toMatchObject({
      ok: false,
      code: 'recording_not_allowed',
    });
    await hangUp(call, agentDialog);
    await bed.settled();
    expect(await database.root.recording.findMany({ where: { callId } })).toEqual([]);
    expect(await callEventTypes(bed, callId)).toEqual(['call.initiated', 'call.answered', 'call.completed']);
  });
});
