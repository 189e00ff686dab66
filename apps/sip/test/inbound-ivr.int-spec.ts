import { RtpPeer, type SipPeer } from '@switchyard/testing';
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

const carrierAddress = '127.0.0.78';
/** The events of every call here: the menu answers it, and it completes however it ends. */
const answeredCallEvents = ['call.initiated', 'call.answered', 'call.completed'];

describe('inbound calls through menus, with media anchored in rtpengine', () => {
  let media: MediaTestBed;
  let bed: SipTestBed;
  let desk: SipPeer;
  let number: { id: string; phoneNumber: string };
  let retryingNumber: { id: string; phoneNumber: string };

  beforeAll(async () => {
    media = await startMediaTestBed({ carrierAddress });
    bed = media.bed;
    const agent = await registeredAgent(bed, { username: '6101', address: '127.0.6.1' });
    desk = agent.peer;

    number = await numberWithFlow(bed, {
      name: 'Reception',
      draft: {
        startNodeId: 'menu',
        nodes: [
          {
            id: 'menu',
            kind: 'menu',
            prompt: { type: 'tts', text: 'Press one for sales.' },
            timeoutSeconds: 2,
            interDigitTimeoutSeconds: 2,
            maxDigits: 1,
            maxRetries: 0,
            options: { '1': 'Sales' },
            directDial: false,
            exits: { 'digit:1': 'sales', timeout: 'goodbye', invalid: 'goodbye' },
          },
          {
            id: 'sales',
            kind: 'ring',
            targets: [{ type: 'user', id: agent.userId }],
            strategy: 'simultaneous',
            ringTimeoutSeconds: 20,
            exits: { answered: null, no_answer: 'goodbye', busy: 'goodbye' },
          },
          { id: 'goodbye', kind: 'hangup', exits: {} },
        ],
      },
    });
    retryingNumber = await numberWithFlow(bed, {
      name: 'Patient reception',
      draft: {
        startNodeId: 'menu',
        nodes: [
          {
            id: 'menu',
            kind: 'menu',
            prompt: { type: 'tts', text: 'Press one.' },
            invalidPrompt: { type: 'tts', text: 'That key does nothing.' },
            timeoutPrompt: { type: 'tts', text: 'Nothing was pressed.' },
            timeoutSeconds: 1,
            interDigitTimeoutSeconds: 1,
            maxDigits: 1,
            maxRetries: 1,
            options: { '1': 'Sales' },
            directDial: false,
            exits: { 'digit:1': 'goodbye', timeout: 'timed-out', invalid: 'invalid' },
          },
          { id: 'goodbye', kind: 'hangup', exits: {} },
          { id: 'timed-out', kind: 'hangup', exits: {} },
          { id: 'invalid', kind: 'hangup', exits: {} },
        ],
      },
    });
  });
  afterAll(async () => {
    await media?.close();
  });

  /** A call from outside with a real RTP endpoint, answered by the flow's menu. */
  async function callIntoMenu(phoneNumber = number.phoneNumber) {
    const phone = await RtpPeer.open();
    const call = media.callFromCarrier(phoneNumber, phone.sdp());
    const ok = await call.expectResponse(200, { timeoutMs: 5_000 });
    call.ack();
    phone.connectTo(ok.body);
    return { phone, call, answer: ok.body };
  }

  async function recordOf() {
    await bed.settled();
    const listed = await bed.apiRequest('GET', `/v1/calls?direction=inbound&limit=1`);
    return (await bed.apiRequest('GET', `/v1/calls/${listed.body.data[0].id}`)).body;
  }

  it('answers with the menu prompt, takes digit 1 and bridges the agent through the media engine', async () => {
    const { phone, call, answer } = await callIntoMenu();
    try {
      expect(answer).toMatch(/^m=audio \d+ RTP\/AVP 0/m);
      expect(answer).not.toContain('m=audio 6000');
      await phone.waitFor((received) => received.filter((packet) => packet.payloadType === 0).length >= 10);

      // A phone sends audio all along; the engine learns where the caller is from it.
      await phone.talk(5);
      await phone.pressDigit('1');
      const ringing = await desk.expectRequest('INVITE', { timeoutMs: 5_000 });
      // The agent is offered the media engine's address, not the caller's.
      expect(ringing.message.body).not.toContain(`m=audio ${/^m=audio (\d+)/m.exec(phone.sdp())![1]}`);
      ringing.respond(200, { sdp: calleeAnswer });
      await ringing.dialog.expectRequest('ACK');

      await call.bye().expectResponse(200);
      (await ringing.dialog.expectRequest('BYE')).respond(200);
      const record = await recordOf();
      expect(record).toMatchObject({ status: 'completed', hangupSource: 'caller' });
      expect(flowSteps(record)).toEqual([
        ['menu', 'digit:1'],
        ['sales', 'answered'],
      ]);
      // The menu answered the caller before the agent rang: the call never was ringing.
      expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
    } finally {
      phone.close();
    }
  });

  it('takes the timeout exit when nobody presses a key, and the flow hangs up', async () => {
    const { phone, call } = await callIntoMenu();
    try {
      await phone.waitFor((received) => received.length >= 10);
      (await call.expectRequest('BYE', { timeoutMs: 10_000 })).respond(200);
      const record = await recordOf();
      expect(record).toMatchObject({ status: 'completed', hangupSource: 'system' });
      expect(flowSteps(record)).toEqual([
        ['menu', 'timeout'],
        ['goodbye', null],
      ]);
      expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
    } finally {
      phone.close();
    }
  });

  /** Waits until the phone has heard `packets` more packets of prompts. */
  const hearMore = (phone: RtpPeer, packets: number) => {
    const heard = phone.received.length;
    return phone.waitFor((received) => received.length >= heard + packets, 10_000);
  };

  it('plays the invalid prompt and the menu again after a wrong key, then leaves by invalid', async () => {
    const { phone, call } = await callIntoMenu(retryingNumber.phoneNumber);
    try {
      await phone.talk(5);
      await hearMore(phone, 10);
      await phone.pressDigit('9');
      // "That key does nothing." and the menu again.
      await hearMore(phone, 100);
      await phone.pressDigit('9');
      (await call.expectRequest('BYE', { timeoutMs: 10_000 })).respond(200);
      const record = await recordOf();
      expect(flowSteps(record)).toEqual([
        ['menu', 'invalid'],
        ['invalid', null],
      ]);
      expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
    } finally {
      phone.close();
    }
  });

  it('plays the timeout prompt and the menu again when nothing is pressed, then leaves by timeout', async () => {
    const { phone, call } = await callIntoMenu(retryingNumber.phoneNumber);
    try {
      (await call.expectRequest('BYE', { timeoutMs: 15_000 })).respond(200);
      // The menu twice and "Nothing was pressed." in between: well over two seconds of prompts.
      expect(phone.received.length).toBeGreaterThan(150);
      const record = await recordOf();
      expect(flowSteps(record)).toEqual([
        ['menu', 'timeout'],
        ['timed-out', null],
      ]);
      expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
    } finally {
      phone.close();
    }
  });
});
