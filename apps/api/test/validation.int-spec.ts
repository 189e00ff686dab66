import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';

describe('validation', () => {
  let api: TestApi;
  let account: TestAccount;

  beforeAll(async () => {
    api = await startTestApi();
    account = await api.provisionAccount();
  });
  afterAll(() => api.close());

  it('rejects unknown fields with 400 naming them', async () => {
    const response = await api.request('PATCH', '/v1/account', {
      token: account.apiKey,
      body: { name: 'ok', plan: 'free' },
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'plan', code: 'unknown_field', message: 'plan is not a known field.' }],
    });
  });

  it('rejects wrong types with the list of offending fields', async () => {
    const response = await api.request('POST', '/v1/users', {
      token: account.apiKey,
      body: { email: 'not-an-address', name: 42, role: 'superuser' },
    });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(new Set(fields)).toEqual(new Set(['email', 'name', 'role']));
  });

  it('rejects domain-invalid values', async () => {
    const response = await api.request('PATCH', '/v1/account', {
      token: account.apiKey,
      body: { timezone: 'Mars/Base' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: 'timezone',
        code: 'invalid_time_zone',
        message: 'Use an IANA time zone such as "America/New_York".',
      },
    ]);
  });

  it('answers malformed JSON and unknown routes with problem+json', async () => {
    const malformed = await api.app.inject({
      method: 'PATCH',
      url: '/v1/account',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'malformed_request' });
    const missing = await api.request('GET', '/v1/nothing-here', { token: account.apiKey });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('route_not_found');
  });

  it('validates pagination parameters', async () => {
    const response = await api.request('GET', '/v1/users?limit=500', { token: account.apiKey });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'limit', code: 'max' });
  });
});
