import { describe, expect, it } from 'vitest';
import { useTestApiWithAccount } from './api-test-harness';

describe('Idempotency-Key', () => {
  const context = useTestApiWithAccount();

  it('replays the first response for the same key and body', async () => {
    const request = {
      token: context.account.apiKey,
      body: { name: 'once', scopes: ['account:read'] },
      headers: { 'idempotency-key': 'create-once' },
    };
    const first = await context.api.request('POST', '/v1/api-keys', request);
    const second = await context.api.request('POST', '/v1/api-keys', request);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    const keys = await context.api.request('GET', '/v1/api-keys', { token: context.account.apiKey });
    expect(keys.body.data.filter((key: { name: string }) => key.name === 'once')).toHaveLength(1);
  });

  it('refuses the same key with another body', async () => {
    const headers = { 'idempotency-key': 'reused' };
    await context.api.request('POST', '/v1/api-keys', {
      token: context.account.apiKey,
      body: { name: 'a', scopes: ['*'] },
      headers,
    });
    const reused = await context.api.request('POST', '/v1/api-keys', {
      token: context.account.apiKey,
      body: { name: 'b', scopes: ['*'] },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
  });

  it('lets a failed request be retried with the same key', async () => {
    const headers = { 'idempotency-key': 'after-failure' };
    const failed = await context.api.request('POST', '/v1/users', {
      token: context.account.apiKey,
      body: {
        email: context.account.ownerEmail,
        name: 'Dup',
        role: 'agent',
        password: 'long enough password',
      },
      headers,
    });
    expect(failed.status).toBe(409);
    const retried = await context.api.request('POST', '/v1/users', {
      token: context.account.apiKey,
      body: {
        email: context.account.ownerEmail,
        name: 'Dup',
        role: 'agent',
        password: 'long enough password',
      },
      headers,
    });
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });
});
