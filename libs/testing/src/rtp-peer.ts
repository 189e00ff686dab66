import { type Socket } from 'node:dgram';
import { setTimeout as delay } from 'node:timers/promises';
import { bindUdp } from './drachtio/udp-socket';

export interface ReceivedRtp {
  readonly payloadType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly payload: Buffer;
  readonly arrivedAt: number;
}

/** The RFC 2833 payload type the peer offers. */
export const telephoneEvent = 101;
const dtmfEvents: Record<string, number> = { '*': 10, '#': 11 };
/** The keypad as DTMF tones: each key sounds its row's and its column's frequency together. */
const dtmfRows = [697, 770, 852, 941];
const dtmfColumns = [1209, 1336, 1477, 1633];
const keypad = ['123A', '456B', '789C', '*0#D'];

/** G.711 mu-law of one 16-bit linear sample. */
function muLaw(linear: number): number {
  const sign = linear < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(Math.round(linear)), 32_635) + 0x84;
  let exponent = 7;
  while (exponent > 0 && (magnitude & (0x80 << exponent)) === 0) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** mu-law samples of `digit`'s DTMF tone, `durationMs` long, each frequency at a quarter of full scale. */
export function dtmfTone(digit: string, durationMs = 200): Buffer {
  const row = keypad.findIndex((keys) => keys.includes(digit));
  if (row < 0) throw new Error(`no DTMF tone for ${digit}`);
  const frequencies = [dtmfRows[row]!, dtmfColumns[keypad[row]!.indexOf(digit)]!];
  const samples = Buffer.alloc((durationMs * 8_000) / 1000);
  for (let index = 0; index < samples.length; index++) {
    const level = frequencies.reduce(
      (sum, frequency) => sum + Math.sin((2 * Math.PI * frequency * index) / 8_000),
      0,
    );
    samples[index] = muLaw(level * 0.25 * 32_767);
  }
  return samples;
}

/** The test's phone: a UDP socket that offers PCMU and RFC 2833, sends paced RTP and keeps what it receives. */
export class RtpPeer {
  readonly received: ReceivedRtp[] = [];
  private remote: { address: string; port: number } | undefined;
  private sequence = 0;
  private timestamp = 0;
  private readonly ssrc = Math.floor(Math.random() * 2 ** 32);
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: Socket) {
    socket.on('message', (message) => {
      this.received.push({
        payloadType: message[1]! & 0x7f,
        sequence: message.readUInt16BE(2),
        timestamp: message.readUInt32BE(4),
        payload: message.subarray(12),
        arrivedAt: performance.now(),
      });
      for (const waiter of this.waiters) waiter();
    });
  }

  static async open(): Promise<RtpPeer> {
    return new RtpPeer(await bindUdp('127.0.0.1', 0));
  }

  /** PCMU, with RFC 2833 events under `eventPayloadType` unless it is null (a phone that sends tones in-band). */
  sdp(eventPayloadType: number | null = telephoneEvent): string {
    const port = this.socket.address().port;
    const events =
      eventPayloadType === null
        ? []
        : [`a=rtpmap:${eventPayloadType} telephone-event/8000`, `a=fmtp:${eventPayloadType} 0-16`];
    return [
      'v=0',
      `o=- ${port} 1 IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${port} RTP/AVP 0${eventPayloadType === null ? '' : ` ${eventPayloadType}`}`,
      'a=rtpmap:0 PCMU/8000',
      ...events,
      'a=ptime:20',
      'a=sendrecv',
      '',
    ].join('\r\n');
  }

  /** Sends media to where the engine's SDP for this peer points. */
  connectTo(engineSdp: string): void {
    const address = /^c=IN IP4 (\S+)/m.exec(engineSdp)![1]!;
    const port = Number(/^m=audio (\d+)/m.exec(engineSdp)![1]);
    this.remote = { address, port };
  }

  /** `packets` 20 ms PCMU packets in real time, each filled with `byte`. */
  async talk(packets: number, byte = 0x9f): Promise<void> {
    await this.play(Buffer.alloc(packets * 160, byte));
  }

  /** mu-law samples as 20 ms PCMU packets in real time. */
  async play(samples: Buffer): Promise<void> {
    for (let at = 0; at < samples.length; at += 160) {
      this.send(0, samples.subarray(at, at + 160), false);
      this.timestamp += 160;
      await delay(20);
    }
  }

  /** One digit as a phone without RFC 2833 sends it: its DTMF tone in the audio, between stretches of silence. */
  async pressDigitInBand(digit: string): Promise<void> {
    const silence = 0xff;
    await this.talk(10, silence);
    await this.play(dtmfTone(digit));
    await this.talk(10, silence);
  }

  /** One RFC 2833 digit: 100 ms of event packets, then the end packet three times, as phones send it. */
  async pressDigit(digit: string): Promise<void> {
    const event = dtmfEvents[digit] ?? Number(digit);
    const start = this.timestamp;
    for (let step = 1; step <= 5; step++) {
      this.send(
        telephoneEvent,
        Buffer.from([event, 10, (step * 160) >> 8, (step * 160) & 0xff]),
        step === 1,
        start,
      );
      await delay(20);
    }
    for (let repeat = 0; repeat < 3; repeat++) {
      this.send(telephoneEvent, Buffer.from([event, 0x80 | 10, (800 >> 8) & 0xff, 800 & 0xff]), false, start);
    }
    this.timestamp += 800;
    await delay(20);
  }

  waitFor(predicate: (received: readonly ReceivedRtp[]) => boolean, timeoutMs = 5_000): Promise<void> {
    if (predicate(this.received)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.received)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`peer: condition not met within ${timeoutMs} ms (${this.received.length} packets)`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  close(): void {
    this.socket.close();
  }

  private send(payloadType: number, payload: Buffer, marker: boolean, timestamp = this.timestamp): void {
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = payloadType | (marker ? 0x80 : 0);
    header.writeUInt16BE(this.sequence++ & 0xffff, 2);
    header.writeUInt32BE(timestamp >>> 0, 4);
    header.writeUInt32BE(this.ssrc, 8);
    this.socket.send(Buffer.concat([header, payload]), this.remote!.port, this.remote!.address);
  }
}
