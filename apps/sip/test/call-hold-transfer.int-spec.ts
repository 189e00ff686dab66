import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CallControlBus } from '@switchyard/calls';
import {
  type PeerDialog,
  type ReceivedRequest,
  type ReceivedRtp,
  RtpPeer,
  type RtpengineProcess,
  type SipPeer,
  startRtpengine,
} from '@switchyard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticatedRegister,
  type SipTestBed,
  sipDomain,
  startSipTestBed,
  type TestDevice,
} from './sip-test-bed';

const carrierAddress = '127.0.0.79';
const callerByte = 0x9f;
const firstAgentByte = 0x1f;
const secondAgentByte = 0x2f;

/** Packets that carry one party's talk: every byte the value it sends. */
const talkOf = (byte: number) => (packet: ReceivedRtp) =>
  packet.payloadType === 0 && packet.payload.every((value) => value === byte);
/** Packets that carry neither party: varying audio the engine plays (hold music). */
const isMusic = (packet: ReceivedRtp) => packet.payloadType === 0 && new Set(packet.payload).size > 8;

/** The audio port an SDP names. */
const portOf = (sdp: string) => /^m=audio (\d+)/m.exec(sdp)![1];

describe('bridged inbound calls anchored in rtpengine: hold, blind transfer', () => {
  let rtpengine: RtpengineProcess;
  let promptDirectory: string;
  let bed: SipTestBed;
  let carrier: SipPeer;
  let firstDesk: SipPeer;
  let secondDesk: SipPeer;
  let firstDevice: TestDevice;
  let number: { id: string; phoneNumber: string };
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
    const first = await registeredAgent('6301', '127.0.6.31');
    firstDesk = first.desk;
    firstDevice = first.device;
    secondDesk = (await registeredAgent('6302', '127.0.6.32')).desk;
    number = await bed.buyNumber();
    const flow = await bed.apiRequest('POST', '/v1/flows', {
      name: 'Straight to the agent',
      draft: {
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
      },
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    expect((await bed.apiRequest('POST', `/v1/flows/${flow.body.id}/publish`)).status).toBe(201);
    const assigned = await bed.apiRequest('PATCH', `/v1/numbers/${number.id}`, {
      voice: { type: 'flow', flowId: flow.body.id },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  });
  afterEach(() => {
    for (const phone of phones.splice(0)) phone.close();
  });
  afterAll(async () => {
    await bed?.close();
    await rtpengine?.stop();
    await rm(promptDirectory, { recursive: true, force: true });
  });

  /** An agent user with one desk phone registered at `address`. */
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

  async function phone(): Promise<RtpPeer> {
    const opened = await RtpPeer.open();
    phones.push(opened);
    return opened;
  }

  /** Answers a ringing desk with a real RTP endpoint connected to the engine's offer. */
  async function answer(
    ringing: ReceivedRequest,
  ): Promise<{ rtp: RtpPeer; dialog: PeerDialog; sdp: string }> {
    const rtp = await phone();
    rtp.connectTo(ringing.message.body);
    const sdp = rtp.sdp();
    ringing.respond(200, { sdp });
    await ringing.dialog.expectRequest('ACK');
    return { rtp, dialog: ringing.dialog, sdp };
  }

  /** A call from the carrier rung straight to the first agent, who answers. */
  async function bridgedCall() {
    const caller = await phone();
    const call = carrier.invite({
      requestUri: `sip:${number.phoneNumber}@${bed.server.sipAddress}`,
      from: '<sip:+12125550100@carrier.example.test>',
      to: `<sip:${number.phoneNumber}@${bed.server.sipAddress}>`,
      sdp: caller.sdp(),
    });
    const ringing = await firstDesk.expectRequest('INVITE', { timeoutMs: 5_000 });
    const agent = await answer(ringing);
    const ok = await call.expectResponse(200);
    call.ack();
    caller.connectTo(ok.body);
    return { call, caller, agent, offer: ringing.message.body, callerAnswer: ok.body };
  }

  async function callRecord() {
    await bed.settled();
    const listed = await bed.apiRequest(
      'GET',
      `/v1/calls?direction=inbound&number=${encodeURIComponent(number.phoneNumber)}&limit=1`,
    );
    return (await bed.apiRequest('GET', `/v1/calls/${listed.body.data[0].id}`)).body;
  }

  /** Both talk for `packets` × 20 ms; resolves once each heard the other. */
  async function talkBothWays(
    a: RtpPeer,
    aByte: number,
    b: RtpPeer,
    bByte: number,
    packets = 25,
  ): Promise<void> {
    const [aHeard, bHeard] = [a.received.length, b.received.length];
    await Promise.all([a.talk(packets, aByte), b.talk(packets, bByte)]);
    await a.waitFor((received) => received.slice(aHeard).filter(talkOf(bByte)).length >= 10);
    await b.waitFor((received) => received.slice(bHeard).filter(talkOf(aByte)).length >= 10);
  }

  it('anchors a call rung without prompts: both phones talk to rtpengine, RTP flows both ways', async () => {
    const { call, caller, agent, offer, callerAnswer } = await bridgedCall();

    expect(portOf(offer)).not.toBe(portOf(caller.sdp()));
    expect(Number(portOf(offer))).toBeGreaterThanOrEqual(rtpengine.portMin);
    expect(portOf(callerAnswer)).not.toBe(portOf(agent.sdp));
    expect(Number(portOf(callerAnswer))).toBeLessThanOrEqual(rtpengine.portMax);
    await talkBothWays(caller, callerByte, agent.rtp, firstAgentByte);

    await call.bye().expectResponse(200);
    (await agent.dialog.expectRequest('BYE')).respond(200);
    expect(await callRecord()).toMatchObject({ status: 'completed', hangupSource: 'caller' });
  });

  it('plays hold music to the caller while the agent holds, and reconnects them when the agent takes the call back', async () => {
    const { call, caller, agent } = await bridgedCall();
    await talkBothWays(caller, callerByte, agent.rtp, firstAgentByte);

    const hold = agent.dialog.request('INVITE', {
      body: agent.sdp.replace('a=sendrecv', 'a=sendonly').replace(/^(o=- \d+) 1/m, '$1 2'),
    });
    const held = await hold.expectResponse(200);
    agent.dialog.ackReinvite(hold);
    expect(held.body).toMatch(/^a=recvonly/m);
    const beforeHold = caller.received.length;
    await caller.waitFor((received) => received.slice(beforeHold).filter(isMusic).length >= 25);

    const unhold = agent.dialog.request('INVITE', { body: agent.sdp.replace(/^(o=- \d+) 1/m, '$1 3') });
    const resumed = await unhold.expectResponse(200);
    agent.dialog.ackReinvite(unhold);
    expect(resumed.body).toMatch(/^a=sendrecv/m);
    // Whatever was on its way drains; then the caller hears the agent, not the music.
    await talkBothWays(caller, callerByte, agent.rtp, firstAgentByte);
    const afterUnhold = caller.received.length;
    await agent.rtp.talk(25, firstAgentByte);
    await caller.waitFor(
      (received) => received.slice(afterUnhold).filter(talkOf(firstAgentByte)).length >= 15,
    );
    expect(caller.received.slice(afterUnhold + 5).filter(isMusic)).toEqual([]);

    await call.bye().expectResponse(200);
    (await agent.dialog.expectRequest('BYE')).respond(200);
  });

  it('transfers the caller blindly to the extension a REFER from the agent names', async () => {
    const { call, caller, agent } = await bridgedCall();
    await talkBothWays(caller, callerByte, agent.rtp, firstAgentByte);

    const refer = agent.dialog.request('REFER', {
      headers: { 'Refer-To': `<sip:6302@${sipDomain}>`, 'Referred-By': `<sip:6301@${sipDomain}>` },
    });
    await refer.expectResponse(202);
    const trying = await agent.dialog.expectRequest('NOTIFY');
    expect(trying.message.get('event')).toBe('refer');
    expect(trying.message.get('content-type')).toContain('message/sipfrag');
    expect(trying.message.body).toContain('SIP/2.0 100 Trying');
    trying.respond(200);

    const ringing = await secondDesk.expectRequest('INVITE', { timeoutMs: 5_000 });
    expect(ringing.message.get('from')).toContain('+12125550100');
    const second = await answer(ringing);
    const done = await agent.dialog.expectRequest('NOTIFY');
    expect(done.message.body).toContain('SIP/2.0 200 OK');
    expect(done.message.get('subscription-state')).toContain('terminated');
    done.respond(200);
    (await agent.dialog.expectRequest('BYE')).respond(200);

    await talkBothWays(caller, callerByte, second.rtp, secondAgentByte);
    await call.bye().expectResponse(200);
    (await second.dialog.expectRequest('BYE')).respond(200);

    const record = await callRecord();
    expect(record).toMatchObject({ status: 'completed', hangupSource: 'caller' });
    expect(record.legs.map((leg: { role: string; status: string }) => [leg.role, leg.status])).toEqual([
      ['caller', 'completed'],
      ['callee', 'completed'],
      ['callee', 'completed'],
    ]);
    expect(record.legs[2].target).toContain('6302@127.0.6.32');
  });

  it('keeps the caller with the agent when the transfer target is busy, and tells the agent', async () => {
    const { call, caller, agent } = await bridgedCall();
    const refer = agent.dialog.request('REFER', { headers: { 'Refer-To': `<sip:6302@${sipDomain}>` } });
    await refer.expectResponse(202);
    (await agent.dialog.expectRequest('NOTIFY')).respond(200);

    (await secondDesk.expectRequest('INVITE', { timeoutMs: 5_000 })).respond(486);
    const failed = await agent.dialog.expectRequest('NOTIFY');
    expect(failed.message.body).toContain('SIP/2.0 486 Busy Here');
    failed.respond(200);
    await talkBothWays(caller, callerByte, agent.rtp, firstAgentByte);

    await call.bye().expectResponse(200);
    (await agent.dialog.expectRequest('BYE')).respond(200);
    const record = await callRecord();
    expect(record.legs.map((leg: { status: string }) => leg.status)).toEqual([
      'completed',
      'completed',
      'busy',
    ]);
  });

  it('transfers the caller to the target the API names, replacing the callee', async () => {
    const { call, caller, agent } = await bridgedCall();
    const { id: callId } = await callRecord();

    const reply = await bed.app.get(CallControlBus).request(callId, { type: 'transfer', to: '6302' }, 5_000);
    expect(reply).toEqual({ ok: true });
    const second = await answer(await secondDesk.expectRequest('INVITE', { timeoutMs: 5_000 }));
    (await agent.dialog.expectRequest('BYE')).respond(200);
    await talkBothWays(caller, callerByte, second.rtp, secondAgentByte);

    await call.bye().expectResponse(200);
    (await second.dialog.expectRequest('BYE')).respond(200);
    const record = await callRecord();
    expect(record.legs).toHaveLength(3);
    expect(record.legs[1]).toMatchObject({ status: 'completed', sipReason: 'Transferred' });
  });

  it('refuses a transfer to nobody and keeps the call', async () => {
    const { call, caller, agent } = await bridgedCall();
    const { id: callId } = await callRecord();

    expect(
      await bed.app.get(CallControlBus).request(callId, { type: 'transfer', to: 'nobody-here' }),
    ).toMatchObject({
      ok: false,
      code: 'transfer_target_not_found',
    });
    await talkBothWays(caller, callerByte, agent.rtp, firstAgentByte);
    await call.bye().expectResponse(200);
    (await agent.dialog.expectRequest('BYE')).respond(200);
  });

  it('anchors a call between two desks too: the callee holds, the caller hears the music', async () => {
    const caller = await phone();
    const invite = firstDesk.invite({
      requestUri: `sip:6302@${firstDevice.sipDomain}`,
      from: `<sip:6301@${firstDevice.sipDomain}>`,
      to: `<sip:6302@${firstDevice.sipDomain}>`,
      sdp: caller.sdp(),
    });
    const call = invite.authenticate(await invite.expectResponse(407), {
      username: firstDevice.username,
      password: firstDevice.password,
    });
    const ringing = await secondDesk.expectRequest('INVITE', { timeoutMs: 5_000 });
    expect(portOf(ringing.message.body)).not.toBe(portOf(caller.sdp()));
    const callee = await answer(ringing);
    const ok = await call.expectResponse(200);
    call.ack();
    expect(portOf(ok.body)).not.toBe(portOf(callee.sdp));
    caller.connectTo(ok.body);
    await talkBothWays(caller, callerByte, callee.rtp, secondAgentByte);

    const hold = callee.dialog.request('INVITE', {
      body: callee.sdp.replace('a=sendrecv', 'a=inactive').replace(/^(o=- \d+) 1/m, '$1 2'),
    });
    expect((await hold.expectResponse(200)).body).toMatch(/^a=inactive/m);
    callee.dialog.ackReinvite(hold);
    const beforeHold = caller.received.length;
    await caller.waitFor((received) => received.slice(beforeHold).filter(isMusic).length >= 25);

    await call.bye().expectResponse(200);
    (await callee.dialog.expectRequest('BYE')).respond(200);
  });
});
