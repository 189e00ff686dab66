import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { placeTestCall, type RtpengineProcess, startRtpengine } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SipTestBed, startSipTestBed } from './sip-test-bed';

/** The test caller sends SIP from here; the sip app trusts it as its carrier. */
const carrierAddress = '127.0.0.79';

describe('a test call from outside over UDP into a number with a menu', () => {
  let rtpengine: RtpengineProcess;
  let promptDirectory: string;
  let bed: SipTestBed;
  let sipUdpPort: number;
  let number: { id: string; phoneNumber: string };

  beforeAll(async () => {
    rtpengine = await startRtpengine();
    promptDirectory = await mkdtemp(path.join(tmpdir(), 'sy-prompts-'));
    bed = await startSipTestBed({
      SIP_TRUSTED_SOURCES: carrierAddress,
      RTPENGINE_NG_HOST: rtpengine.host,
      RTPENGINE_NG_PORT: String(rtpengine.ngPort),
      RTPENGINE_DTMF_LOG_PORT: String(rtpengine.dtmfLogPort),
      RTPENGINE_RECORDING_DIR: rtpengine.recordingDirectory,
      PROMPT_CACHE_DIR: promptDirectory,
    });
    sipUdpPort = await bed.server.listenSipUdp();

    number = await bed.buyNumber();
    const flow = await bed.apiRequest('POST', '/v1/flows', {
      name: 'Demo menu',
      draft: {
        startNodeId: 'menu',
        nodes: [
          {
            id: 'menu',
            kind: 'menu',
            prompt: { type: 'tts', text: 'Press one for sales.' },
            timeoutSeconds: 5,
            interDigitTimeoutSeconds: 2,
            maxDigits: 1,
            maxRetries: 0,
            options: { '1': 'Sales' },
            directDial: false,
            exits: { 'digit:1': 'sales', timeout: 'goodbye', invalid: 'goodbye' },
          },
          {
            id: 'sales',
            kind: 'play',
            prompt: { type: 'tts', text: 'Thank you for calling sales.' },
            exits: { next: 'hang-up' },
          },
          { id: 'hang-up', kind: 'hangup', exits: {} },
          { id: 'goodbye', kind: 'hangup', exits: {} },
        ],
      },
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    expect((await bed.apiRequest('POST', `/v1/flows/${flow.body.id}/publish`)).status).toBe(201);
    const assigned = await bed.apiRequest('PATCH', `/v1/numbers/${number.id}`, {
      voice: { type: 'flow', flowId: flow.body.id },
    });
    expect(assigned.status).toBe(200);
  });
  afterAll(async () => {
    await bed?.close();
    await rtpengine?.stop();
    await rm(promptDirectory, { recursive: true, force: true });
  });

  it('hears the menu, presses 1, hears the sales prompt and is hung up on by the flow', async () => {
    const result = await placeTestCall({
      to: number.phoneNumber,
      server: { host: '127.0.0.1', port: sipUdpPort },
      localAddress: carrierAddress,
      digits: '1',
      durationMs: 15_000,
    });

    expect(result).toMatchObject({ finalStatus: 200, hangup: 'far end' });
    expect(result.statuses.at(-1)).toBe(200);
    const events = result.transcript.map((line) => line.slice(10));
    expect(events.indexOf('  first audio')).toBeGreaterThan(events.indexOf('→ ACK'));
    expect(events.indexOf('→ DTMF 1')).toBeGreaterThan(events.indexOf('  first audio'));
    expect(events.slice(-3, -1)).toEqual(['← BYE', '→ 200 OK']);
    // "Thank you for calling sales." alone is more than a second of 20 ms packets.
    expect(result.packetsReceived).toBeGreaterThan(50);
    expect(result.heard.length).toBeGreaterThan(result.packetsReceived * 160 - 1);

    await bed.settled();
    const listed = await bed.apiRequest('GET', '/v1/calls?direction=inbound&limit=1');
    const record = (await bed.apiRequest('GET', `/v1/calls/${listed.body.data[0].id}`)).body;
    expect(record).toMatchObject({
      status: 'completed',
      hangupSource: 'system',
      from: '+15005550006',
      to: number.phoneNumber,
    });
    expect(
      record.flow.path.map((step: { nodeId: string; exit: string | null }) => [step.nodeId, step.exit]),
    ).toEqual([
      ['menu', 'digit:1'],
      ['sales', 'next'],
      ['hang-up', null],
    ]);
  });
});
