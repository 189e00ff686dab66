import { CRLF, utf8Length } from './sip-message';

/**
 * Framing and message layout of drachtio's TCP control protocol: each frame is `<N>#<payload>` where N is the
 * payload's length in UTF-8 bytes; a payload is `msgId|kind|field|...` optionally followed by CRLF and a SIP message.
 */

/** drachtio-server reads at most five length digits and drops a client that sends more (client.cpp). */
export const MAX_LENGTH_DIGITS = 5;

export class FramingError extends Error {}

export function encodeFrame(payload: string): string {
  return `${utf8Length(payload)}#${payload}`;
}

/** Cuts a byte stream into frame payloads; frames may arrive split across or packed into reads. */
export class FrameDecoder {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const payloads: string[] = [];
    for (;;) {
      const hash = this.pending.indexOf('#');
      const digits = hash === -1 ? this.pending.length : hash;
      const prefix = this.pending.toString('latin1', 0, digits);
      if (!/^\d*$/.test(prefix) || digits > MAX_LENGTH_DIGITS) {
        throw new FramingError(`invalid frame length prefix: ${JSON.stringify(prefix.slice(0, 16))}`);
      }
      if (hash === -1) return payloads;
      if (hash === 0) throw new FramingError('frame without a length prefix');
      const end = hash + 1 + Number(prefix);
      if (this.pending.length < end) return payloads;
      payloads.push(this.pending.toString('utf8', hash + 1, end));
      this.pending = this.pending.subarray(end);
    }
  }
}

export interface ControlMessage {
  msgId: string;
  kind: string;
  /** Leader fields after the kind, split on `|`. */
  args: string[];
  /** The SIP message after the leader's CRLF, if any. */
  sip: string | undefined;
}

export function parseControlMessage(payload: string): ControlMessage {
  const lineEnd = payload.indexOf(CRLF);
  const leader = lineEnd === -1 ? payload : payload.slice(0, lineEnd);
  const [msgId = '', kind = '', ...args] = leader.split('|');
  return { msgId, kind, args, sip: lineEnd === -1 ? undefined : payload.slice(lineEnd + CRLF.length) };
}

export function controlPayload(leader: ReadonlyArray<string | number>, sip?: string): string {
  return leader.join('|') + (sip === undefined ? '' : CRLF + sip);
}

/** Wall-clock time as drachtio writes it in `sip`, `response` and `cdr:*` frames: `HH:MM:SS.uuuuuu` (UTC). */
export function formatWireTime(epochMs: number): string {
  const micros = Math.floor(epochMs * 1000) % 86_400_000_000;
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  const seconds = Math.floor(micros / 1_000_000);
  return `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}.${pad(micros % 1_000_000, 6)}`;
}
