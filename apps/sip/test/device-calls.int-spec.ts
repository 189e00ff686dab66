import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticatedRegister,
  calleeAnswer,
  dial,
  type SipTestBed,
  startSipTestBed,
  type TestDevice,
} from './sip-test-bed';

describe('calls between devices of one account, and the sandbox far end', () => {
  let bed: SipTestBed;
  let caller: TestDevice;
  let calleeDesk: TestDevice;
  let calleeSoftphone: TestDevice;
  let address = 0;
  const nextPeer = () => bed.server.peer({ address: `127.0.3.${(address += 1)}`, port: 5062 }, 'phone');

  beforeAll(async () => {
    bed = await startSipTestBed();
    const user = await bed.apiRequest('POST', '/v1/users', {
      email: `callee-${Date.now()}@example.test`,
      name: 'Callee',
      role: 'agent',
    });
    expect(user.status).toBe(201);
    caller = await bed.createDevice('3001');
    calleeDesk = await bed.createDevice('3101', { userId: user.body.id });
    calleeSoftphone = await bed.createDevice('3102', { userId: user.body.id, kind: 'softphone' });
    await bed.buyNumber();
  });
  afterAll(() => bed.close());

  async function latestCall() {
    await bed.settled();
    const listed = await bed.apiRequest('GET', '/v1/calls?limit=1');
    const [summary] = listed.body.data as { id: string }[];
    return (await bed.apiRequest('GET', `/v1/calls/${summary!.id}`)).body;
  }

  it('rings every registered device of the dialed user behind its NAT; the first answer wins, the rest are canceled', async () => {
    const desk = nextPeer();
    const softphone = nextPeer();
    // Contacts with private addresses, as phones behind NAT register them.
    for (const [peer, device] of [
      [desk, calleeDesk],
      [softphone, calleeSoftphone],
    ] as const) {
      const { retry } = await authenticatedRegister(peer, device, {
        contact: `<sip:${device.username}@10.0.0.${peer === desk ? 5 : 6}:5062>`,
      });
      await retry.expectResponse(200);
    }

    const call = await dial(nextPeer(), caller, '3101');
    const [atDesk, atSoftphone] = await Promise.all([
      desk.expectRequest('INVITE'),
      softphone.expectRequest('INVITE'),
    ]);
    expect(atDesk.message.uri).toBe('sip:3101@10.0.0.5:5062');
    expect(atSoftphone.message.uri).toBe('sip:3102@10.0.0.6:5062');
    expect(atDesk.message.get('from')).toContain(`<sip:3001@${caller.sipDomain}>`);

    atDesk.respond(180);
    atSoftphone.respond(180);
    await call.expectResponse(180);
    atSoftphone.respond(200, { sdp: calleeAnswer });
    const cancel = await desk.expectRequest('CANCEL');
    cancel.respond(200);
    atDesk.respond(487);
    const ok = await call.expectResponse(200);
    expect(ok.body).toBe(calleeAnswer);
    call.ack();
    await atSoftphone.dialog.expectRequest('ACK');

    await atSoftphone.dialog.bye().expectResponse(200);
    (await call.expectRequest('BYE')).respond(200);

    const record = await latestCall();
    expect(record).toMatchObject({
      direction: 'internal',
      from: '3001',
      to: '3101',
      status: 'completed',
      hangupSource: 'callee',
    });
    expect(
      record.legs.map((leg: { role: string; deviceId: string | null; status: string }) => [
        leg.role,
        leg.deviceId,
        leg.status,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['caller', caller.id, 'completed'],
        ['callee', calleeDesk.id, 'canceled'],
        ['callee', calleeSoftphone.id, 'completed'],
      ]),
    );
  });

  it('answers 404 for an extension nobody has, and records it', async () => {
    const call = await dial(nextPeer(), caller, '3999');
    await call.expectResponse(404);
    expect(await latestCall()).toMatchObject({ to: '3999', status: 'failed', sipStatus: 404 });
  });

  it('lets the sandbox carrier answer outbound calls when no trunk is configured', async () => {
    const call = await dial(nextPeer(), caller, '+14155550150');
    await call.expectResponse(180);
    const ok = await call.expectResponse(200);
    expect(ok.body).toContain('m=audio 9 RTP/AVP 0');
    expect(ok.body).toContain('a=recvonly');
    call.ack();
    await call.bye().expectResponse(200);
    const record = await latestCall();
    expect(record).toMatchObject({ direction: 'outbound', to: '+14155550150', status: 'completed' });
    expect(record.legs[1]).toMatchObject({ role: 'callee', target: 'sandbox:+14155550150' });
  });

  it('gets busy from the sandbox far end for numbers ending in 0486', async () => {
    const call = await dial(nextPeer(), caller, '+14155550486');
    await call.expectResponse(486);
    expect(await latestCall()).toMatchObject({ status: 'busy', sipStatus: 486 });
  });
});
