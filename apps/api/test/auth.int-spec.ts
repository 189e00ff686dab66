import { describe, expect, it } from 'vitest';
import { useTestApiWithAccount } from './api-test-harness';

describe('authentication', () => {
  const context = useTestApiWithAccount();

  it('answers 401 problem+json without credentials', async () => {
    const response = await context.api.request('GET', '/v1/account');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, code: 'missing_credentials', title: 'Unauthorized' });
    expect(response.body.instance).toBe(response.headers['x-request-id']);
  });

  it('answers 401 to a malformed or unknown key', async () => {
    for (const token of [
      'nonsense',
      `sk_${'A'.repeat(12)}_${'b'.repeat(32)}`,
      // The real key with its last character changed (to one it is not).
      `${context.account.apiKey.slice(0, -1)}${context.account.apiKey.endsWith('x') ? 'y' : 'x'}`,
    ]) {
      const response = await context.api.request('GET', '/v1/account', { token });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_credentials');
    }
  });

  it('accepts a valid key and refuses it once revoked', async () => {
    const created = await context.api.request('POST', '/v1/api-keys', {
      token: context.account.apiKey,
      body: { name: 'short-lived', scopes: ['account:read'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^sk_/);
    expect((await context.api.request('GET', '/v1/account', { token: created.body.secret })).status).toBe(
      200,
    );

    const revoked = await context.api.request('POST', `/v1/api-keys/${created.body.id}/revoke`, {
      token: context.account.apiKey,
    });
    expect(revoked.body).toMatchObject({ status: 'revoked' });
    const refused = await context.api.request('GET', '/v1/account', { token: created.body.secret });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_credentials');
  });

  it('enforces scopes with 403', async () => {
    const created = await context.api.request('POST', '/v1/api-keys', {
      token: context.account.apiKey,
      body: { name: 'read only', scopes: ['account:read'] },
    });
    const response = await context.api.request('PATCH', '/v1/account', {
      token: created.body.secret,
      body: { name: 'x' },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('insufficient_scope');
  });

  it('signs users in with a short-lived token and refuses wrong passwords alike', async () => {
    const session = await context.api.request('POST', '/v1/sessions', {
      body: { email: context.account.ownerEmail, password: context.account.ownerPassword },
    });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      object: 'session',
      tokenType: 'Bearer',
      user: { id: context.account.ownerId, role: 'owner' },
    });
    const me = await context.api.request('GET', '/v1/account', { token: session.body.accessToken });
    expect(me.body.id).toBe(context.account.accountId);

    const wrongPassword = await context.api.request('POST', '/v1/sessions', {
      body: { email: context.account.ownerEmail, password: 'wrong' },
    });
    const unknownUser = await context.api.request('POST', '/v1/sessions', {
      body: { email: 'nobody@example.test', password: 'wrong' },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.body).toEqual({ ...wrongPassword.body, instance: unknownUser.body.instance });
  });

  it('echoes a valid request id and makes one otherwise', async () => {
    const echoed = await context.api.request('GET', '/health/live', {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    const made = await context.api.request('GET', '/health/live', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(made.headers['x-request-id']).toMatch(/^req_/);
  });
});
