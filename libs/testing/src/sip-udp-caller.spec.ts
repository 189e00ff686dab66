import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DrachtioTestServer } from './drachtio/drachtio-test-server';
import { type SrfDialog, SrfTestApp } from './drachtio/srf-test-app';
import { type ReceivedRtp, RtpPeer, telephoneEvent } from './rtp-peer';
import { heardAudio, placeTestCall } from './sip-udp-caller';

describe('placeTestCall over UDP to the drachtio test server', () => {
  let server: DrachtioTestServer;
  let app: SrfTestApp;
  let farEnd: RtpPeer;

  beforeEach(async () => {
    server = await DrachtioTestServer.start({ sipUdp: true });
    app = new SrfTestApp(server);
    farEnd = await RtpPeer.open();
  });

  afterEach(async () => {
    farEnd.close();
    await app.disconnect();
    await server.close();
  });

  const sipServer = () => ({ host: '127.0.0.1', port: server.sipUdpPort });

  /** Answers every INVITE with the far end's RTP endpoint and sends it `packets` of audio. */
  function answerWithAudio(packets: number, answered: (dialog: SrfDialog) => void = () => undefined): void {
    app.srf.invite(async (req, res) => {
      app.log.write(`INVITE ${req.get('From')} from ${req.source_address}`);
      const dialog = await app.srf.createUAS(req, res, { localSdp: farEnd.sdp() });
      dialog.on('destroy', () => app.log.write('caller hung up'));
      farEnd.connectTo(req.body);
      answered(dialog);
      await farEnd.talk(packets);
    });
  }

  it('calls, presses the digits after the first audio and hangs up after the duration', async () => {
    answerWithAudio(10);
    await server.waitForRoutes(['invite']);

    const result = await placeTestCall({
      to: '+15551230001',
      server: sipServer(),
      localAddress: '127.0.0.78',
      digits: '1',
      durationMs: 1_000,
    });

    expect(server.sipAddress).toBe(`127.0.0.1:${server.sipUdpPort}`);
    expect(result).toMatchObject({ statuses: [100, 200], finalStatus: 200, hangup: 'caller' });
    expect(result.packetsReceived).toBe(10);
    expect(result.heard.length).toBe(1600);
    expect(result.transcript.map((line) => line.slice(10))).toEqual([
      `→ INVITE sip:+15551230001@127.0.0.1:${server.sipUdpPort} from sip:+15005550006@127.0.0.78`,
      '← SIP/2.0 100 Trying',
      '← SIP/2.0 200 OK',
      '→ ACK',
      '  first audio',
      '→ DTMF 1',
      '→ BYE',
      '← SIP/2.0 200 OK',
      '  heard 10 RTP packets',
    ]);
    expect(app.log.lines[0]).toMatch(/^INVITE <sip:\+15005550006@127\.0\.0\.78>;tag=\w+ from 127\.0\.0\.78$/);
    await app.log.waitFor('caller hung up');
    const events = farEnd.received.filter((packet) => packet.payloadType === telephoneEvent);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((packet) => packet.payload[0] === 1)).toBe(true);
  });

  it('answers the far end hanging up with 200', async () => {
    answerWithAudio(5, (dialog) => void dialog.destroy());
    await server.waitForRoutes(['invite']);

    const result = await placeTestCall({
      to: '+15551230002',
      server: sipServer(),
      localAddress: '127.0.0.78',
      durationMs: 5_000,
    });

    expect(result).toMatchObject({ finalStatus: 200, hangup: 'far end' });
    expect(result.transcript.slice(-3).map((line) => line.slice(10))).toEqual([
      '← BYE',
      '→ 200 OK',
      `  heard ${result.packetsReceived} RTP packets`,
    ]);
    await server.waitForFrame(
      (frame) =>
        frame.direction === 'server->app' &&
        frame.payload.includes('SIP/2.0 200 OK') &&
        frame.payload.includes('CSeq: 2 BYE'),
      'the 200 to the BYE of the app',
    );
  });
});

describe('placeTestCall to a test server that opened its UDP listener later', () => {
  it('reports a call the far end refuses, and ACKs the refusal', async () => {
    const server = await DrachtioTestServer.start();
    const app = new SrfTestApp(server);
    try {
      const port = await server.listenSipUdp();
      app.srf.invite((_req, res) => res.send(486));
      await server.waitForRoutes(['invite']);

      const result = await placeTestCall({
        to: '+15551230003',
        server: { host: '127.0.0.1', port },
        durationMs: 1_000,
      });

      expect(result).toMatchObject({
        statuses: [100, 486],
        finalStatus: 486,
        hangup: undefined,
        packetsReceived: 0,
      });
      expect(result.heard.length).toBe(0);
    } finally {
      await app.disconnect();
      await server.close();
    }
  });
});

describe('heardAudio', () => {
  const packet = (arrivedAt: number, byte: number, payloadType = 0): ReceivedRtp => ({
    payloadType,
    sequence: 0,
    timestamp: 0,
    payload: Buffer.alloc(160, byte),
    arrivedAt,
  });

  it('keeps packets back to back through jitter, fills pauses with silence and skips other payloads', () => {
    const audio = heardAudio(
      [packet(1_000, 1), packet(1_025, 2), packet(1_030, 9, telephoneEvent), packet(1_540, 3)],
      1_000,
    );

    expect(audio.length).toBe(540 * 8 + 160);
    expect(audio.subarray(0, 160).every((byte) => byte === 1)).toBe(true);
    expect(audio.subarray(160, 320).every((byte) => byte === 2)).toBe(true);
    expect(audio.subarray(320, 540 * 8).every((byte) => byte === 0xff)).toBe(true);
    expect(audio.subarray(540 * 8).every((byte) => byte === 3)).toBe(true);
  });
});
