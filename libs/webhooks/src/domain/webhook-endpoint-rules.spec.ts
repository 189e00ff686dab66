import { describe, expect, it } from 'vitest';
import {
  activeSecrets,
  deliveryJobId,
  endpointReceives,
  eventTypeFilterErrors,
  failedLongEnough,
  webhookUrlErrors,
} from './webhook-endpoint-rules';

describe('endpoint filters', () => {
  const endpoint = (eventTypes: string[], enabled = true) => ({ id: 'we_1', enabled, eventTypes });
  const event = (type: string) => ({ type, data: { object: 'call' } });

  it('matches exact types, wildcards and *', () => {
    expect(endpointReceives(endpoint(['call.answered']), event('call.answered'))).toBe(true);
    expect(endpointReceives(endpoint(['call.answered']), event('call.completed'))).toBe(false);
    expect(endpointReceives(endpoint(['call.*']), event('call.recording.completed'))).toBe(true);
    expect(endpointReceives(endpoint(['call.recording.*']), event('call.completed'))).toBe(false);
    expect(endpointReceives(endpoint(['call.*']), event('campaign.completed'))).toBe(false);
    expect(endpointReceives(endpoint(['*']), event('message.received'))).toBe(true);
  });

  it('sends nothing to a disabled endpoint except the test event it asked for', () => {
    expect(endpointReceives(endpoint(['*'], false), event('call.answered'))).toBe(false);
    const test = { type: 'webhook.test', data: { object: 'webhook_test', endpointId: 'we_1' } };
    expect(endpointReceives(endpoint(['message.*'], false), test)).toBe(true);
    expect(endpointReceives({ ...endpoint(['*']), id: 'we_2' }, test)).toBe(false);
  });

  it('accepts catalog types and wildcards that cover one, and names the others', () => {
    expect(eventTypeFilterErrors(['*', 'call.*', 'call.recording.*', 'message.delivered'])).toEqual([]);
    expect(
      eventTypeFilterErrors(['call.hangup', 'fax.*', 'call*', '**']).map((error) => error.message),
    ).toHaveLength(4);
  });
});

describe('webhook URLs', () => {
  it('takes absolute http(s) URLs without credentials', () => {
    expect(webhookUrlErrors('https://example.com/hook')).toEqual([]);
    expect(webhookUrlErrors('http://example.com:8080/hook?x=1')).toEqual([]);
    for (const url of [
      'ftp://example.com',
      'example.com/hook',
      'https://user:pw@example.com',
      'javascript:alert(1)',
    ]) {
      expect(webhookUrlErrors(url)[0]?.code, url).toBe('invalid_url');
    }
  });
});

describe('secrets and health', () => {
  const now = new Date('2026-11-23T10:00:00Z');

  it('signs with the previous secret until its grace period ends', () => {
    const rotated = {
      secret: 'new',
      previousSecret: 'old',
      previousSecretExpiresAt: new Date(now.getTime() + 1000),
    };
    expect(activeSecrets(rotated, now)).toEqual(['new', 'old']);
    expect(activeSecrets(rotated, new Date(now.getTime() + 1000))).toEqual(['new']);
    expect(
      activeSecrets({ secret: 'only', previousSecret: null, previousSecretExpiresAt: null }, now),
    ).toEqual(['only']);
  });

  it('disables after the whole failure window', () => {
    const since = new Date(now.getTime() - 3 * 86_400_000);
    expect(failedLongEnough(since, now, 3 * 86_400_000)).toBe(true);
    expect(failedLongEnough(new Date(since.getTime() + 1), now, 3 * 86_400_000)).toBe(false);
  });

  it('gives each hop of a delivery its own deterministic job id', () => {
    const job = { accountId: 'acc_1', eventId: 'evt_1', endpointId: 'we_1', attempt: 2, deferral: 0 };
    expect(deliveryJobId(job)).toBe('evt_1.we_1.auto.2.0');
    expect(deliveryJobId({ ...job, deferral: 1 })).not.toBe(deliveryJobId(job));
    expect(deliveryJobId({ ...job, resendOf: 'whd_9' })).toBe('evt_1.we_1.whd_9.2.0');
    expect(deliveryJobId(job)).not.toContain(':');
  });
});
