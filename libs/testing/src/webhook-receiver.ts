import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, as a signature is computed over it. */
  readonly body: string;
}

/** How the receiver answers a request: a status (and body, headers), or `hold` to keep it open until released. */
export type ReceiverAnswer = { status: number; body?: string; headers?: Record<string, string> } | 'hold';

/** Answers the `index`-th request (from 0) to one path. */
export type ReceiverScript = (request: ReceivedWebhook, index: number) => ReceiverAnswer;

/**
 * A local HTTP server on 127.0.0.1 standing in for an integrator's webhook endpoint. Each path answers through its
 * own script, so one receiver serves several endpoints; tests await requests instead of sleeping.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripts = new Map<string, ReceiverScript>();
  private readonly held: ServerResponse[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () =>
        receiver.answer(request.url ?? '/', request.headers, Buffer.concat(chunks), response),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A URL on this receiver whose requests `script` answers (200 by default). */
  url(
    path: string,
    script: (request: ReceivedWebhook, index: number) => ReceiverAnswer = () => ({ status: 200 }),
  ) {
    this.scripts.set(path, script);
    return `${this.origin}${path}`;
  }

  requestsTo(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }

  /** Resolves once `predicate` holds for the requests received so far. */
  waitUntil(predicate: (received: readonly ReceivedWebhook[]) => boolean, timeoutMs = 15_000): Promise<void> {
    if (predicate(this.received)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`receiver: condition not met within ${timeoutMs} ms (${this.received.length} requests)`),
        );
      }, timeoutMs);
      const check = () => {
        if (!predicate(this.received)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /** Requests answered with `hold` that are still open. */
  get heldCount(): number {
    return this.held.length;
  }

  releaseHeld(status = 200): void {
    for (const response of this.held.splice(0)) response.writeHead(status).end('released');
  }

  async close(): Promise<void> {
    this.releaseHeld(503);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(path: string, headers: IncomingHttpHeaders, body: Buffer, response: ServerResponse): void {
    const request: ReceivedWebhook = { path, headers, body: body.toString('utf8') };
    const index = this.requestsTo(path).length;
    this.received.push(request);
    const script: ReceiverScript = this.scripts.get(path) ?? (() => ({ status: 404 }));
    const answer = script(request, index);
    if (answer === 'hold') this.held.push(response);
    else response.writeHead(answer.status, answer.headers).end(answer.body ?? 'ok');
    for (const waiter of [...this.waiters]) waiter();
  }
}
