import { type SipPeer } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calleeAnswer,
  callEventTypes,
  dial,
  type SipTestBed,
  startSipTestBed,
  type TestDevice,
} from './sip-test-bed';

const trunkAddress = '127.0.0.99';

describe('outbound calls from devices through the carrier trunk', () => {
  let bed: SipTestBed;
  let desk: TestDevice;
  let callerNumber: { id: string; phoneNumber: string };
  let trunk: SipPeer;
  let address = 0;
  const nextPeer = () => bed.server.peer({ address: `127.0.2.${(address += 1)}`, port: 5062 }, 'phone');

  beforeAll(async () => {
    bed = await startSipTestBed({ SIP_TRUNK_URI: `sip:${trunkAddress}:5060;transport=udp` });
    trunk = bed.server.peer({ address: trunkAddress, port: 5060 }, 'carrier');
    desk = await bed.createDevice('2001');
    callerNumber = await bed.buyNumber();
  });
  afterAll(() => bed.close());

  async function callRecord(to: string) {
    await bed.settled();
    const listed = await bed.apiRequest('GET', `/v1/calls?number=${encodeURIComponent(to)}`);
    expect(listed.status).toBe(200);
    const [summary] = listed.body.data as { id: string }[];
    if (!summary) throw new Error(`no call to ${to}`);
    const call = await bed.apiRequest('GET', `/v1/calls/${summary.id}`);
    expect(call.status).toBe(200);
    return call.body;
  }

  it('normalizes the dialed number, presents the owned caller ID, bridges to the trunk and records the call', async () => {
    const phone = nextPeer();
    const call = await dial(phone, desk, '(415)555-0142', { callerId: callerNumber.phoneNumber });

    const outbound = await trunk.expectRequest('INVITE');
    expect(outbound.message.uri).toBe(`sip:+14155550142@${trunkAddress}:5060;transport=udp`);
    expect(outbound.message.get('from')).toContain(`<sip:${callerNumber.phoneNumber}@${trunkAddress}>`);
    expect(outbound.message.get('p-asserted-identity')).toBe(
      `<sip:${callerNumber.phoneNumber}@${trunkAddress}>`,
    );
    expect(outbound.message.body).toContain('m=audio 6000 RTP/AVP 0 8');

    outbound.respond(180);
    await call.expectResponse(180);
    outbound.respond(200, { sdp: calleeAnswer });
    const ok = await call.expectResponse(200);
    expect(ok.body).toBe(calleeAnswer);
    call.ack();
    await outbound.dialog.expectRequest('ACK');

    await call.bye().expectResponse(200);
    const bye = await outbound.dialog.expectRequest('BYE');
    bye.respond(200);

    const record = await callRecord('+14155550142');
    expect(record).toMatchObject({
      object: 'call',
      direction: 'outbound',
      from: callerNumber.phoneNumber,
      to: '+14155550142',
      numberId: callerNumber.id,
      userId: bed.account.ownerId,
      deviceId: desk.id,
      status: 'completed',
      hangupSource: 'caller',
    });
    expect(record.timeline.map((change: { status: string }) => change.status)).toEqual([
      'initiated',
      'ringing',
      'answered',
      'completed',
    ]);
    expect(record.legs).toHaveLength(2);
    expect(record.legs.map((leg: { role: string; status: string }) => [leg.role, leg.status])).toEqual([
      ['caller', 'completed'],
      ['callee', 'completed'],
    ]);
    expect(record.legs[0].sipCallId).toBe(call.callId);
    expect(record.legs[1].sipCallId).toBe(outbound.message.callId);
    expect(await callEventTypes(bed, record.id)).toEqual([
      'call.initiated',
      'call.ringing',
      'call.answered',
      'call.completed',
    ]);
  });

  it('uses the default number when the device asks for a caller ID the account does not own', async () => {
    const phone = nextPeer();
    const call = await dial(phone, desk, '+14155550143', { callerId: '+14155559999' });
    const outbound = await trunk.expectRequest('INVITE');
    expect(outbound.message.get('from')).toContain(`<sip:${callerNumber.phoneNumber}@`);
    outbound.respond(486);
    await call.expectResponse(486);
    const record = await callRecord('+14155550143');
    expect(record).toMatchObject({ status: 'busy', from: callerNumber.phoneNumber, sipStatus: 486 });
    expect(await callEventTypes(bed, record.id)).toEqual(['call.initiated', 'call.failed']);
  });

  it.each([
    ['a country the account does not allow', '+442079460018', 'country_not_allowed'],
    ['a premium-rate prefix', '+19005550100', 'premium_prefix'],
  ])(
    'refuses %s with 403 and a Reason, sends nothing out and records the block',
    async (_, number, reason) => {
      const phone = nextPeer();
      const call = await dial(phone, desk, number);
      const refused = await call.expectResponse(403);
      expect(refused.get('reason')).toMatch(new RegExp(`^SIP;cause=403;text="${reason}: .+"$`));
      await expect(trunk.expectRequest('INVITE', { timeoutMs: 300 })).rejects.toThrow(/Timed out/);
      const record = await callRecord(number);
      expect(record).toMatchObject({ status: 'failed', sipStatus: 403, blockedReason: reason, to: number });
      expect(await callEventTypes(bed, record.id)).toEqual(['call.initiated', 'call.blocked']);
    },
  );

  it('passes the carrier failure back and cancels the trunk leg when the caller cancels while it rings', async () => {
    const phone = nextPeer();
    const call = await dial(phone, desk, '+14155550144');
    const outbound = await trunk.expectRequest('INVITE');
    outbound.respond(180);
    await call.expectResponse(180);
    await call.cancel().expectResponse(200);
    await call.expectResponse(487);
    const cancel = await trunk.expectRequest('CANCEL');
    cancel.respond(200);
    outbound.respond(487);
    const record = await callRecord('+14155550144');
    expect(record).toMatchObject({ status: 'canceled', hangupSource: 'caller' });
    expect(record.legs.map((leg: { status: string }) => leg.status)).toEqual(['canceled', 'canceled']);
    expect(await callEventTypes(bed, record.id)).toEqual(['call.initiated', 'call.ringing', 'call.failed']);
  });

  it('limits concurrent calls per account: the call over the limit is refused while the first one rings', async () => {
    const policy = await bed.apiRequest('PATCH', '/v1/call-policy', { maxConcurrentCalls: 1 });
    expect(policy.status).toBe(200);
    // Instances cache an account's policy for a few seconds.
    bed.clock.advance(6_000);
    try {
      const first = await dial(nextPeer(), desk, '+14155550145');
      const outbound = await trunk.expectRequest('INVITE');
      outbound.respond(180);
      await first.expectResponse(180);

      const second = await dial(nextPeer(), desk, '+14155550146');
      const refused = await second.expectResponse(403);
      expect(refused.get('reason')).toContain('concurrency_limit');

      outbound.respond(200, { sdp: calleeAnswer });
      await first.expectResponse(200);
      first.ack();
      await first.bye().expectResponse(200);
      (await outbound.dialog.expectRequest('BYE')).respond(200);
      expect(await callRecord('+14155550146')).toMatchObject({ blockedReason: 'concurrency_limit' });
    } finally {
      await bed.apiRequest('PATCH', '/v1/call-policy', { maxConcurrentCalls: 10 });
      bed.clock.advance(6_000);
    }
  });

  it('hangs up a live call through DELETE /v1/calls/{id}: both sides get a BYE', async () => {
    const call = await dial(nextPeer(), desk, '+14155550147');
    const outbound = await trunk.expectRequest('INVITE');
    outbound.respond(200, { sdp: calleeAnswer });
    await call.expectResponse(200);
    call.ack();
    const live = await callRecord('+14155550147');
    expect(live.status).toBe('answered');

    const hungUp = await bed.apiRequest('DELETE', `/v1/calls/${live.id}`);
    expect(hungUp.status).toBe(202);
    (await call.expectRequest('BYE')).respond(200);
    (await outbound.dialog.expectRequest('BYE')).respond(200);
    expect(await callRecord('+14155550147')).toMatchObject({ status: 'completed', hangupSource: 'api' });
    expect(await callEventTypes(bed, live.id)).toEqual(['call.initiated', 'call.answered', 'call.completed']);
  });

  it('completes the record when the caller hangs up right after the answer', async () => {
    const call = await dial(nextPeer(), desk, '+14155550148');
    const outbound = await trunk.expectRequest('INVITE');
    outbound.respond(200, { sdp: calleeAnswer });
    await call.expectResponse(200);
    call.ack();
    const bye = call.bye();
    (await outbound.dialog.expectRequest('BYE')).respond(200);
    await bye.expectResponse(200);
    expect(await callRecord('+14155550148')).toMatchObject({ status: 'completed', hangupSource: 'caller' });
  });

  it('challenges unauthenticated INVITEs and refuses a wrong password without a record', async () => {
    const phone = nextPeer();
    const call = phone.invite({
      requestUri: `sip:+14155550149@${desk.sipDomain}`,
      from: `<sip:${desk.username}@${desk.sipDomain}>`,
    });
    const challenge = await call.expectResponse(407);
    expect(challenge.getAll('proxy-authenticate')).toHaveLength(2);
    const wrong = call.authenticate(challenge, { username: desk.username, password: 'not-the-password' });
    await wrong.expectResponse(403);
    await bed.settled();
    const listed = await bed.apiRequest('GET', '/v1/calls?number=%2B14155550149');
    expect(listed.body.data).toEqual([]);
  });
});
