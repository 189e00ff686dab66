import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newId } from '@switchyard/contracts';
import { toneSequenceWav } from '@switchyard/media';
import { Database } from '@switchyard/prisma';
import { eventually, RtpPeer, type SipPeer } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentWithDevice,
  callEventTypes,
  callEventTypesEndingWith,
  flowSteps,
  type MediaTestBed,
  numberWithFlow,
  registeredAgent,
  type SipTestBed,
  startMediaTestBed,
} from './sip-test-bed';

const carrierAddress = '127.0.0.79';
/** The events of a call answered by its flow's greeting that leaves no message. */
const answeredCallEvents = ['call.initiated', 'call.answered', 'call.completed'];

describe('inbound calls to voicemail, recorded through rtpengine', () => {
  let media: MediaTestBed;
  let bed: SipTestBed;
  let database: Database;
  let desk: SipPeer;
  let agentId: string;
  let offlineAgentId: string;
  let boxId: string;
  let closedScheduleId: string;

  beforeAll(async () => {
    media = await startMediaTestBed({ carrierAddress });
    bed = media.bed;
    database = bed.app.get(Database);

    const agent = await registeredAgent(bed, { username: '6201', address: '127.0.6.2' });
    agentId = agent.userId;
    desk = agent.peer;
    offlineAgentId = (await agentWithDevice(bed, { username: '6202', name: 'Away' })).userId;

    const box = await database.root.voicemailBox.create({
      data: {
        id: newId('voicemailBox'),
        accountId: bed.account.accountId,
        name: 'Main',
        maxMessageSeconds: 30,
        createdAt: new Date(),
      },
    });
    boxId = box.id;
    // No opening hours at all: always closed.
    const schedule = await bed.apiRequest('POST', '/v1/business-hours', {
      name: 'Never open',
      timeZone: 'America/New_York',
      weekly: [],
      exceptions: [],
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    closedScheduleId = schedule.body.id;
  });
  afterAll(async () => {
    await media?.close();
  });

  const voicemailNode = {
    id: 'voicemail',
    kind: 'voicemail',
    boxId: '',
    greeting: { type: 'tts', text: 'Leave a message.' },
    exits: { done: 'goodbye' },
  };
  const goodbye = { id: 'goodbye', kind: 'hangup', exits: {} };

  /** A number of the account running a flow of `nodes` from the first. */
  async function numberRunning(nodes: Record<string, unknown>[]): Promise<string> {
    const number = await numberWithFlow(bed, { draft: { startNodeId: nodes[0]!.id, nodes } });
    return number.phoneNumber;
  }

  async function call(phoneNumber: string) {
    const phone = await RtpPeer.open();
    const invite = media.callFromCarrier(phoneNumber, phone.sdp());
    return { phone, invite };
  }

  async function answered(phoneNumber: string, timeoutMs = 5_000) {
    const { phone, invite } = await call(phoneNumber);
    const ok = await invite.expectResponse(200, { timeoutMs });
    invite.ack();
    phone.connectTo(ok.body);
    return { phone, invite };
  }

  let recordingsAwaited = 0;
  /** Resolves when the next voicemail recording (of the calls in this file) has started. */
  function recordingStarted() {
    const wanted = ++recordingsAwaited;
    let count = 0;
    return bed.logs.waitFor((line) => line.msg === 'voicemail recording started' && ++count >= wanted);
  }

  /** The call's record once it has ended and its flow path has `pathLength` steps (the last comes after the BYE). */
  function recordOf(phoneNumber: string, pathLength: number) {
    return eventually(async () => {
      await bed.settled();
      const listed = await bed.apiRequest('GET', `/v1/calls?direction=inbound&limit=10`);
      const summary = listed.body.data.find((entry: { to: string }) => entry.to === phoneNumber);
      const record = (await bed.apiRequest('GET', `/v1/calls/${summary.id}`)).body;
      return record.endedAt !== null && record.flow.path.length >= pathLength ? record : undefined;
    });
  }

  async function voicemailOf(callId: string) {
    return database.root.voicemail.findUnique({ where: { callId } });
  }

  it('takes a message after the greeting and the beep when the office is closed, ending at the hang-up', async () => {
    const phoneNumber = await numberRunning([
      {
        id: 'hours',
        kind: 'schedule',
        scheduleId: closedScheduleId,
        exits: { open: null, closed: 'voicemail' },
      },
      { ...voicemailNode, boxId },
      goodbye,
    ]);
    const { phone, invite } = await answered(phoneNumber);
    try {
      await recordingStarted();
      // "Leave a message." (about a second) then the 400 ms beep.
      expect(phone.received.length).toBeGreaterThan(60);
      await phone.talk(100);
      await invite.bye().expectResponse(200);

      const record = await recordOf(phoneNumber, 2);
      expect(record).toMatchObject({ status: 'completed', hangupSource: 'caller' });
      expect(flowSteps(record)).toEqual([
        ['hours', 'closed'],
        ['voicemail', null],
      ]);
      const voicemail = await voicemailOf(record.id);
      expect(voicemail).toMatchObject({ boxId, from: '+12125550100', to: phoneNumber });
      expect(voicemail!.durationMs).toBeGreaterThan(1_600);
      expect(voicemail!.durationMs).toBeLessThan(2_600);
      const wav = await readFile(path.join(media.storageDirectory, voicemail!.storageKey));
      expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
      expect(wav.length).toBeGreaterThan(44 + 1.6 * 16_000);
      const event = await database.root.event.findFirst({
        where: { accountId: bed.account.accountId, type: 'voicemail.created' },
      });
      expect(event?.data).toMatchObject({ id: voicemail!.id });
      expect(await callEventTypesEndingWith(bed, record.id, 'voicemail.created')).toEqual([
        'call.initiated',
        'call.answered',
        'call.completed',
        'voicemail.created',
      ]);
    } finally {
      phone.close();
    }
  });

  it('ends the message on # and goes on by the done exit', async () => {
    const phoneNumber = await numberRunning([{ ...voicemailNode, boxId }, goodbye]);
    const { phone, invite } = await answered(phoneNumber);
    try {
      await recordingStarted();
      await phone.talk(75);
      await phone.pressDigit('#');
      (await invite.expectRequest('BYE', { timeoutMs: 5_000 })).respond(200);

      const record = await recordOf(phoneNumber, 2);
      expect(record).toMatchObject({ status: 'completed', hangupSource: 'system' });
      expect(flowSteps(record)).toEqual([
        ['voicemail', 'done'],
        ['goodbye', null],
      ]);
      expect((await voicemailOf(record.id))?.durationMs).toBeGreaterThan(1_000);
      expect(await callEventTypes(bed, record.id)).toEqual([
        'call.initiated',
        'call.answered',
        'voicemail.created',
        'call.completed',
      ]);
    } finally {
      phone.close();
    }
  });

  it('ends the message after five seconds of silence and goes on by the done exit, without the silence', async () => {
    const phoneNumber = await numberRunning([{ ...voicemailNode, boxId }, goodbye]);
    const { phone, invite } = await answered(phoneNumber);
    try {
      await recordingStarted();
      await phone.talk(75);
      // The caller stays on the line, quiet, pressing nothing, until the flow hangs up (the box allows 30 s).
      let hungUp = false;
      const bye = invite.expectRequest('BYE', { timeoutMs: 10_000 }).finally(() => (hungUp = true));
      const silence = 0xff;
      while (!hungUp) await phone.talk(5, silence);
      (await bye).respond(200);

      const record = await recordOf(phoneNumber, 2);
      expect(record).toMatchObject({ status: 'completed', hangupSource: 'system' });
      expect(flowSteps(record)).toEqual([
        ['voicemail', 'done'],
        ['goodbye', null],
      ]);
      // The 1.5 s said and the 200 ms the trimming keeps.
      const voicemail = await voicemailOf(record.id);
      expect(voicemail!.durationMs).toBeGreaterThan(1_400);
      expect(voicemail!.durationMs).toBeLessThan(2_000);
      // The message ended before the flow hung up, as with `#`.
      expect(await callEventTypes(bed, record.id)).toEqual([
        'call.initiated',
        'call.answered',
        'voicemail.created',
        'call.completed',
      ]);
    } finally {
      phone.close();
    }
  });

  it('discards a message of less than a second', async () => {
    const phoneNumber = await numberRunning([{ ...voicemailNode, boxId }, goodbye]);
    const { phone, invite } = await answered(phoneNumber);
    try {
      await recordingStarted();
      await phone.talk(10);
      await invite.bye().expectResponse(200);
      const record = await recordOf(phoneNumber, 1);
      expect(record).toMatchObject({ status: 'completed' });
      expect(await voicemailOf(record.id)).toBeNull();
      expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
    } finally {
      phone.close();
    }
  });

  /** An uploaded audio file of the account, written straight to the database and storage: a 1.2 s tone. */
  async function uploadedAudio(): Promise<string> {
    const id = newId('audioFile');
    const storageKey = `audio/${id}.wav`;
    const wav = toneSequenceWav([{ frequencies: [440], durationMs: 1_200 }]);
    await mkdir(path.join(media.storageDirectory, 'audio'), { recursive: true });
    await writeFile(path.join(media.storageDirectory, storageKey), wav);
    await database.root.audioFile.create({
      data: {
        id,
        accountId: bed.account.accountId,
        name: 'Greeting',
        originalContentType: 'audio/wav',
        originalSizeBytes: wav.length,
        originalStorageKey: storageKey,
        storageKey,
        sizeBytes: wav.length,
        durationMs: 1_200,
        sha256: 'not-checked',
        createdAt: new Date(),
      },
    });
    return id;
  }

  it('plays an uploaded audio file as the greeting', async () => {
    const audioId = await uploadedAudio();
    const phoneNumber = await numberRunning([
      { ...voicemailNode, boxId, greeting: { type: 'audio', audioId } },
      goodbye,
    ]);
    const { phone, invite } = await answered(phoneNumber);
    try {
      await recordingStarted();
      // 1.2 s of greeting and the 400 ms beep at 50 packets a second.
      expect(phone.received.length).toBeGreaterThanOrEqual(75);
      await invite.bye().expectResponse(200);
    } finally {
      phone.close();
    }
  });

  it('skips an uploaded greeting whose file is gone, and still takes the message', async () => {
    const audioId = await uploadedAudio();
    const phoneNumber = await numberRunning([
      { ...voicemailNode, boxId, greeting: { type: 'audio', audioId } },
      goodbye,
    ]);
    await database.root.audioFile.delete({ where: { id: audioId } });
    const { phone, invite } = await answered(phoneNumber);
    try {
      await recordingStarted();
      expect(phone.received.length).toBeLessThan(40);
      await phone.talk(75);
      await invite.bye().expectResponse(200);
      const record = await recordOf(phoneNumber, 1);
      expect(await voicemailOf(record.id)).not.toBeNull();
      expect(await callEventTypesEndingWith(bed, record.id, 'voicemail.created')).toEqual([
        ...answeredCallEvents,
        'voicemail.created',
      ]);
    } finally {
      phone.close();
    }
  });

  it('goes to voicemail when the agent does not answer in time', async () => {
    const phoneNumber = await numberRunning([
      {
        id: 'sales',
        kind: 'ring',
        targets: [{ type: 'user', id: agentId }],
        strategy: 'simultaneous',
        ringTimeoutSeconds: 5,
        exits: { answered: null, no_answer: 'voicemail', busy: 'voicemail' },
      },
      { ...voicemailNode, boxId },
      goodbye,
    ]);
    const { phone, invite } = await call(phoneNumber);
    try {
      const ringing = await desk.expectRequest('INVITE', { timeoutMs: 5_000 });
      ringing.respond(180);
      (await desk.expectRequest('CANCEL', { timeoutMs: 5_000 })).respond(200);
      ringing.respond(487);
      const ok = await invite.expectResponse(200, { timeoutMs: 5_000 });
      invite.ack();
      phone.connectTo(ok.body);
      await recordingStarted();
      await phone.talk(75);
      await invite.bye().expectResponse(200);

      const record = await recordOf(phoneNumber, 2);
      expect(flowSteps(record)).toEqual([
        ['sales', 'no_answer'],
        ['voicemail', null],
      ]);
      expect(await voicemailOf(record.id)).not.toBeNull();
      // Ringing while the agent's phone rang, answered by the voicemail greeting.
      expect(await callEventTypesEndingWith(bed, record.id, 'voicemail.created')).toEqual([
        'call.initiated',
        'call.ringing',
        'call.answered',
        'call.completed',
        'voicemail.created',
      ]);
    } finally {
      phone.close();
    }
  });

  it('goes to voicemail by the no_answer exit when no device of the agent is registered', async () => {
    const phoneNumber = await numberRunning([
      {
        id: 'sales',
        kind: 'ring',
        targets: [{ type: 'user', id: offlineAgentId }],
        strategy: 'simultaneous',
        ringTimeoutSeconds: 10,
        exits: { answered: null, no_answer: 'voicemail', busy: 'goodbye' },
      },
      { ...voicemailNode, boxId },
      goodbye,
    ]);
    const { phone, invite } = await answered(phoneNumber);
    try {
      await recordingStarted();
      await invite.bye().expectResponse(200);
      const record = await recordOf(phoneNumber, 2);
      expect(flowSteps(record)).toEqual([
        ['sales', 'no_answer'],
        ['voicemail', null],
      ]);
      // Hung up as the recording started: no message.
      expect(await callEventTypes(bed, record.id)).toEqual(answeredCallEvents);
    } finally {
      phone.close();
    }
  });
});
