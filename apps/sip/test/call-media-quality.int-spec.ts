import { CallControlBus } from '@switchyard/calls';
import { eventually, type ReceivedRtp, type RtpPeer, type SipPeer } from '@switchyard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  flowSteps,
  type MediaTestBed,
  numberWithFlow,
  registeredAgent,
  ringUserDraft,
  type SipTestBed,
  startMediaTestBed,
  type TestDevice,
} from './sip-test-bed';

const carrierAddress = '127.0.0.83';
const callerByte = 0x9f;
const calleeByte = 0x1f;

interface MediaStatsResource {
  readonly packets: number;
  readonly legs: readonly { role: string; packets: number; bytes: number; errors: number }[];
  readonly quality: readonly unknown[];
}

describe('media measured on call records, and in-band DTMF, with media anchored in rtpengine', () => {
  let media: MediaTestBed;
  let bed: SipTestBed;
  let firstDesk: SipPeer;
  let secondDesk: SipPeer;
  let firstDevice: TestDevice;
  let ringNumber: { id: string; phoneNumber: string };
  let menuNumber: { id: string; phoneNumber: string };

  beforeAll(async () => {
    media = await startMediaTestBed({ carrierAddress });
    bed = media.bed;
    const first = await registeredAgent(bed, { username: '6501', address: '127.0.6.51' });
    firstDesk = first.peer;
    firstDevice = first.device;
    secondDesk = (await registeredAgent(bed, { username: '6502', address: '127.0.6.52' })).peer;

    ringNumber = await numberWithFlow(bed, {
      name: 'Straight to the agent',
      draft: ringUserDraft(first.userId),
    });
    menuNumber = await numberWithFlow(bed, {
      name: 'Menu',
      draft: {
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
      },
    });
  });
  afterEach(() => media?.closePhones());
  afterAll(async () => {
    await media?.close();
  });

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
    const { call, caller, agent } = await media.bridgedCall(ringNumber.phoneNumber, firstDesk);
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
    const { call, caller, agent } = await media.bridgedCall(ringNumber.phoneNumber, firstDesk);
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
    const second = await media.answer(await secondDesk.expectRequest('INVITE', { timeoutMs: 5_000 }));
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
    const caller = await media.phone();
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
    const callee = await media.answer(await secondDesk.expectRequest('INVITE', { timeoutMs: 5_000 }));
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
    const caller = await media.phone();
    // A phone offering PCMU alone, no RFC 2833 events.
    const call = media.callFromCarrier(menuNumber.phoneNumber, caller.sdp(null));
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
    expect(flowSteps(record)).toEqual([
      ['menu', 'digit:1'],
      ['pressed-one', null],
    ]);
    expect(record.mediaStats.legs).toEqual([
      { role: 'caller', packets: expect.any(Number), bytes: expect.any(Number), errors: 0 },
    ]);
    expect(record.mediaStats.legs[0]!.packets).toBeGreaterThanOrEqual(10);
  });
});
