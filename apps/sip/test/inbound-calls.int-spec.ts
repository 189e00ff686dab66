import { type SipPeer } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticatedRegister,
  calleeAnswer,
  callerOffer,
  callEventTypes,
  type SipTestBed,
  startSipTestBed,
  type TestDevice,
} from './sip-test-bed';

const carrierAddress = '127.0.0.77';

describe('inbound calls from the carrier, run by the number’s flow', () => {
  let bed: SipTestBed;
  let carrier: SipPeer;
  let desk: SipPeer;
  let agentDevice: TestDevice;
  let agentId: string;
  let address = 0;

  beforeAll(async () => {
    bed = await startSipTestBed({
      SIP_TRUSTED_SOURCES: carrierAddress,
      SIP_TRUNK_URI: `sip:${carrierAddress}:5060`,
    });
    carrier = bed.server.peer({ address: carrierAddress, port: 5060 }, 'carrier');
    const agent = await bed.apiRequest('POST', '/v1/users', {
      email: `agent-${Date.now()}@example.test`,
      name: 'Agent',
      role: 'agent',
    });
    agentId = agent.body.id;
    agentDevice = await bed.createDevice('5101', { userId: agentId });
    desk = bed.server.peer({ address: '127.0.5.1', port: 5062 }, 'desk');
    const { retry } = await authenticatedRegister(desk, agentDevice, {
      contact: `<sip:5101@${desk.endpoint.address}:5062>`,
    });
    await retry.expectResponse(200);
  });
  afterAll(() => bed.close());

  /** A number of the account whose calls the given flow handles. */
  async function numberWithFlow(draft: unknown) {
    const number = await bed.buyNumber();
    const flow = await bed.apiRequest('POST', '/v1/flows', { name: `Flow ${(address += 1)}`, draft });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    const published = await bed.apiRequest('POST', `/v1/flows/${flow.body.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const assigned = await bed.apiRequest('PATCH', `/v1/numbers/${number.id}`, {
      voice: { type: 'flow', flowId: flow.body.id },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    return { ...number, flowId: flow.body.id as string, versionId: published.body.id as string };
  }

  function callFromOutside(number: string) {
    return carrier.invite({
      requestUri: `sip:${number}@${bed.server.sipAddress}`,
      from: '<sip:+12125550100@carrier.example.test>',
      to: `<sip:${number}@${bed.server.sipAddress}>`,
      sdp: callerOffer,
    });
  }

  async function recordOf(number: string) {
    await bed.settled();
    const listed = await bed.apiRequest(
      'GET',
      `/v1/calls?direction=inbound&number=${encodeURIComponent(number)}`,
    );
    const [summary] = listed.body.data as { id: string }[];
    if (!summary) throw new Error(`no inbound call to ${number}`);
    return (await bed.apiRequest('GET', `/v1/calls/${summary.id}`)).body;
  }

  const ringAgentThenForward = (agent: string) => ({
    startNodeId: 'sales',
    nodes: [
      {
        id: 'sales',
        kind: 'ring',
        targets: [{ type: 'user', id: agent }],
        strategy: 'simultaneous',
        ringTimeoutSeconds: 20,
        exits: { answered: null, no_answer: 'cell', busy: 'cell' },
      },
      {
        id: 'cell',
        kind: 'forward',
        destination: '+14155550177',
        callerIdPolicy: 'caller',
        exits: { failed: 'goodbye' },
      },
      { id: 'goodbye', kind: 'hangup', exits: {} },
    ],
  });

  it('rings the agent’s registered phone and bridges the call when it answers', async () => {
    const number = await numberWithFlow(ringAgentThenForward(agentId));
    const call = callFromOutside(number.phoneNumber);
    const ringing = await desk.expectRequest('INVITE');
    expect(ringing.message.uri).toBe(`sip:5101@${desk.endpoint.address}:5062`);
    expect(ringing.message.get('from')).toContain('<sip:+12125550100@');
    ringing.respond(180);
    await call.expectResponse(180);
    ringing.respond(200, { sdp: calleeAnswer });
    await call.expectResponse(200);
    call.ack();
    await ringing.dialog.expectRequest('ACK');
    await call.bye().expectResponse(200);
    (await ringing.dialog.expectRequest('BYE')).respond(200);

    const record = await recordOf(number.phoneNumber);
    expect(record).toMatchObject({
      direction: 'inbound',
      from: '+12125550100',
      to: number.phoneNumber,
      numberId: number.id,
      status: 'completed',
      hangupSource: 'caller',
      flow: { flowId: number.flowId, versionId: number.versionId },
    });
    expect(
      record.flow.path.map((step: { nodeId: string; exit: string | null }) => [step.nodeId, step.exit]),
    ).toEqual([['sales', 'answered']]);
    expect(await callEventTypes(bed, record.id)).toEqual([
      'call.initiated',
      'call.ringing',
      'call.answered',
      'call.completed',
    ]);
  });

  it('forwards through the trunk when the agent is busy, presenting the caller’s number', async () => {
    const number = await numberWithFlow(ringAgentThenForward(agentId));
    const call = callFromOutside(number.phoneNumber);
    (await desk.expectRequest('INVITE')).respond(486);
    const forwarded = await carrier.expectRequest('INVITE');
    expect(forwarded.message.uri).toBe(`sip:+14155550177@${carrierAddress}:5060`);
    expect(forwarded.message.get('from')).toContain('<sip:+12125550100@');
    forwarded.respond(200, { sdp: calleeAnswer });
    await call.expectResponse(200);
    call.ack();
    await call.bye().expectResponse(200);
    (await forwarded.dialog.expectRequest('BYE')).respond(200);
    const record = await recordOf(number.phoneNumber);
    expect(record).toMatchObject({ status: 'completed' });
    expect(
      record.flow.path.map((step: { nodeId: string; exit: string | null }) => [step.nodeId, step.exit]),
    ).toEqual([
      ['sales', 'busy'],
      ['cell', 'answered'],
    ]);
    expect(record.legs.map((leg: { status: string }) => leg.status)).toEqual([
      'completed',
      'busy',
      'completed',
    ]);
    expect(await callEventTypes(bed, record.id)).toEqual([
      'call.initiated',
      'call.answered',
      'call.completed',
    ]);
  });

  it('refuses a forward the call policy blocks and takes the flow’s failed exit', async () => {
    const flow = ringAgentThenForward(agentId);
    const number = await numberWithFlow({
      ...flow,
      nodes: flow.nodes.map((node) => (node.id === 'cell' ? { ...node, destination: '+19005550100' } : node)),
    });
    const call = callFromOutside(number.phoneNumber);
    (await desk.expectRequest('INVITE')).respond(486);
    await call.expectResponse(480);
    await expect(carrier.expectRequest('INVITE', { timeoutMs: 300 })).rejects.toThrow(/Timed out/);
    const record = await recordOf(number.phoneNumber);
    expect(record).toMatchObject({ status: 'no_answer', sipStatus: 480 });
    expect(await callEventTypes(bed, record.id)).toEqual(['call.initiated', 'call.failed']);
  });

  it('refuses with 503 a flow that needs media, which calls do not have yet', async () => {
    const number = await numberWithFlow({
      startNodeId: 'greeting',
      nodes: [
        { id: 'greeting', kind: 'play', prompt: { type: 'tts', text: 'Hello' }, exits: { next: null } },
      ],
    });
    const call = callFromOutside(number.phoneNumber);
    await call.expectResponse(503);
    const record = await recordOf(number.phoneNumber);
    expect(record).toMatchObject({ status: 'failed', sipReason: 'Media not available' });
    expect(await callEventTypes(bed, record.id)).toEqual(['call.initiated', 'call.failed']);
  });

  it('answers 404 for a number that is not ours', async () => {
    await callFromOutside('+14155550999').expectResponse(404);
  });
});
