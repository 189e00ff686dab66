import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CallControlBus } from '@switchyard/calls';
import {
  eventually,
  type PeerDialog,
  type ReceivedRequest,
  type ReceivedRtp,
  RtpPeer,
  type RtpengineProcess,
  type SipPeer,
  startRtpengine,
} from '@switchyard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authenticatedRegister, type SipTestBed, startSipTestBed, type TestDevice } from './sip-test-bed';

const carrierAddress = '127.0.0.83';
const callerByte = 0x9f;
const calleeByte = 0x1f;

interface MediaStatsResource {
  readonly packets: number;
  readonly legs: readonly { role: string; packets: number; bytes: number; errors: number }[];
  readonly quality: readonly unknown[];
}

describe('media measured on call records, and in-band DTMF, with media anchored in rtpengine', () => {
  let rtpengine: RtpengineProcess;
  let promptDirectory: string;
  let bed: SipTestBed;
  let carrier: SipPeer;
  let firstDesk: SipPeer;
  let secondDesk: SipPeer;
  let firstDevice: TestDevice;
  let ringNumber: { id: string; phoneNumber: string };
  let menuNumber: { id: string; phoneNumber: string };
  const phones: RtpPeer[] = [];

  beforeAll(async () => {
    rtpengine = await startRtpengine();
    promptDirectory = await mkdtemp(path.join(tmpdir(), 'sy-prompts-'));
    bed = await startSipTestBed({
      SIP_TRUSTED_SOURCES: carrierAddress,
      RTPENGINE_NG_HOST: rtpengine.host,
      RTPENGINE_NG_PORT: String(rtpengine.ngPort),
      RTPENGINE_DTMF_LOG_PORT: String(rtpengine.dtmfLogPort),
      RTPENGINE_RECORDING_DIR: rtpengine.recordingDirectory,
      PROMPT_CACHE_DIR: promptDirectory,
    });
    carrier = bed.server.peer({ address: carrierAddress, port: 5060 }, 'carrier');
    const first = await registeredAgent('6501', '127.0.6.51');
    firstDesk = first.desk;
    firstDevice = first.device;
    secondDesk = (await registeredAgent('6502', '127.0.6.52')).desk;

    ringNumber = await numberWithFlow('Straight to the agent', {
      startNodeId: 'agent',
      nodes: [
        {
          id: 'agent',
          kind: 'ring',
          targets: [{ type: 'user', id: first.userId }],
          strategy: 'simultaneous',
          ringTimeoutSeconds: 20,
          exits: { answered: null, no_answer: null, busy: null },
        },
      ],
    });
    menuNumber = await numberWithFlow('Menu', {
      startNodeId: 'menu',
      nodes: [
        {
          id: 'menu',
          kind: 'menu',
          prompt: { type: 'tts', text: 'Press one.' },
          timeoutSeconds: 5,
          interDigitTimeoutSeconds: 2,
          maxDigits: 1,
          maxRetries: 0,
          options: { '1': 'One' },
          directDial: false,
          exits: { 'digit:1': 'pressed-one', timeout: 'nothing-pressed', invalid: 'nothing-pressed' },
        },
        { id: 'pressed-one', kind: 'hangup', exits: {} },
        { id: 'nothing-pressed', kind: 'hangup', exits: {} },
      ],
    });
  });
  afterEach(() => {
    for (const phone of phones.splice(0)) phone.close();
  });
  afterAll(async () => {
    await bed?.close();
    await rtpengine?.stop();
    if (promptDirectory) await rm(promptDirectory, { recursive: true, force: true });
  });

  async function registeredAgent(username: string, address: string) {
    const agent = await bed.apiRequest('POST', '/v1/users', {
      email: `agent-${username}-${Date.now()}@example.test`,
      name: `Agent ${username}`,
      role: 'agent',
    });
    const device = await bed.createDevice(username, { userId: agent.body.id });
    const desk = bed.server.peer({ address, port: 5062 }, `desk-${username}`);
    const { retry } = await authenticatedRegister(desk, device, {
      contact: `<sip:${username}@${address}:5062>`,
    });
    await retry.expectResponse(200);
    return { desk, device, userId: agent.body.id as string };
  }

  async function numberWithFlow(name: string, draft: Record<string, unknown>) {
    const number = await bed.buyNumber();
    const flow = await bed.apiRequest('POST', '/v1/flows', { name, draft });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    expect((await bed.apiRequest('POST', `/v1/flows/${flow.body.id}/publish`)).status).toBe(201);
    const assigned = await bed.apiRequest('PATCH', `/v1/numbers/${number.id}`, {
      voice: { type: 'flow', flowId: flow.body.id },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    return number;
  }

  async function phone(): Promise<RtpPeer> {
    const opened = await RtpPeer.open();
    phones.push(opened);
    return opened;
  }

  /** Answers a ringing desk with a real RTP endpoint connected to the engine's offer. */
  async function answer(ringing: ReceivedRequest): Promise<{ rtp: RtpPeer; dialog: PeerDialog }> {
    const rtp = await phone();
    rtp.connectTo(ringing.message.body);
    ringing.respond(200, { sdp: rtp.sdp() });
    await ringing.dialog.expectRequest('ACK');
    return { rtp, dialog: ringing.dialog };
  }

  /** A call from the carrier to `phoneNumber`, from a phone offering RFC 2833 events, or PCMU alone. */
  function carrierCall(caller: RtpPeer, phoneNumber: string, eventPayloadType?: null) {
    return carrier.invite({
      requestUri: `sip:${phoneNumber}@${bed.server.sipAddress}`,
      from: '<sip:+12125550100@carrier.example.test>',
      to: `<sip:${phoneNumber}@${bed.server.sipAddress}>`,
      sdp: caller.sdp(eventPayloadType),
    });
  }

  /** The newest call the list `filter` finds, once its media stats are recorded (just after the call ended). */
  async function measuredCall(filter: string) {
    const listed = await bed.apiRequest('GET', `/v1/calls?${filter}&limit=1`);
    const id = listed.body.data[0].id as string;
    return eventually(async () => {
      const call = (await bed.apiRequest('GET', `/v1/calls/${id}`)).body;
      return call.mediaStats === null ? undefined : call;
    });
  }

  const talkOf = (byte: number) => (packet: ReceivedRtp) =>
    packet.payloadType === 0 && packet.payload.every((value) => value === byte);

  /** Both talk for 25 packets; resolves once each heard the other. */
  async function talkBothWays(a: RtpPeer, b: RtpPeer): Promise<void> {
    await Promise.all([a.talk(25, callerByte), b.talk(25, calleeByte)]);
    await a.waitFor((received) => received.filter(talkOf(calleeByte)).length >= 10);
    await b.waitFor((received) => received.filter(talkOf(callerByte)).length >= 10);
  }

  /** What each party sent: 25 packets of 160 bytes of PCMU and a 12-byte RTP header. */
  const bothParties = (stats: MediaStatsResource) => {
    expect(stats.legs).toEqual([
      { role: 'caller', packets: 25, bytes: 25 * 172, errors: 0 },
      { role: 'callee', packets: 25, bytes: 25 * 172, errors: 0 },
    ]);
    expect(stats.packets).toBeGreaterThanOrEqual(50);
    expect(stats.quality).toEqual([]);
  };

  it('records what the engine received from the caller and the callee of a bridged call, after the BYE', async () => {
    const caller = await phone();
    const call = carrierCall(caller, ringNumber.phoneNumber);
    const agent = await answer(await firstDesk.expectRequest('INVITE', { timeoutMs: 5_000 }));
    const ok = await call.expectResponse(200);
    call.ack();
    caller.connectTo(ok.body);
    await talkBothWays(caller, agent.rtp);

    await call.bye().expectResponse(200);
    (await agent.dialog.expectRequest('BYE')).respond(200);

    const record = await measuredCall(
      `direction=inbound&number=${encodeURIComponent(ringNumber.phoneNumber)}`,
    );
    expect(record).toMatchObject({ status: 'completed', hangupSource: 'caller' });
    bothParties(record.mediaStats);
  });

  it('records every callee the caller talked to when the call was transferred', async () => {
    const caller = await phone();
    const call = carrierCall(caller, ringNumber.phoneNumber);
    const agent = await answer(await firstDesk.expectRequest('INVITE', { timeoutMs: 5_000 }));
    const ok = await call.expectResponse(200);
    call.ack();
    caller.connectTo(ok.body);
    await talkBothWays(caller, agent.rtp);
    await bed.settled();
    const listed = await bed.apiRequest(
      'GET',
      `/v1/calls?direction=inbound&number=${encodeURIComponent(ringNumber.phoneNumber)}&limit=1`,
    );

    const transfer = { type: 'transfer', to: '6502' } as const;
    expect(await bed.app.get(CallControlBus).request(listed.body.data[0].id, transfer, 5_000)).toEqual({
      ok: true,
    });
    const second = await answer(await secondDesk.expectRequest('INVITE', { timeoutMs: 5_000 }));
    (await agent.dialog.expectRequest('BYE')).respond(200);
    await talkBothWays(caller, second.rtp);
    await call.bye().expectResponse(200);
    (await second.dialog.expectRequest('BYE')).respond(200);

    const record = await measuredCall(
      `direction=inbound&number=${encodeURIComponent(ringNumber.phoneNumber)}`,
    );
    // The callees together: 25 packets each.
    expect(record.mediaStats.legs).toEqual([
      { role: 'caller', packets: 50, bytes: 50 * 172, errors: 0 },
      { role: 'callee', packets: 50, bytes: 50 * 172, errors: 0 },
    ]);
  });

  it('records them for a call between two desks too', async () => {
    const caller = await phone();
    const invite = firstDesk.invite({
      requestUri: `sip:6502@${firstDevice.sipDomain}`,
      from: `<sip:6501@${firstDevice.sipDomain}>`,
      to: `<sip:6502@${firstDevice.sipDomain}>`,
      sdp: caller.sdp(),
    });
    const call = invite.authenticate(await invite.expectResponse(407), {
      username: firstDevice.username,
      password: firstDevice.password,
    });
    const callee = await answer(await secondDesk.expectRequest('INVITE', { timeoutMs: 5_000 }));
    const ok = await call.expectResponse(200);
    call.ack();
    caller.connectTo(ok.body);
    await talkBothWays(caller, callee.rtp);

    await callee.dialog.bye().expectResponse(200);
    (await call.expectRequest('BYE')).respond(200);

    const record = await measuredCall('direction=internal');
    expect(record).toMatchObject({ status: 'completed', hangupSource: 'callee' });
    bothParties(record.mediaStats);
  });

  it('takes a menu key a caller without RFC 2833 sends as a tone, and records the caller alone (not the prompts)', async () => {
    const caller = await phone();
    const call = carrierCall(caller, menuNumber.phoneNumber, null);
    const ok = await call.expectResponse(200, { timeoutMs: 5_000 });
    call.ack();
    caller.connectTo(ok.body);
    expect(ok.body).not.toMatch(/telephone-event/);
    await caller.waitFor((received) => received.length >= 10);

    await caller.pressDigitInBand('1');
    (await call.expectRequest('BYE', { timeoutMs: 5_000 })).respond(200);

    const record = await measuredCall(
      `direction=inbound&number=${encodeURIComponent(menuNumber.phoneNumber)}`,
    );
    expect(
      record.flow.path.map((step: { nodeId: string; exit: string | null }) => [step.nodeId, step.exit]),
    ).toEqual([
      ['menu', 'digit:1'],
      ['pressed-one', null],
    ]);
    expect(record.mediaStats.legs).toEqual([
      { role: 'caller', packets: expect.any(Number), bytes: expect.any(Number), errors: 0 },
    ]);
    expect(record.mediaStats.legs[0]!.packets).toBeGreaterThanOrEqual(10);
  });
});
