import { describe, expect, it } from 'vitest';
import { useTestApiWithAccount } from './api-test-harness';

describe('validation', () => {
  const context = useTestApiWithAccount();

  it('rejects unknown fields with 400 naming them', async () => {
    const response = await context.api.request('PATCH', '/v1/account', {
      token: context.account.apiKey,
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
    const response = await context.api.request('POST', '/v1/users', {
      token: context.account.apiKey,
      body: { email: 'not-an-address', name: 42, role: 'superuser' },
    });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(new Set(fields)).toEqual(new Set(['email', 'name', 'role']));
  });

  it('rejects domain-invalid values', async () => {
    const response = await context.api.request('PATCH', '/v1/account', {
      token: context.account.apiKey,
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
    const malformed = await context.api.app.inject({
      method: 'PATCH',
      url: '/v1/account',
      headers: { authorization: `Bearer ${context.account.apiKey}`, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'malformed_request' });
    const missing = await context.api.request('GET', '/v1/nothing-here', { token: context.account.apiKey });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('route_not_found');
  });

  it('validates pagination parameters', async () => {
    const response = await context.api.request('GET', '/v1/users?limit=500', {
      token: context.account.apiKey,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'limit', code: 'max' });
  });
});
