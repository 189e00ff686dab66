import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  eventually,
  RtpPeer,
  type RtpengineProcess,
  type SipPeer,
  startRtpengine,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticatedRegister, calleeAnswer, type SipTestBed, startSipTestBed } from './sip-test-bed';

const carrierAddress = '127.0.0.81';

describe('inbound calls waiting in call queues', () => {
  let rtpengine: RtpengineProcess;
  let directory: string;
  let bed: SipTestBed;
  let carrier: SipPeer;
  let desk: SipPeer;
  let agentId: string;

  beforeAll(async () => {
    rtpengine = await startRtpengine();
    directory = await mkdtemp(path.join(tmpdir(), 'sy-queue-'));
    bed = await startSipTestBed({
      SIP_TRUSTED_SOURCES: carrierAddress,
      RTPENGINE_NG_HOST: rtpengine.host,
      RTPENGINE_NG_PORT: String(rtpengine.ngPort),
      RTPENGINE_DTMF_LOG_PORT: String(rtpengine.dtmfLogPort),
      RTPENGINE_RECORDING_DIR: rtpengine.recordingDirectory,
      PROMPT_CACHE_DIR: directory,
    });
    carrier = bed.server.peer({ address: carrierAddress, port: 5060 }, 'carrier');
    const agent = await bed.apiRequest('POST', '/v1/users', {
      email: `queue-agent-${Date.now()}@example.test`,
      name: 'Agent',
      role: 'agent',
    });
    agentId = agent.body.id;
    const device = await bed.createDevice('6301', { userId: agentId });
    desk = bed.server.peer({ address: '127.0.6.3', port: 5062 }, 'desk');
    const { retry } = await authenticatedRegister(desk, device, {
      contact: `<sip:6301@${desk.endpoint.address}:5062>`,
    });
    await retry.expectResponse(200);
  });
  afterAll(async () => {
    await bed?.close();
    await rtpengine?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  /** A number whose flow queues callers for the agent (every such flow shares the agent's queue). */
  async function numberQueueing(announcePosition: boolean, maxWaitSeconds = 10): Promise<string> {
    const number = await bed.buyNumber();
    const flow = await bed.apiRequest('POST', '/v1/flows', {
      name: `Queue ${number.phoneNumber}`,
      draft: {
        startNodeId: 'queue',
        nodes: [
          {
            id: 'queue',
            kind: 'queue',
            targets: [{ type: 'user', id: agentId }],
            announcePosition,
            maxWaitSeconds,
            exits: { answered: null, overflow: 'goodbye' },
          },
          { id: 'goodbye', kind: 'hangup', exits: {} },
        ],
      },
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    const published = await bed.apiRequest('POST', `/v1/flows/${flow.body.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const assigned = await bed.apiRequest('PATCH', `/v1/numbers/${number.id}`, {
      voice: { type: 'flow', flowId: flow.body.id },
    });
    expect(assigned.status).toBe(200);
    return number.phoneNumber;
  }

  async function callInto(phoneNumber: string, caller = '+12125550100') {
    const phone = await RtpPeer.open();
    const call = carrier.invite({
      requestUri: `sip:${phoneNumber}@${bed.server.sipAddress}`,
      from: `<sip:${caller}@carrier.example.test>`,
      to: `<sip:${phoneNumber}@${bed.server.sipAddress}>`,
      sdp: phone.sdp(),
    });
    const ok = await call.expectResponse(200, { timeoutMs: 5_000 });
    call.ack();
    phone.connectTo(ok.body);
    return { phone, call };
  }

  function recordOf(phoneNumber: string, from: string, pathLength: number) {
    return eventually(async () => {
      await bed.settled();
      const listed = await bed.apiRequest('GET', `/v1/calls?direction=inbound&limit=20`);
      const summary = listed.body.data.find(
        (entry: { to: string; from: string }) => entry.to === phoneNumber && entry.from === from,
      );
      const record = summary && (await bed.apiRequest('GET', `/v1/calls/${summary.id}`)).body;
      return record?.endedAt && record.flow.path.length >= pathLength ? record : undefined;
    });
  }

  const steps = (record: { flow: { path: { nodeId: string; exit: string | null }[] } }) =>
    record.flow.path.map((step) => [step.nodeId, step.exit]);

  it('plays hold music while the agent rings, and bridges the agent who answers', async () => {
    const phoneNumber = await numberQueueing(false);
    const { phone, call } = await callInto(phoneNumber);
    try {
      await phone.waitFor((packets) => packets.length >= 25);
      const ringing = await desk.expectRequest('INVITE', { timeoutMs: 5_000 });
      ringing.respond(200, { sdp: calleeAnswer });
      await ringing.dialog.expectRequest('ACK');
      await call.bye().expectResponse(200);
      (await ringing.dialog.expectRequest('BYE')).respond(200);

      const record = await recordOf(phoneNumber, '+12125550100', 1);
      expect(record).toMatchObject({ status: 'completed', hangupSource: 'caller' });
      expect(steps(record)).toEqual([['queue', 'answered']]);
      const queues = await bed.redis.keys(`${bed.keyPrefix}:sip:queue:*`);
      for (const queue of queues) expect(await bed.redis.zcard(queue)).toBe(0);
    } finally {
      phone.close();
    }
  });

  it('tells the second caller their place, and overflows when nobody answers within maxWaitSeconds', async () => {
    const phoneNumber = await numberQueueing(true);
    const patientNumber = await numberQueueing(true, 60);
    const first = await callInto(phoneNumber, '+12125550101');
    try {
      await bed.logs.waitFor((line) => line.msg === 'queue position announced' && line.position === 1);
      const ringing = await desk.expectRequest('INVITE', { timeoutMs: 10_000 });
      ringing.respond(180);
      const second = await callInto(patientNumber, '+12125550102');
      try {
        await bed.logs.waitFor((line) => line.msg === 'queue position announced' && line.position === 2);
        // The agent is never offered the second caller while the first waits at the head.
        (await desk.expectRequest('CANCEL', { timeoutMs: 15_000 })).respond(200);
        ringing.respond(487);
        (await first.call.expectRequest('BYE', { timeoutMs: 5_000 })).respond(200);
        const record = await recordOf(phoneNumber, '+12125550101', 2);
        expect(steps(record)).toEqual([
          ['queue', 'overflow'],
          ['goodbye', null],
        ]);
        // Now at the head, the second caller is offered to the agent; it hangs up while the agent rings.
        const next = await desk.expectRequest('INVITE', { timeoutMs: 5_000 });
        expect(next.message.get('from')).toContain('+12125550102');
        next.respond(180);
        await second.call.bye().expectResponse(200);
        (await desk.expectRequest('CANCEL', { timeoutMs: 5_000 })).respond(200);
        next.respond(487);
        const secondRecord = await recordOf(patientNumber, '+12125550102', 1);
        expect(secondRecord).toMatchObject({ status: 'completed', hangupSource: 'caller' });
        expect(steps(secondRecord)).toEqual([['queue', null]]);
        const queues = await bed.redis.keys(`${bed.keyPrefix}:sip:queue:*`);
        for (const queue of queues) expect(await bed.redis.zcard(queue)).toBe(0);
      } finally {
        second.phone.close();
      }
    } finally {
      first.phone.close();
    }
  });
});
