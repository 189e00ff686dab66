import Srf from 'drachtio-srf';
import { ConditionWatch, type WaitOptions } from './awaitable-queue';
import { type DrachtioTestServer } from './drachtio-test-server';

/**
 * The slice of drachtio-srf 5 that the tests drive. srf's bundled typings lack most of these methods (register,
 * options, message, info, unregisterForMessages, ...), so they are declared here.
 */
export interface SrfMessage {
  readonly body: string;
  readonly method: string;
  readonly status: number;
  readonly reason: string;
  readonly source: string;
  readonly source_address: string;
  readonly source_port: string;
  readonly stackTxnId: string;
  get(name: string): string;
  getParsedHeader(name: 'Contact'): Array<{ uri: string }>;
}

export interface SrfRequest extends SrfMessage {
  on(event: 'cancel', listener: (cancel: SrfMessage) => void): void;
  on(event: 'response', listener: (response: SrfMessage) => void): void;
  cancel(): void;
}

export interface SrfResponse {
  send(status: number, options?: { headers?: Record<string, string>; body?: string }): void;
}

export type SrfHandler = (req: SrfRequest, res: SrfResponse) => void;

export interface SrfDialog {
  readonly id: string;
  readonly connected: boolean;
  on(event: 'destroy', listener: (bye: SrfMessage, reason?: string) => void): void;
  on(event: 'hold' | 'unhold', listener: () => void): void;
  on(event: 'modify' | 'refer' | 'info', listener: SrfHandler): void;
  destroy(): Promise<SrfMessage>;
  request(options: { method: string; headers?: Record<string, string>; body?: string }): Promise<SrfMessage>;
}

export interface SrfProgressCallbacks {
  cbRequest?: (error: Error | null, req: SrfRequest) => void;
  cbProvisional?: (response: SrfMessage) => void;
}

export interface SrfProxyResults {
  connected: boolean;
  finalStatus: number;
  responses: Array<{ address: string; port: number; msgs: Array<{ status: number }> }>;
}

export interface SrfConnectOptions {
  host: string;
  port: number;
  secret: string;
  enablePing?: boolean;
  pingInterval?: number;
  reconnect?: { maxAttempts: number };
}

export interface SrfApp {
  connect(options: SrfConnectOptions): void;
  disconnect(): void;
  on(
    event: 'connect',
    listener: (error: Error | null, hostport: string, version?: string, local?: string) => void,
  ): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'cdr:attempt', listener: (source: string, time: string, message: SrfMessage) => void): void;
  on(
    event: 'cdr:start' | 'cdr:stop',
    listener: (source: string, time: string, detail: string, message: SrfMessage) => void,
  ): void;
  invite(handler: SrfHandler): void;
  register(handler: SrfHandler): void;
  options(handler: SrfHandler): void;
  subscribe(handler: SrfHandler): void;
  message(handler: SrfHandler): void;
  info(handler: SrfHandler): void;
  unregisterForMessages(verb: string): void;
  createUAS(req: SrfRequest, res: SrfResponse, options: { localSdp: string }): Promise<SrfDialog>;
  createUAC(
    uri: string,
    options: {
      localSdp: string;
      headers?: Record<string, string>;
      auth?: { username: string; password: string };
    },
    callbacks?: SrfProgressCallbacks,
  ): Promise<SrfDialog>;
  createB2BUA(
    req: SrfRequest,
    res: SrfResponse,
    uri: string,
    options: { localSdpB: string },
    callbacks?: SrfProgressCallbacks,
  ): Promise<{ uas: SrfDialog; uac: SrfDialog }>;
  proxyRequest(
    req: SrfRequest,
    destination: string,
    options: { remainInDialog: boolean },
  ): Promise<SrfProxyResults>;
  request(
    uri: string,
    options: { method: string; headers?: Record<string, string>; body?: string },
    callback: (error: Error | null, req: SrfRequest) => void,
  ): void;
}

const SrfClass = Srf as unknown as new () => SrfApp;

/** Lines an app writes (the ported capture apps mirror their `console.log`s); tests await them. */
export class AppLog {
  readonly lines: string[] = [];
  private readonly watch = new ConditionWatch();

  constructor(private readonly timeoutMs: number) {}

  write(line: string): void {
    this.lines.push(line);
    this.watch.changed();
  }

  /** Resolves with the first line (written or still to come) that equals `expected` or matches it. */
  waitFor(expected: string | RegExp, options: WaitOptions = {}): Promise<string> {
    const matches = (line: string): boolean =>
      typeof expected === 'string' ? line === expected : expected.test(line);
    return this.watch.waitFor(
      () => this.lines.find(matches),
      `app log line ${String(expected)}`,
      options.timeoutMs ?? this.timeoutMs,
    );
  }
}

/** A drachtio-srf app connected to the test server; its handlers must be installed synchronously after creation. */
export class SrfTestApp {
  readonly srf = new SrfClass();
  readonly log: AppLog;

  constructor(
    private readonly server: DrachtioTestServer,
    options: Partial<SrfConnectOptions> & WaitOptions = {},
  ) {
    this.log = new AppLog(options.timeoutMs ?? 2000);
    this.srf.on('error', (error) => this.log.write(`srf error ${error.message}`));
    // connect() opens the socket on a later tick, so handlers added right after construction are in place by then
    this.srf.connect({ ...server.connectOptions, ...options });
  }

  /** Disconnects the way srf does (half-close) and waits until the server has seen every connection close. */
  async disconnect(options: WaitOptions = {}): Promise<void> {
    // srf cannot disconnect a connection the server already closed (failed authentication)
    if (this.server.openConnections > 0) this.srf.disconnect();
    await this.server.waitForDisconnect(options);
  }
}
