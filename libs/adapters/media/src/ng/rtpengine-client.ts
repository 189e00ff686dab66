import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { MediaEngineUnavailableError, MediaRequestRefusedError } from '@switchyard/contracts';
import { bdecode, bencode, type BencodeInput, type BencodeValue } from './bencode';

export interface RtpengineClientOptions {
  /** Address of rtpengine's `listen-ng` UDP socket. */
  readonly host: string;
  readonly port: number;
  /** How long one command may take, retransmissions included. */
  readonly timeoutMs?: number;
  /**
   * The request is sent again after this long without an answer, then after twice as long each time until the
   * timeout. rtpengine answers a repeat from its cache, but a repeat of a command it is still working on holds one
   * of its threads until that command is done: under load, quick repeats slow it down further.
   */
  readonly retransmitAfterMs?: number;
}

/** A decoded ng answer whose `result` was `ok` (or `pong`). */
export type NgAnswer = { readonly [key: string]: BencodeValue };

export class RtpengineTimeoutError extends MediaEngineUnavailableError {
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`rtpengine did not answer "${command}" within ${timeoutMs} ms`);
    this.name = 'RtpengineTimeoutError';
  }
}

/** rtpengine answered `result: error`; `reason` is its `error-reason`. */
export class RtpengineCommandError extends MediaRequestRefusedError {
  constructor(
    readonly command: string,
    reason: string,
  ) {
    super(`rtpengine refused "${command}": ${reason}`, reason);
    this.name = 'RtpengineCommandError';
  }
}

export class RtpengineClientClosedError extends MediaEngineUnavailableError {
  constructor(readonly command: string) {
    super(`rtpengine client closed before "${command}" was answered`);
    this.name = 'RtpengineClientClosedError';
  }
}

interface PendingCommand {
  readonly command: string;
  readonly resolve: (answer: NgAnswer) => void;
  readonly reject: (error: Error) => void;
  readonly timeout: NodeJS.Timeout;
  retransmission?: NodeJS.Timeout;
}

/** With these, a command unanswered is sent at 0, 1 and 3 s and fails at 5 s. */
const defaultTimeoutMs = 5_000;
const defaultRetransmitAfterMs = 1_000;

/**
 * rtpengine's ng control protocol over UDP: each datagram is `<cookie> <bencoded dictionary>` and the answer echoes
 * the cookie. Every request gets a fresh cookie, because rtpengine replays its cached answer for a cookie it has
 * seen. Failures reject the command's promise with a typed error and never escape as socket errors.
 */
export class RtpengineClient {
  private readonly pending = new Map<string, PendingCommand>();
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly options: RtpengineClientOptions,
  ) {
    socket.on('message', (message) => this.receive(message));
    // A send failure (e.g. ICMP port unreachable) is left to the command's timeout; the socket stays usable.
    socket.on('error', () => undefined);
  }

  static async connect(options: RtpengineClientOptions): Promise<RtpengineClient> {
    const socket = createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(options.port, options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new RtpengineClient(socket, options);
  }

  /** Sends one command; resolves with the answer, or rejects with a timeout, command or closed error. */
  command(command: string, parameters: { readonly [key: string]: BencodeInput } = {}): Promise<NgAnswer> {
    if (this.closed) return Promise.reject(new RtpengineClientClosedError(command));
    const cookie = randomBytes(8).toString('hex');
    const datagram = Buffer.concat([
      Buffer.from(`${cookie} `, 'latin1'),
      bencode({ ...parameters, command }),
    ]);
    const timeoutMs = this.options.timeoutMs ?? defaultTimeoutMs;
    const retransmitAfterMs = this.options.retransmitAfterMs ?? defaultRetransmitAfterMs;
    return new Promise<NgAnswer>((resolve, reject) => {
      const send = () => this.socket.send(datagram, () => undefined);
      const timeout = setTimeout(
        () => this.settle(cookie, new RtpengineTimeoutError(command, timeoutMs)),
        timeoutMs,
      );
      const pending: PendingCommand = { command, resolve, reject, timeout };
      const retransmitAfter = (waitMs: number) => {
        pending.retransmission = setTimeout(() => {
          send();
          retransmitAfter(waitMs * 2);
        }, waitMs);
      };
      this.pending.set(cookie, pending);
      send();
      retransmitAfter(retransmitAfterMs);
    });
  }

  async ping(): Promise<void> {
    await this.command('ping');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [cookie, pending] of this.pending) {
      this.settle(cookie, new RtpengineClientClosedError(pending.command));
    }
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private receive(message: Buffer): void {
    const space = message.indexOf(0x20);
    if (space <= 0) return;
    const cookie = message.toString('latin1', 0, space);
    const pending = this.pending.get(cookie);
    if (!pending) return; // a late answer to a retransmission or a timed-out command
    let answer: BencodeValue;
    try {
      answer = bdecode(message.subarray(space + 1));
    } catch (error) {
      return this.settle(
        cookie,
        new RtpengineCommandError(pending.command, `undecodable answer: ${String(error)}`),
      );
    }
    if (typeof answer !== 'object' || Buffer.isBuffer(answer) || Array.isArray(answer)) {
      return this.settle(cookie, new RtpengineCommandError(pending.command, 'answer is not a dictionary'));
    }
    const result = answer['result']?.toString();
    if (result === 'error') {
      const reason = answer['error-reason']?.toString() ?? 'no reason given';
      return this.settle(cookie, new RtpengineCommandError(pending.command, reason));
    }
    this.settle(cookie, answer);
  }

  private settle(cookie: string, outcome: NgAnswer | Error): void {
    const pending = this.pending.get(cookie);
    if (!pending) return;
    this.pending.delete(cookie);
    clearTimeout(pending.timeout);
    clearTimeout(pending.retransmission);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
