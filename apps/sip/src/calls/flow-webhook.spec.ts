import { verifyWebhookSignature } from '@switchyard/webhooks';
import { describe, expect, it } from 'vitest';
import { flowWebhookHeaders, webhookEventOf } from './flow-webhook';

describe('webhookEventOf', () => {
  const answered = (statusCode: number, body: string) => ({ kind: 'answered' as const, statusCode, body });

  it('hands the actions of a 2xx JSON object to the flow', () => {
    const actions = [{ type: 'tag', tags: ['vip'] }];
    expect(webhookEventOf(answered(200, JSON.stringify({ actions })))).toEqual({
      type: 'webhook_response',
      actions,
    });
  });

  it('leaves a missing actions field for the executor to refuse', () => {
    expect(webhookEventOf(answered(204, '{}'))).toEqual({ type: 'webhook_response', actions: undefined });
  });

  it.each([
    ['a non-2xx status', answered(500, '{"actions":[]}')],
    ['a redirect', answered(302, '')],
    ['invalid JSON', answered(200, '<html>')],
    ['a JSON array', answered(200, '[]')],
    ['a timeout', { kind: 'failed' as const, reason: 'no answer within 2000 ms' }],
  ])('is an error for %s', (_case, answer) => {
    expect(webhookEventOf(answer)).toEqual({ type: 'webhook_error' });
  });
});

describe('flowWebhookHeaders', () => {
  const now = new Date('2030-01-01T12:00:00.000Z');
  const body = JSON.stringify({ callId: 'call_1', accountId: 'acc_1', nodeId: 'hook', tags: ['é'] });
  const headers = flowWebhookHeaders({ body, callId: 'call_1', secret: 'whsec_flows', now });

  it('signs the body as event webhooks are, at the time of sending', () => {
    expect(headers['X-Signature']).toMatch(/^t=1893499200,v1=[0-9a-f]{64}$/);
    expect(
      verifyWebhookSignature({ payload: body, header: headers['X-Signature'], secrets: 'whsec_flows', now }),
    ).toBe(true);
  });

  it('is refused with another secret, another body or long after', () => {
    const header = headers['X-Signature'];
    expect(verifyWebhookSignature({ payload: body, header, secrets: 'whsec_other', now })).toBe(false);
    expect(verifyWebhookSignature({ payload: `${body} `, header, secrets: 'whsec_flows', now })).toBe(false);
    const later = new Date(now.getTime() + 301_000);
    expect(verifyWebhookSignature({ payload: body, header, secrets: 'whsec_flows', now: later })).toBe(false);
  });

  it('counts the body in bytes and names the call', () => {
    expect(headers).toMatchObject({
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      'X-Switchyard-Call-Id': 'call_1',
    });
  });
});
