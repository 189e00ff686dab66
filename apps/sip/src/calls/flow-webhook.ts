import http from 'node:http';
import https from 'node:https';
import { type LookupFunction } from 'node:net';
import { type FlowAction, type FlowEvent } from '@switchyard/call-flows';
import { type Clock } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { signatureHeaderName, signWebhookPayload, type WebhookTargetGuard } from '@switchyard/webhooks';

type HttpRequestAction = Extract<FlowAction, { type: 'http_request' }>;
type ResolvedTarget = Awaited<ReturnType<WebhookTargetGuard['resolve']>>;

/** Where the secret that signs an account's webhook requests comes from (cached by the call-flows lib). */
export interface FlowWebhookSecrets {
  signingSecretOf(accountId: string): Promise<string>;
}

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
 * The headers of a webhook node's request: its body signed as event webhooks are, with the timestamp the receiver
 * checks against replays.
 */
export function flowWebhookHeaders(input: {
  readonly body: string;
  readonly callId: string;
  readonly secret: string;
  readonly now: Date;
}): Record<string, string> {
  const timestamp = Math.floor(input.now.getTime() / 1000);
  return {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(input.body).toString(),
    'User-Agent': flowWebhookUserAgent,
    [callIdHeaderName]: input.callId,
    [signatureHeaderName]: signWebhookPayload({ payload: input.body, secrets: [input.secret], timestamp }),
  };
}

/**
 * The HTTP requests of flows' webhook nodes: the executor's JSON body POSTed to the node's URL, which must resolve to
 * public addresses unless private targets are allowed (as for event webhooks), connecting to the checked address,
 * and signed with the account's flow webhook secret. Without the secret no request is sent unsigned: the node fails.
 */
export class FlowWebhooks {
  constructor(
    private readonly guard: WebhookTargetGuard,
    private readonly secrets: FlowWebhookSecrets,
    private readonly clock: Clock,
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
    let secret: string;
    try {
      secret = await this.secrets.signingSecretOf(action.body.accountId);
    } catch (error) {
      this.logger.error({ err: error, callId }, 'flow webhook signing secret unavailable');
      return { type: 'webhook_error' };
    }
    const body = JSON.stringify(action.body);
    const headers = flowWebhookHeaders({ body, callId, secret, now: this.clock.now() });
    const answer = await post(target, body, headers, action.timeoutSeconds * 1000);
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
  headers: Record<string, string>,
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
      { method: 'POST', lookup: pinned, headers },
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
