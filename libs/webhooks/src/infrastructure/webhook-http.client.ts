import http from 'node:http';
import https from 'node:https';
import { type LookupFunction } from 'node:net';
import { type ResolvedAddress } from './host-resolver';

export interface WebhookRequest {
  readonly url: URL;
  /** The checked address to connect to; the URL's host still names the server (Host header, TLS SNI). */
  readonly target: ResolvedAddress;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type WebhookResponse =
  | {
      readonly kind: 'response';
      readonly statusCode: number;
      /** The first kilobyte of the answer. */
      readonly body: string;
      readonly retryAfter: string | undefined;
      readonly latencyMs: number;
    }
  | { readonly kind: 'network_error'; readonly error: string; readonly latencyMs: number };

const loggedBodyBytes = 1024;
/** Past this much answer the connection is dropped rather than read to the end. */
const readBodyLimitBytes = 64 * 1024;

/**
 * POSTs webhook bodies over keep-alive connections, to the address the caller checked: DNS is not asked again
 * between the check and the connection, so a rebinding name cannot send the request elsewhere.
 */
export class WebhookHttpClient {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
  };

  constructor(private readonly timeoutMs: number) {}

  post(request: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const pinned: LookupFunction = (_hostname, options, callback) => {
      const { address, family } = request.target;
      if (options.all)
        (callback as (error: null, all: ResolvedAddress[]) => void)(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const secure = request.url.protocol === 'https:';
    return new Promise((resolve) => {
      let settled = false;
      const settle = (response: WebhookResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(response);
      };
      const outgoing = (secure ? https : http).request(
        request.url,
        {
          method: 'POST',
          agent: this.agents[secure ? 'https:' : 'http:'],
          lookup: pinned,
          headers: { ...request.headers, 'Content-Length': Buffer.byteLength(request.body).toString() },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let received = 0;
          incoming.on('data', (chunk: Buffer) => {
            if (received < loggedBodyBytes) chunks.push(chunk);
            received += chunk.length;
            if (received > readBodyLimitBytes) incoming.destroy();
          });
          const finish = () =>
            settle({
              kind: 'response',
              statusCode: incoming.statusCode ?? 0,
              body: Buffer.concat(chunks).subarray(0, loggedBodyBytes).toString('utf8'),
              retryAfter: headerValue(incoming.headers['retry-after']),
              latencyMs: latency(),
            });
          incoming.on('end', finish);
          incoming.on('close', finish);
        },
      );
      const timer = setTimeout(
        () =>
          outgoing.destroy(
            Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' }),
          ),
        this.timeoutMs,
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) =>
        settle({ kind: 'network_error', error: describeError(error), latencyMs: latency() }),
      );
      outgoing.end(request.body);
    });
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function describeError(error: NodeJS.ErrnoException): string {
  return error.code === undefined ? error.message : `${error.code}: ${error.message}`;
}
