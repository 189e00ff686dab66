import http from 'node:http';
import https from 'node:https';
import { type LookupFunction } from 'node:net';
import { type FlowAction, type FlowEvent } from '@switchyard/call-flows';
import { type Logger } from '@switchyard/logging';
import { type WebhookTargetGuard } from '@switchyard/webhooks';

type HttpRequestAction = Extract<FlowAction, { type: 'http_request' }>;
type ResolvedTarget = Awaited<ReturnType<WebhookTargetGuard['resolve']>>;

export const flowWebhookUserAgent = 'Switchyard-Flows/1 (+https://docs.switchyard.dev/call-flows#webhook)';
export const callIdHeaderName = 'X-Switchyard-Call-Id';

/** Past this much answer the request fails: a webhook's actions are a few hundred bytes. */
const maxResponseBytes = 64 * 1024;

export type WebhookAnswer =
  | { readonly kind: 'answered'; readonly statusCode: number; readonly body: string }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * What the flow makes of a webhook's answer: the `actions` of a 2xx JSON object, anything else an error (the node
 * then leaves by `fallback`). The actions themselves are checked by the executor.
 */
export function webhookEventOf(answer: WebhookAnswer): FlowEvent {
  if (answer.kind !== 'answered' || answer.statusCode < 200 || answer.statusCode > 299) {
    return { type: 'webhook_error' };
  }
  try {
    const body: unknown = JSON.parse(answer.body);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { type: 'webhook_error' };
    return { type: 'webhook_response', actions: (body as { actions?: unknown }).actions };
  } catch {
    return { type: 'webhook_error' };
  }
}

/**
 * The HTTP requests of flows' webhook nodes: the executor's JSON body POSTed to the node's URL, which must resolve to
 * public addresses unless private targets are allowed (as for event webhooks), connecting to the checked address.
 * Flows have no signing secret of their own yet, so requests are not signed; the receiver can tell them by the
 * User-Agent and the call id header.
 */
export class FlowWebhooks {
  constructor(
    private readonly guard: WebhookTargetGuard,
    private readonly logger: Logger,
  ) {}

  async request(action: HttpRequestAction, callId: string): Promise<FlowEvent> {
    let target: ResolvedTarget;
    try {
      target = await this.guard.resolve(action.url);
    } catch (error) {
      this.logger.warn({ err: error, callId, url: action.url }, 'flow webhook URL refused');
      return { type: 'webhook_error' };
    }
    const answer = await post(target, JSON.stringify(action.body), callId, action.timeoutSeconds * 1000);
    const event = webhookEventOf(answer);
    if (event.type === 'webhook_error') {
      this.logger.info(
        { callId, url: action.url, ...(answer.kind === 'answered' ? { status: answer.statusCode } : answer) },
        'flow webhook failed; taking the fallback exit',
      );
    }
    return event;
  }
}

function post(
  target: ResolvedTarget,
  body: string,
  callId: string,
  timeoutMs: number,
): Promise<WebhookAnswer> {
  // DNS is not asked again between the check and the connection, so a rebinding name cannot redirect the request.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const { address, family } = target.target;
    if (options.all) (callback as (error: null, all: unknown[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const secure = target.url.protocol === 'https:';
  return new Promise((resolve) => {
    const outgoing = (secure ? https : http).request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body).toString(),
          'User-Agent': flowWebhookUserAgent,
          [callIdHeaderName]: callId,
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let received = 0;
        incoming.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxResponseBytes) outgoing.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        incoming.on('end', () =>
          resolve({
            kind: 'answered',
            statusCode: incoming.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    // The whole exchange, not only an idle socket, must fit in the node's timeout.
    const timer = setTimeout(
      () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    outgoing.on('close', () => clearTimeout(timer));
    outgoing.on('error', (error) => resolve({ kind: 'failed', reason: error.message }));
    outgoing.end(body);
  });
}
