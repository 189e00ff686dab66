import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { RtpPeer, type RtpengineProcess, startRtpengine, telephoneEvent } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DtmfEvent, MediaRequestRefusedError } from '@switchyard/contracts';
import { RtpengineMediaEngine } from './rtpengine-media-engine';

/** The data chunk of a WAV, and its format fields. */
function readWav(wav: Uint8Array) {
  const bytes = Buffer.from(wav);
  const channels = bytes.readUInt16LE(22);
  const sampleRate = bytes.readUInt32LE(24);
  let at = 12;
  while (bytes.toString('latin1', at, at + 4) !== 'data') at += 8 + bytes.readUInt32LE(at + 4);
  const data = bytes.subarray(at + 8, at + 8 + bytes.readUInt32LE(at + 4));
  const bytesPerFrame = (channels * bytes.readUInt16LE(34)) / 8;
  return { channels, sampleRate, data, durationMs: (data.length / bytesPerFrame / sampleRate) * 1000 };
}

describe('RtpengineMediaEngine on a real rtpengine', () => {
  let rtpengine: RtpengineProcess;
  let engine: RtpengineMediaEngine;
  let directory: string;
  let tone: string;
  const peers: RtpPeer[] = [];

  beforeAll(async () => {
    rtpengine = await startRtpengine();
    engine = await RtpengineMediaEngine.start({
      ngHost: rtpengine.host,
      ngPort: rtpengine.ngPort,
      dtmfLogHost: rtpengine.host,
      dtmfLogPort: rtpengine.dtmfLogPort,
      recordingDirectory: rtpengine.recordingDirectory,
    });
    directory = await mkdtemp(path.join(tmpdir(), 'sy-media-'));
    tone = path.join(directory, 'tone.wav');
    execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'mu-law', tone, 'synth', '1', 'sine', '440']);
  });

  afterAll(async () => {
    for (const peer of peers) peer.close();
    await engine?.close();
    await rtpengine?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  /** A call anchored in rtpengine between a caller and a callee peer, each sending to the engine. */
  async function bridgedCall(options: Parameters<RtpengineMediaEngine['offer']>[0]['options'] = {}) {
    const [caller, callee] = [await RtpPeer.open(), await RtpPeer.open()];
    peers.push(caller, callee);
    const call = { callId: `call-${randomUUID()}`, callerTag: 'caller-tag', calleeTag: 'callee-tag' };
    const offered = await engine.offer({
      callId: call.callId,
      fromTag: call.callerTag,
      sdp: caller.sdp(),
      options,
    });
    callee.connectTo(offered.sdp);
    const answered = await engine.answer({
      callId: call.callId,
      fromTag: call.callerTag,
      toTag: call.calleeTag,
      sdp: callee.sdp(),
    });
    caller.connectTo(answered.sdp);
    return { ...call, caller, callee };
  }

  it('anchors the media: SDPs point at the engine and RTP flows both ways through it', async () => {
    const { callId, caller, callee } = await bridgedCall();

    await Promise.all([caller.talk(10), callee.talk(10, 0x1f)]);
    await caller.waitFor((received) => received.length >= 8);
    await callee.waitFor((received) => received.length >= 8);

    expect(new Set(callee.received.map((packet) => packet.payload[0]))).toEqual(new Set([0x9f]));
    expect(new Set(caller.received.map((packet) => packet.payload[0]))).toEqual(new Set([0x1f]));
    await engine.delete(callId);
  });

  it('plays a prompt to one leg as PCMU packets covering the file, 50 a second', async () => {
    const { callId, callerTag, caller, callee } = await bridgedCall();

    const playing = await engine.playMedia({ callId, legTag: callerTag, file: tone });
    await caller.waitFor((received) => received.length >= 50);

    expect(playing.durationMs).toBe(1000);
    const packets = caller.received.slice(0, 50);
    expect(new Set(packets.map((packet) => packet.payloadType))).toEqual(new Set([0]));
    expect(packets.every((packet) => packet.payload.length === 160)).toBe(true);
    expect(packets.at(-1)!.timestamp - packets[0]!.timestamp).toBe(49 * 160);
    // Paced, not dumped: userspace rtpengine sends in uneven runs (10 ms apart, then a pause), so a second of
    // audio arrives over 0.7 to 1 s here.
    expect(packets.at(-1)!.arrivedAt - packets[0]!.arrivedAt).toBeGreaterThan(500);
    const fileSamples = readWav(await readFile(tone)).data;
    const sentSamples = Buffer.concat(packets.map((packet) => packet.payload));
    expect(sentSamples.equals(fileSamples)).toBe(true);
    expect(callee.received).toHaveLength(0);
    await engine.delete(callId);
  });

  it('stops a looping prompt', async () => {
    const { callId, callerTag, caller } = await bridgedCall();

    await engine.playMedia({ callId, legTag: callerTag, file: tone, loop: true });
    await caller.waitFor((received) => received.length >= 60);
    await engine.stopMedia(callId, callerTag);
    const atStop = caller.received.length;
    await delay(300);

    expect(caller.received.length - atStop).toBeLessThanOrEqual(2);
    await engine.delete(callId);
  });

  it('reports the RFC 2833 digits a leg sends, to the listeners of that call only', async () => {
    const { callId, callerTag, caller } = await bridgedCall();
    const other = await bridgedCall();
    const digits: DtmfEvent[] = [];
    const otherDigits: DtmfEvent[] = [];
    engine.onDtmf(callId, (event) => digits.push(event));
    engine.onDtmf(other.callId, (event) => otherDigits.push(event));
    let allArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (allArrived = resolve));
    const stopListening = engine.onDtmf(callId, () => digits.length === 3 && allArrived());

    await caller.talk(5);
    for (const digit of ['1', '#', '9']) await caller.pressDigit(digit);
    await arrived;

    expect(digits.map((event) => [event.digit, event.legTag, event.callId])).toEqual([
      ['1', callerTag, callId],
      ['#', callerTag, callId],
      ['9', callerTag, callId],
    ]);
    expect(digits[0]!.durationMs).toBeGreaterThan(0);
    expect(otherDigits).toHaveLength(0);
    stopListening();
    await engine.delete(callId);
    await engine.delete(other.callId);
  });

  it('detects in-band DTMF tones by transcoding them to telephone-events', async () => {
    const [caller, callee] = [await RtpPeer.open(), await RtpPeer.open()];
    peers.push(caller, callee);
    const callId = `call-${randomUUID()}`;
    const offered = await engine.offer({
      callId,
      fromTag: 'caller-tag',
      sdp: caller.sdp(null),
      options: { detectInbandDtmf: true },
    });
    const offeredEventType = Number(/^a=rtpmap:(\d+) telephone-event\/8000/m.exec(offered.sdp)![1]);
    callee.connectTo(offered.sdp);
    caller.connectTo(
      (
        await engine.answer({
          callId,
          fromTag: 'caller-tag',
          toTag: 'callee-tag',
          sdp: callee.sdp(offeredEventType),
        })
      ).sdp,
    );
    const digits: DtmfEvent[] = [];
    let digitArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (digitArrived = resolve));
    engine.onDtmf(callId, (event) => {
      digits.push(event);
      digitArrived();
    });
    const five = execFileSync('sox', [
      ...['-n', '-r', '8000', '-c', '1', '-e', 'mu-law', '-t', 'raw', '-'],
      ...['synth', '0.2', 'sine', '770', 'synth', '0.2', 'sine', 'mix', '1336', 'vol', '0.4'],
    ]);

    await caller.talk(10, 0xff);
    await caller.play(five);
    await caller.talk(10, 0xff);
    await arrived;

    expect(digits.map((event) => [event.digit, event.legTag])).toEqual([['5', 'caller-tag']]);
    await engine.delete(callId);
  });

  it('injects DTMF as RFC 2833 events towards the other leg', async () => {
    const { callId, callerTag, caller, callee } = await bridgedCall({ allowDtmfInjection: true });
    const talking = Promise.all([caller.talk(60), callee.talk(60, 0x1f)]);

    await callee.waitFor((received) => received.length >= 5);
    await engine.injectDtmf({ callId, fromLegTag: callerTag, digits: '7#' });
    await callee.waitFor((received) => {
      const events = new Set(
        received.filter((packet) => packet.payloadType === telephoneEvent).map((p) => p.payload[0]),
      );
      return events.has(7) && events.has(11);
    });
    await talking;

    const events = callee.received.filter((packet) => packet.payloadType === telephoneEvent);
    expect([...new Set(events.map((packet) => packet.payload[0]))]).toEqual([7, 11]);
    await engine.delete(callId);
  });

  it('records N seconds of a call into a WAV of N seconds, mixed or a channel per party', async () => {
    const first = await bridgedCall();
    await engine.startRecording(first.callId);
    await Promise.all([first.caller.talk(100), first.callee.talk(100, 0x1f)]);
    const mixed = await engine.stopRecording({ callId: first.callId });

    expect(mixed.durationMs).toBeGreaterThanOrEqual(1980);
    expect(mixed.durationMs).toBeLessThanOrEqual(2020);
    expect(mixed.channels).toEqual([first.callerTag, first.calleeTag]);
    const wav = readWav(mixed.wav);
    expect(wav).toMatchObject({ channels: 1, sampleRate: 8000 });
    expect(wav.durationMs).toBeCloseTo(mixed.durationMs, 0);
    await engine.delete(first.callId);

    const second = await bridgedCall();
    await engine.startRecording(second.callId);
    await Promise.all([second.caller.talk(50), second.callee.talk(50, 0x1f)]);
    const split = await engine.stopRecording({ callId: second.callId, layout: 'channel-per-party' });

    expect(split.channels).toEqual([second.callerTag, second.calleeTag]);
    const stereo = readWav(split.wav);
    expect(stereo.channels).toBe(2);
    expect(stereo.durationMs).toBeGreaterThanOrEqual(980);
    expect(stereo.durationMs).toBeLessThanOrEqual(1020);
    // The caller sent 0x9f (+8316) and the callee 0x1f (-8316): each channel carries its own party.
    const middle = Math.floor(stereo.data.length / 8) * 4;
    expect(stereo.data.readInt16LE(middle)).toBe(8316);
    expect(stereo.data.readInt16LE(middle + 2)).toBe(-8316);
    await engine.delete(second.callId);
  });

  describe('watching a recorded leg for silence', () => {
    const silenceMs = 800;
    /** rtpengine writes captures in 4 KB blocks and the watch reads every 250 ms: it may be this much late. */
    const lateByUpToMs = 700;
    const secondOfTone = () =>
      execFileSync('sox', [
        ...['-n', '-r', '8000', '-c', '1', '-e', 'mu-law', '-t', 'raw', '-'],
        ...['synth', '1', 'sine', '440', 'vol', '0.25'],
      ]);

    /** Resolves with the time the engine reported the leg silent. */
    function silenceOf(callId: string, legTag: string): Promise<number> {
      return new Promise((resolve) =>
        engine.watchSilence(callId, legTag, { silenceMs }, () => resolve(performance.now())),
      );
    }

    it('fires silenceMs after the tone the leg sent, whatever the other leg sends', async () => {
      const { callId, callerTag, caller, callee } = await bridgedCall();
      await engine.startRecording(callId);
      const silent = silenceOf(callId, callerTag);
      let reported = false;
      void silent.then(() => (reported = true));
      const calleeTalking = callee.talk(150);

      await caller.play(secondOfTone());
      const toneEnded = performance.now();
      expect(reported).toBe(false);
      while (!reported) await caller.talk(5, 0xff);

      const after = (await silent) - toneEnded;
      expect(after).toBeGreaterThanOrEqual(silenceMs - 20);
      expect(after).toBeLessThan(silenceMs + lateByUpToMs);
      await calleeTalking;
      await engine.stopRecording({ callId });
      await engine.delete(callId);
    });

    it('takes a leg that stops sending for silent, a block of the capture early at most', async () => {
      const { callId, callerTag, caller } = await bridgedCall();
      await engine.startRecording(callId);
      const silent = silenceOf(callId, callerTag);

      await caller.play(secondOfTone());
      const toneEnded = performance.now();

      const after = (await silent) - toneEnded;
      // What the engine still holds in its last block is not read until the recording stops.
      expect(after).toBeGreaterThan(silenceMs - 500);
      expect(after).toBeLessThan(silenceMs + lateByUpToMs);
      await engine.delete(callId);
    });

    it('stops watching when the recording stops', async () => {
      const { callId, callerTag, caller } = await bridgedCall();
      await engine.startRecording(callId);
      const reported = vi.fn();
      engine.watchSilence(callId, callerTag, { silenceMs: 300 }, reported);

      await caller.talk(5);
      await engine.stopRecording({ callId });
      await delay(600);

      expect(reported).not.toHaveBeenCalled();
      await engine.delete(callId);
    });
  });

  it('measures packets per leg', async () => {
    const { callId, callerTag, calleeTag, caller, callee } = await bridgedCall();
    await Promise.all([caller.talk(25), callee.talk(10)]);
    await callee.waitFor((received) => received.length >= 25);

    const stats = await engine.stats(callId);

    expect(stats.packets).toBeGreaterThanOrEqual(35);
    expect(stats.legs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ legTag: callerTag, packets: 25, bytes: 25 * 172 }),
        expect.objectContaining({ legTag: calleeTag, packets: 10 }),
      ]),
    );
    expect(stats.quality).toEqual([]);
    await engine.delete(callId);
  });

  it('deletes an unknown call quietly and refuses other commands on it', async () => {
    await engine.delete('no-such-call');
    await expect(engine.stats('no-such-call')).rejects.toBeInstanceOf(MediaRequestRefusedError);
    await expect(
      engine.playMedia({ callId: 'no-such-call', legTag: 'x', file: tone }),
    ).rejects.toBeInstanceOf(MediaRequestRefusedError);
  });
});

describe('startRtpengine', () => {
  it('fails with the install command when the rtpengine binary is missing', async () => {
    const searchPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startRtpengine()).rejects.toThrow('apt-get install -y rtpengine-daemon rtpengine-utils');
    } finally {
      process.env.PATH = searchPath;
    }
  });
});
