import { describe, expect, it } from 'vitest';
import { webhookEventOf } from './flow-webhook';

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
