import { type Socket } from 'node:net';
import { controlPayload, encodeFrame, FrameDecoder, FramingError } from './drachtio-wire';

export type FrameDirection = 'app->server' | 'server->app';

/** One control-protocol frame as it crossed the wire. */
export interface WireFrame {
  /** 1 for the first app connection accepted by the server, 2 for the next, ... */
  connection: number;
  direction: FrameDirection;
  /** The frame exactly as sent: `<length>#<payload>`. */
  frame: string;
  payload: string;
}

export interface AppConnectionHooks {
  newMessageId(): string;
  record(frame: WireFrame): void;
  receive(connection: AppConnection, payload: string): void;
  closed(connection: AppConnection): void;
}

/** The server's end of one drachtio-srf TCP connection. */
export class AppConnection {
  authenticated = false;
  readonly routes = new Set<string>();
  private readonly decoder = new FrameDecoder();
  private open = true;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly hooks: AppConnectionHooks,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.open = false;
      hooks.closed(this);
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Sends `<new msgId>|<kind>|<fields...>` (+ CRLF + SIP). */
  sendMessage(kind: string, fields: ReadonlyArray<string | number>, sip?: string): void {
    this.sendPayload(controlPayload([this.hooks.newMessageId(), kind, ...fields], sip));
  }

  /** Answers the app's frame `msgId` with a `response` frame. */
  reply(msgId: string, fields: ReadonlyArray<string | number>, sip?: string): void {
    this.sendMessage('response', [msgId, ...fields], sip);
  }

  /** Half-closes like drachtio-server does after a failed authentication. */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private sendPayload(payload: string): void {
    if (!this.open) return;
    const frame = encodeFrame(payload);
    this.hooks.record({ connection: this.id, direction: 'server->app', frame, payload });
    this.socket.write(frame);
  }

  private onData(chunk: Buffer): void {
    let payloads: string[];
    try {
      payloads = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof FramingError)) throw error;
      this.socket.destroy();
      return;
    }
    for (const payload of payloads) {
      this.hooks.record({
        connection: this.id,
        direction: 'app->server',
        frame: encodeFrame(payload),
        payload,
      });
      this.hooks.receive(this, payload);
    }
  }
}
