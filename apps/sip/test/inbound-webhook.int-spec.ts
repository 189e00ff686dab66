import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { FLOW_WEBHOOK_SECRET_TTL_MS } from '@switchyard/call-flows';
import { eventually, RtpPeer } from '@switchyard/testing';
import { verifyWebhookSignature } from '@switchyard/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callEventTypes,
  flowSteps,
  type MediaTestBed,
  numberWithFlow,
  type SipTestBed,
  startMediaTestBed,
} from './sip-test-bed';

const carrierAddress = '127.0.0.80';

interface ReceivedHook {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly body: Record<string, unknown>;
}

describe("inbound calls through flows' webhook nodes", () => {
  let media: MediaTestBed;
  let bed: SipTestBed;
  let hooks: Server;
  let hooksUrl: string;
  const received: ReceivedHook[] = [];

  beforeAll(async () => {
    media = await startMediaTestBed({ carrierAddress, env: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' } });
    bed = media.bed;
    hooks = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        received.push({
          url: request.url ?? '',
          headers: request.headers,
          rawBody,
          body: JSON.parse(rawBody) as Record<string, unknown>,
        });
        // The slow endpoint never answers: the node's timeout ends the request.
        if (request.url === '/slow') return;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            actions: [
              { type: 'play', prompt: { type: 'tts', text: 'Welcome back.' } },
              { type: 'tag', tags: ['vip'] },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    hooksUrl = `http://127.0.0.1:${(hooks.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    hooks?.closeAllConnections();
    await new Promise((resolve) => hooks?.close(resolve));
    await media?.close();
  });

  async function numberAskingWebhook(url: string): Promise<string> {
    const number = await numberWithFlow(bed, {
      draft: {
        startNodeId: 'hook',
        nodes: [
          {
            id: 'hook',
            kind: 'webhook',
            url,
            method: 'POST',
            timeoutSeconds: 1,
            exits: { next: 'goodbye', fallback: 'failed' },
          },
          { id: 'goodbye', kind: 'hangup', exits: {} },
          { id: 'failed', kind: 'hangup', exits: {} },
        ],
      },
    });
    return number.phoneNumber;
  }

  function recordOf(phoneNumber: string) {
    return eventually(async () => {
      await bed.settled();
      const listed = await bed.apiRequest('GET', `/v1/calls?direction=inbound&limit=10`);
      const summary = listed.body.data.find((entry: { to: string }) => entry.to === phoneNumber);
      const record = summary && (await bed.apiRequest('GET', `/v1/calls/${summary.id}`)).body;
      return record?.endedAt ? record : undefined;
    });
  }

  /** Calls the number, whose flow asks the webhook, and waits for the call record once the flow hung up. */
  async function callThroughWebhook(phoneNumber: string) {
    const phone = await RtpPeer.open();
    try {
      const call = media.callFromCarrier(phoneNumber, phone.sdp());
      const ok = await call.expectResponse(200, { timeoutMs: 5_000 });
      call.ack();
      phone.connectTo(ok.body);
      await phone.waitFor((packets) => packets.length >= 20);
      (await call.expectRequest('BYE', { timeoutMs: 5_000 })).respond(200);
      return await recordOf(phoneNumber);
    } finally {
      phone.close();
    }
  }

  async function signingSecret(): Promise<string> {
    const settings = await bed.apiRequest('GET', '/v1/flow-webhook-settings');
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    return settings.body.signingSecret as string;
  }

  const signedWith = (hook: ReceivedHook, secret: string) =>
    verifyWebhookSignature({
      payload: hook.rawBody,
      header: hook.headers['x-signature'] as string | undefined,
      secrets: secret,
      now: bed.clock.now(),
    });

  it('posts the call to the webhook, signed with the account’s secret, plays what it answers and leaves by next', async () => {
    const phoneNumber = await numberAskingWebhook(`${hooksUrl}/answering`);
    const record = await callThroughWebhook(phoneNumber);
    expect(flowSteps(record)).toEqual([
      ['hook', 'next'],
      ['goodbye', null],
    ]);
    // Answered to play what the webhook asked.
    expect(await callEventTypes(bed, record.id)).toEqual([
      'call.initiated',
      'call.answered',
      'call.completed',
    ]);
    const hook = received.find((request) => request.url === '/answering')!;
    expect(hook.body).toMatchObject({
      callId: record.id,
      accountId: bed.account.accountId,
      from: '+12125550100',
      to: phoneNumber,
      nodeId: 'hook',
      tags: [],
    });
    expect(hook.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^Switchyard-Flows\//),
      'x-switchyard-call-id': record.id,
      'x-signature': expect.stringMatching(/^t=\d+,v1=[0-9a-f]{64}$/),
    });
    expect(signedWith(hook, await signingSecret())).toBe(true);
    expect(signedWith(hook, 'whsec_not_the_account_secret')).toBe(false);
  });

  it('signs with a rotated secret once the cached one expires', async () => {
    const before = await signingSecret();
    const rotated = await bed.apiRequest('POST', '/v1/flow-webhook-settings/rotate-secret');
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    bed.clock.advance(FLOW_WEBHOOK_SECRET_TTL_MS + 1);
    await callThroughWebhook(await numberAskingWebhook(`${hooksUrl}/rotated`));
    const hook = received.find((request) => request.url === '/rotated')!;
    expect(signedWith(hook, rotated.body.signingSecret)).toBe(true);
    expect(signedWith(hook, before)).toBe(false);
  });

  it('leaves by fallback when the webhook does not answer within the timeout', async () => {
    const phoneNumber = await numberAskingWebhook(`${hooksUrl}/slow`);
    const phone = await RtpPeer.open();
    try {
      const call = media.callFromCarrier(phoneNumber, phone.sdp());
      // The flow hangs up before answering: the caller gets a final answer, not a BYE.
      await call.expectResponse(480, { timeoutMs: 5_000 });
      const record = await recordOf(phoneNumber);
      expect(flowSteps(record)).toEqual([
        ['hook', 'fallback'],
        ['failed', null],
      ]);
      expect(await callEventTypes(bed, record.id)).toEqual(['call.initiated', 'call.failed']);
      expect(received.some((request) => request.url === '/slow')).toBe(true);
    } finally {
      phone.close();
    }
  });
});
