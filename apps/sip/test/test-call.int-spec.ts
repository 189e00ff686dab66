import { placeTestCall } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callEventTypes,
  flowSteps,
  type MediaTestBed,
  numberWithFlow,
  type SipTestBed,
  startMediaTestBed,
} from './sip-test-bed';

/** The test caller sends SIP from here; the sip app trusts it as its carrier. */
const carrierAddress = '127.0.0.79';

describe('a test call from outside over UDP into a number with a menu', () => {
  let media: MediaTestBed;
  let bed: SipTestBed;
  let sipUdpPort: number;
  let number: { id: string; phoneNumber: string };

  beforeAll(async () => {
    media = await startMediaTestBed({ carrierAddress });
    bed = media.bed;
    sipUdpPort = await bed.server.listenSipUdp();

    number = await numberWithFlow(bed, {
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
  });
  afterAll(async () => {
    await media?.close();
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
    expect(flowSteps(record)).toEqual([
      ['menu', 'digit:1'],
      ['sales', 'next'],
      ['hang-up', null],
    ]);
    expect(await callEventTypes(bed, record.id)).toEqual([
      'call.initiated',
      'call.answered',
      'call.completed',
    ]);
  });
});
