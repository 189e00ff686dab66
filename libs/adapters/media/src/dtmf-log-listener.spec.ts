import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { DtmfLogListener, parseDtmfLog } from './dtmf-log-listener';
import { type DtmfEvent } from '@switchyard/contracts';

const logged = (event: number) =>
  Buffer.from(
    JSON.stringify({
      callid: 'call-1',
      source_tag: 'caller-tag',
      tags: ['caller-tag', 'callee-tag'],
      type: 'DTMF',
      timestamp: 1_796_424_158,
      source_ip: '127.0.0.1',
      event,
      duration: 120,
      volume: 10,
    }),
  );

describe('parseDtmfLog', () => {
  it('reads the digit, leg and duration of an rtpengine DTMF log datagram', () => {
    expect(parseDtmfLog(logged(5))).toEqual({
      callId: 'call-1',
      legTag: 'caller-tag',
      digit: '5',
      durationMs: 120,
      at: new Date(1_796_424_158_000),
    });
  });

  it.each([
    [10, '*'],
    [11, '#'],
    [12, 'A'],
    [15, 'D'],
  ])('maps event %i to %s', (event, digit) => {
    expect(parseDtmfLog(logged(event))?.digit).toBe(digit);
  });

  it('ignores flash events, other JSON and garbage', () => {
    expect(parseDtmfLog(logged(16))).toBeNull();
    expect(parseDtmfLog(Buffer.from('{"callid":"x"}'))).toBeNull();
    expect(parseDtmfLog(Buffer.from('not json'))).toBeNull();
  });
});

describe('DtmfLogListener', () => {
  it('hands each reported digit to the listeners of its call until they unsubscribe', async () => {
    const listener = await DtmfLogListener.listen('127.0.0.1', 0);
    const events: DtmfEvent[] = [];
    const otherCall: DtmfEvent[] = [];
    let arrived!: () => void;
    const digitsArrived = new Promise<void>((resolve) => (arrived = resolve));
    const unsubscribe = listener.subscribe('call-1', (event) => {
      events.push(event);
      if (events.length === 2) arrived();
    });
    listener.subscribe('call-2', (event) => otherCall.push(event));
    const sender = createSocket('udp4');
    for (const datagram of [Buffer.from('garbage first'), logged(11), logged(3)]) {
      sender.send(datagram, listener.port, '127.0.0.1');
    }

    await digitsArrived;
    unsubscribe();
    sender.close();
    await listener.close();
    expect(events.map((event) => event.digit)).toEqual(['#', '3']);
    expect(otherCall).toEqual([]);
  });
});
