import { eventually, RtpPeer, type SipPeer } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calleeAnswer,
  callEventTypes,
  flowSteps,
  type MediaTestBed,
  numberWithFlow,
  registeredAgent,
  type SipTestBed,
  startMediaTestBed,
} from './sip-test-bed';

const carrierAddress = '127.0.0.81';
/** The events of every call here: the queue answers it (hold music), and it completes however it ends. */
const answeredCallEvents = ['call.initiated', 'call.answered', 'call.completed'];

describe('inbound calls waiting in call queues', () => {
  let media: MediaTestBed;
  let bed: SipTestBed;
  let desk: SipPeer;
  let agentId: string;

  beforeAll(async () => {
    media = await startMediaTestBed({ carrierAddress });
    bed = media.bed;
    const agent = await registeredAgent(bed, { username: '6301', address: '127.0.6.3' });
    agentId = agent.userId;
    desk = agent.peer;
  });
  afterAll(async () => {
    await media?.close();
  });

  /** A number whose flow queues callers for the agent (every such flow shares the agent's queue). */
  async function numberQueueing(announcePosition: boolean, maxWaitSeconds = 10): Promise<string> {
    const number = await numberWithFlow(bed, {
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
    return number.phoneNumber;
  }

  async function callInto(phoneNumber: string, caller = '+12125550100') {
    const phone = await RtpPeer.open();
    const call = media.callFromCarrier(phoneNumber, phone.sdp(), caller);
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
      expect(flowSteps(record)).toEqual([['queue', 'answered']]);
      expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
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
        expect(flowSteps(record)).toEqual([
          ['queue', 'overflow'],
          ['goodbye', null],
        ]);
        expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
        // Now at the head, the second caller is offered to the agent; it hangs up while the agent rings.
        const next = await desk.expectRequest('INVITE', { timeoutMs: 5_000 });
        expect(next.message.get('from')).toContain('+12125550102');
        next.respond(180);
        await second.call.bye().expectResponse(200);
        (await desk.expectRequest('CANCEL', { timeoutMs: 5_000 })).respond(200);
        next.respond(487);
        const secondRecord = await recordOf(patientNumber, '+12125550102', 1);
        expect(secondRecord).toMatchObject({ status: 'completed', hangupSource: 'caller' });
        expect(flowSteps(secondRecord)).toEqual([['queue', null]]);
        expect(await callEventTypes(bed, secondRecord.id)).toEqual(answeredCallEvents);
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
