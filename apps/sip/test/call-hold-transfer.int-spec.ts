import { CallControlBus } from '@switchyard/calls';
import { type ReceivedRtp, type RtpPeer, type SipPeer } from '@switchyard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  callEventTypes,
  type MediaTestBed,
  numberWithFlow,
  registeredAgent,
  ringUserDraft,
  type SipTestBed,
  sipDomain,
  startMediaTestBed,
  type TestDevice,
} from './sip-test-bed';

const carrierAddress = '127.0.0.79';
/** The events of every bridged call here, however it is held or transferred on the way. */
const answeredCallEvents = ['call.initiated', 'call.answered', 'call.completed'];
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
  let media: MediaTestBed;
  let bed: SipTestBed;
  let firstDesk: SipPeer;
  let secondDesk: SipPeer;
  let firstDevice: TestDevice;
  let number: { id: string; phoneNumber: string };

  beforeAll(async () => {
    media = await startMediaTestBed({ carrierAddress });
    bed = media.bed;
    const first = await registeredAgent(bed, { username: '6301', address: '127.0.6.31' });
    firstDesk = first.peer;
    firstDevice = first.device;
    secondDesk = (await registeredAgent(bed, { username: '6302', address: '127.0.6.32' })).peer;
    number = await numberWithFlow(bed, { name: 'Straight to the agent', draft: ringUserDraft(first.userId) });
  });
  afterEach(() => media?.closePhones());
  afterAll(async () => {
    await media?.close();
  });

  /** A call from the carrier rung straight to the first agent, who answers. */
  const bridgedCall = () => media.bridgedCall(number.phoneNumber, firstDesk);

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
    expect(Number(portOf(offer))).toBeGreaterThanOrEqual(media.rtpengine.portMin);
    expect(portOf(callerAnswer)).not.toBe(portOf(agent.sdp));
    expect(Number(portOf(callerAnswer))).toBeLessThanOrEqual(media.rtpengine.portMax);
    await talkBothWays(caller, callerByte, agent.rtp, firstAgentByte);

    await call.bye().expectResponse(200);
    (await agent.dialog.expectRequest('BYE')).respond(200);
    const record = await callRecord();
    expect(record).toMatchObject({ status: 'completed', hangupSource: 'caller' });
    expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
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
    const record = await callRecord();
    expect(record).toMatchObject({ status: 'completed', hangupSource: 'caller' });
    expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
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
    const second = await media.answer(ringing);
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
    expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
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
    expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
  });

  it('transfers the caller to the target the API names, replacing the callee', async () => {
    const { call, caller, agent } = await bridgedCall();
    const { id: callId } = await callRecord();

    const reply = await bed.app.get(CallControlBus).request(callId, { type: 'transfer', to: '6302' }, 5_000);
    expect(reply).toEqual({ ok: true });
    const second = await media.answer(await secondDesk.expectRequest('INVITE', { timeoutMs: 5_000 }));
    (await agent.dialog.expectRequest('BYE')).respond(200);
    await talkBothWays(caller, callerByte, second.rtp, secondAgentByte);

    await call.bye().expectResponse(200);
    (await second.dialog.expectRequest('BYE')).respond(200);
    const record = await callRecord();
    expect(record.legs).toHaveLength(3);
    expect(record.legs[1]).toMatchObject({ status: 'completed', sipReason: 'Transferred' });
    expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
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
    const caller = await media.phone();
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
    const callee = await media.answer(ringing);
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
