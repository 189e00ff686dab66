import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CallControlBus } from '@switchyard/calls';
import { Database } from '@switchyard/prisma';
import {
  eventually,
  type PeerDialog,
  RtpPeer,
  type RtpengineProcess,
  type SipPeer,
  startRtpengine,
} from '@switchyard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authenticatedRegister, type SipTestBed, startSipTestBed } from './sip-test-bed';

const carrierAddress = '127.0.0.80';

/** Length of a WAV's audio, from its header and data chunk. */
function wavDurationMs(wav: Buffer): number {
  const channels = wav.readUInt16LE(22);
  const sampleRate = wav.readUInt32LE(24);
  const bitsPerSample = wav.readUInt16LE(34);
  return (wav.readUInt32LE(40) / ((channels * bitsPerSample) / 8) / sampleRate) * 1000;
}

describe('recordings of bridged inbound calls', () => {
  let rtpengine: RtpengineProcess;
  let directory: string;
  let bed: SipTestBed;
  let database: Database;
  let carrier: SipPeer;
  let desk: SipPeer;
  let agentId: string;
  const phones: RtpPeer[] = [];

  beforeAll(async () => {
    rtpengine = await startRtpengine();
    directory = await mkdtemp(path.join(tmpdir(), 'sy-recording-'));
    bed = await startSipTestBed({
      SIP_TRUSTED_SOURCES: carrierAddress,
      RTPENGINE_NG_HOST: rtpengine.host,
      RTPENGINE_NG_PORT: String(rtpengine.ngPort),
      RTPENGINE_DTMF_LOG_PORT: String(rtpengine.dtmfLogPort),
      RTPENGINE_RECORDING_DIR: rtpengine.recordingDirectory,
      PROMPT_CACHE_DIR: path.join(directory, 'prompts'),
      STORAGE_DIR: path.join(directory, 'storage'),
    });
    database = bed.app.get(Database);
    carrier = bed.server.peer({ address: carrierAddress, port: 5060 }, 'carrier');
    const agent = await bed.apiRequest('POST', '/v1/users', {
      email: `recorded-agent-${Date.now()}@example.test`,
      name: 'Agent',
      role: 'agent',
    });
    agentId = agent.body.id;
    const device = await bed.createDevice('6401', { userId: agentId });
    desk = bed.server.peer({ address: '127.0.6.41', port: 5062 }, 'desk');
    const { retry } = await authenticatedRegister(desk, device, {
      contact: `<sip:6401@${desk.endpoint.address}:5062>`,
    });
    await retry.expectResponse(200);
  });
  afterEach(() => {
    for (const phone of phones.splice(0)) phone.close();
  });
  afterAll(async () => {
    await bed?.close();
    await rtpengine?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  /** A number whose flow rings the agent, recording its calls as `recording` says. */
  async function numberRecording(recording: 'always' | 'on_demand' | 'never'): Promise<string> {
    const number = await bed.buyNumber();
    const flow = await bed.apiRequest('POST', '/v1/flows', {
      name: `Agent, recording ${recording}`,
      draft: {
        startNodeId: 'agent',
        nodes: [
          {
            id: 'agent',
            kind: 'ring',
            targets: [{ type: 'user', id: agentId }],
            strategy: 'simultaneous',
            ringTimeoutSeconds: 20,
            exits: { answered: null, no_answer: null, busy: null },
          },
        ],
      },
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    expect((await bed.apiRequest('POST', `/v1/flows/${flow.body.id}/publish`)).status).toBe(201);
    const assigned = await bed.apiRequest('PATCH', `/v1/numbers/${number.id}`, {
      voice: { type: 'flow', flowId: flow.body.id, recording },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    return number.phoneNumber;
  }

  async function phone(): Promise<RtpPeer> {
    const opened = await RtpPeer.open();
    phones.push(opened);
    return opened;
  }

  /** A call to `phoneNumber` answered by the agent; resolves with both phones and the call's id. */
  async function bridgedCall(phoneNumber: string) {
    const caller = await phone();
    const agent = await phone();
    const call = carrier.invite({
      requestUri: `sip:${phoneNumber}@${bed.server.sipAddress}`,
      from: '<sip:+12125550100@carrier.example.test>',
      to: `<sip:${phoneNumber}@${bed.server.sipAddress}>`,
      sdp: caller.sdp(),
    });
    const ringing = await desk.expectRequest('INVITE', { timeoutMs: 5_000 });
    agent.connectTo(ringing.message.body);
    ringing.respond(200, { sdp: agent.sdp() });
    await ringing.dialog.expectRequest('ACK');
    const ok = await call.expectResponse(200);
    call.ack();
    caller.connectTo(ok.body);
    await bed.settled();
    const listed = await bed.apiRequest(
      'GET',
      `/v1/calls?direction=inbound&number=${encodeURIComponent(phoneNumber)}&limit=1`,
    );
    return { call, caller, agent, agentDialog: ringing.dialog, callId: listed.body.data[0].id as string };
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
    const wav = await readFile(path.join(directory, 'storage', recording.storageKey!));
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wavDurationMs(wav)).toBeCloseTo(recording.durationMs!, -2);
    const event = await database.root.event.findFirst({
      where: { accountId: bed.account.accountId, type: 'call.recording.completed' },
    });
    expect(event?.data).toMatchObject({ id: recording.id });
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
    const wav = await readFile(path.join(directory, 'storage', recording.storageKey!));
    expect(wavDurationMs(wav)).toBeCloseTo(recording.durationMs!, -2);
    await hangUp(call, agentDialog);
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
  });
});
