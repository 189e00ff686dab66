import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';

describe('tenancy', () => {
  let api: TestApi;
  let alpha: TestAccount;
  let beta: TestAccount;
  let betaUserId: string;
  let betaKeyId: string;

  beforeAll(async () => {
    api = await startTestApi();
    [alpha, beta] = await Promise.all([api.provisionAccount('Alpha'), api.provisionAccount('Beta')]);
    const user = await api.request('POST', '/v1/users', {
      token: beta.apiKey,
      body: { email: `agent-${Date.now()}@beta.test`, name: 'Beta Agent', role: 'agent' },
    });
    betaUserId = user.body.id;
    const key = await api.request('POST', '/v1/api-keys', {
      token: beta.apiKey,
      body: { name: 'beta key', scopes: ['*'] },
    });
    betaKeyId = key.body.id;
  });
  afterAll(() => api.close());

  it.each([
    ['GET', () => `/v1/users/${betaUserId}`, undefined],
    ['PATCH', () => `/v1/users/${betaUserId}`, { name: 'Hijacked' }],
    ['DELETE', () => `/v1/users/${betaUserId}`, undefined],
    ['GET', () => `/v1/api-keys/${betaKeyId}`, undefined],
    ['POST', () => `/v1/api-keys/${betaKeyId}/revoke`, undefined],
  ] as const)('%s on another account’s resource answers 404', async (method, url, body) => {
    const response = await api.request(method, url(), { token: alpha.apiKey, body });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'resource_not_found', status: 404 });
  });

  it('left the other account’s resources untouched', async () => {
    const user = await api.request('GET', `/v1/users/${betaUserId}`, { token: beta.apiKey });
    expect(user.body).toMatchObject({ id: betaUserId, name: 'Beta Agent' });
    const key = await api.request('GET', `/v1/api-keys/${betaKeyId}`, { token: beta.apiKey });
    expect(key.body.status).toBe('active');
  });

  it('lists only the caller’s own users and keys', async () => {
    const users = await api.request('GET', '/v1/users?limit=200', { token: alpha.apiKey });
    expect(users.body.data.map((user: { id: string }) => user.id)).toEqual([alpha.ownerId]);
    const keys = await api.request('GET', '/v1/api-keys', { token: alpha.apiKey });
    expect(keys.body.data.map((key: { id: string }) => key.id)).toEqual([alpha.apiKeyId]);
  });

  it('reads each caller’s own account', async () => {
    expect((await api.request('GET', '/v1/account', { token: alpha.apiKey })).body.name).toBe('Alpha');
    expect((await api.request('GET', '/v1/account', { token: beta.apiKey })).body.name).toBe('Beta');
  });
});
