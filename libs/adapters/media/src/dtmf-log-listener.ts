import { createSocket, type Socket } from 'node:dgram';
import { type AddressInfo } from 'node:net';
import { z } from 'zod';
import { type DtmfDigit, type DtmfEvent, type DtmfListener } from '@switchyard/contracts';

/** One datagram rtpengine sends to its `dtmf-log-dest` per digit (RFC 2833 event, or in-band tone it transcoded). */
const dtmfLogSchema = z.object({
  callid: z.string(),
  source_tag: z.string(),
  type: z.literal('DTMF').optional(),
  timestamp: z.number(),
  event: z.number().int(),
  duration: z.number(),
});

const digitsByEvent: readonly DtmfDigit[] = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '*',
  '#',
  'A',
  'B',
  'C',
  'D',
];

/** The event an rtpengine DTMF log datagram reports, or null for anything else (other events, bad JSON). */
export function parseDtmfLog(datagram: Buffer): DtmfEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(datagram.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = dtmfLogSchema.safeParse(json);
  if (!parsed.success) return null;
  const digit = digitsByEvent[parsed.data.event];
  if (!digit) return null;
  return {
    callId: parsed.data.callid,
    legTag: parsed.data.source_tag,
    digit,
    durationMs: parsed.data.duration,
    at: new Date(parsed.data.timestamp * 1000),
  };
}

/**
 * The UDP socket rtpengine's `dtmf-log-dest` points at. Each reported digit goes to the listeners of its call.
 */
export class DtmfLogListener {
  private readonly listeners = new Map<string, Set<DtmfListener>>();

  private constructor(private readonly socket: Socket) {
    socket.on('message', (datagram) => {
      const event = parseDtmfLog(datagram);
      if (!event) return;
      for (const listener of this.listeners.get(event.callId) ?? []) listener(event);
    });
  }

  static async listen(host: string, port: number): Promise<DtmfLogListener> {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => undefined);
    return new DtmfLogListener(socket);
  }

  get port(): number {
    return (this.socket.address() as AddressInfo).port;
  }

  /** Calls `listener` with the call's digits until the returned function or `forget` is called. */
  subscribe(callId: string, listener: DtmfListener): () => void {
    let listeners = this.listeners.get(callId);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(callId, listeners);
    }
    listeners.add(listener);
    return () => {
      const current = this.listeners.get(callId);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(callId);
    };
  }

  forget(callId: string): void {
    this.listeners.delete(callId);
  }

  close(): Promise<void> {
    this.listeners.clear();
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
