import { createHash } from 'node:crypto';
import { Database } from '@switchyard/prisma';
import { type OpenApiDocument, openApiMismatches } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type Exchange = [method: string, route: string, response: Awaited<ReturnType<TestApi['request']>>];

describe('devices API', () => {
  let api: TestApi;
  let alpha: TestAccount;
  let beta: TestAccount;
  let document: OpenApiDocument;
  const exchanges: Exchange[] = [];

  async function call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    route: string,
    url: string,
    options: { token?: string; body?: unknown } = {},
  ) {
    const response = await api.request(method, url, { token: alpha.apiKey, ...options });
    exchanges.push([method, route, response]);
    return response;
  }

  const createDevice = (body: Record<string, unknown>, token?: string) =>
    call('POST', '/v1/devices', '/v1/devices', {
      ...(token ? { token } : {}),
      body: { userId: alpha.ownerId, name: 'Front desk', kind: 'desk_phone', ...body },
    });

  beforeAll(async () => {
    api = await startTestApi({ env: { SIP_DOMAIN: 'sip.switchyard.test' } });
    [alpha, beta] = await Promise.all([api.provisionAccount('Alpha Plumbing'), api.provisionAccount('Beta')]);
    document = (await api.request('GET', '/openapi.json')).body;
  });
  afterAll(() => api.close());

  it('creates a device with a one-time password and stores only the digest HA1s', async () => {
    const created = await createDevice({ username: '1001', transports: ['udp', 'tls'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'device',
      userId: alpha.ownerId,
      username: '1001',
      kind: 'desk_phone',
      transports: ['udp', 'tls'],
      enabled: true,
    });
    const { sipDomain, password, id } = created.body;
    expect(sipDomain).toMatch(/^alpha-plumbing-[0-9a-z]{10}\.sip\.switchyard\.test$/);
    expect(created.body.sipUri).toBe(`sip:1001@${sipDomain}`);
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);

    const row = await api.app.get(Database).root.device.findUniqueOrThrow({ where: { id } });
    expect(row.ha1Md5).toBe(md5(`1001:${sipDomain}:${password}`));
    expect(row.ha1Sha256).toBe(sha256(`1001:${sipDomain}:${password}`));
    expect(JSON.stringify(row)).not.toContain(password);

    const read = await call('GET', '/v1/devices/{id}', `/v1/devices/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('password');
    expect(read.body.sipDomain).toBe(sipDomain);
  });

  it('refuses a taken or malformed username, an unknown owner and unknown fields', async () => {
    await createDevice({ username: 'taken' });
    const taken = await createDevice({ username: 'taken' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('username_taken');

    const malformed = await createDevice({ username: 'Not Valid!' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatchObject({ field: 'username', code: 'invalid_sip_username' });

    const foreignOwner = await createDevice({ username: 'foreign', userId: beta.ownerId });
    expect(foreignOwner.status).toBe(400);
    expect(foreignOwner.body.errors[0]).toMatchObject({ field: 'userId', code: 'user_not_found' });

    const unknownField = await createDevice({ username: 'extra', password: 'chosen-by-me' });
    expect(unknownField.status).toBe(400);

    const sameNameElsewhere = await api.request('POST', '/v1/devices', {
      token: beta.apiKey,
      body: { userId: beta.ownerId, name: 'Beta phone', kind: 'softphone', username: 'taken' },
    });
    expect(sameNameElsewhere.status).toBe(201);
  });

  it('lists, filters, updates and deletes devices', async () => {
    const app = await createDevice({ username: 'mobile-app', kind: 'app', name: 'Owner app' });
    const listed = await call('GET', '/v1/devices', '/v1/devices?kind=app&limit=10');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((device: { id: string }) => device.id)).toEqual([app.body.id]);
    const byUser = await call('GET', '/v1/devices', `/v1/devices?userId=${alpha.ownerId}&limit=200`);
    expect(byUser.body.data.length).toBeGreaterThanOrEqual(3);

    const updated = await call('PATCH', '/v1/devices/{id}', `/v1/devices/${app.body.id}`, {
      body: { name: 'Renamed app', transports: ['wss'], enabled: false },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Renamed app', transports: ['wss'], enabled: false });
    const usernameChange = await call('PATCH', '/v1/devices/{id}', `/v1/devices/${app.body.id}`, {
      body: { username: 'other' },
    });
    expect(usernameChange.status).toBe(400);

    const deleted = await call('DELETE', '/v1/devices/{id}', `/v1/devices/${app.body.id}`);
    expect(deleted.status).toBe(204);
    expect((await call('GET', '/v1/devices/{id}', `/v1/devices/${app.body.id}`)).status).toBe(404);
  });

  it('rotates the password: shown once, new HA1s stored', async () => {
    const created = await createDevice({ username: 'rotating' });
    const rotated = await call(
      'POST',
      '/v1/devices/{id}/rotate-password',
      `/v1/devices/${created.body.id}/rotate-password`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(rotated.body.password).not.toBe(created.body.password);
    const row = await api.app.get(Database).root.device.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.ha1Md5).toBe(md5(`rotating:${created.body.sipDomain}:${rotated.body.password}`));
  });

  it('lists no registrations for a device that never registered', async () => {
    const created = await createDevice({ username: 'quiet' });
    const registrations = await call(
      'GET',
      '/v1/devices/{id}/registrations',
      `/v1/devices/${created.body.id}/registrations`,
    );
    expect(registrations.status).toBe(200);
    expect(registrations.body).toEqual({ object: 'list', data: [], hasMore: false, nextCursor: null });
  });

  it('answers 404 for another account’s device, whatever the route', async () => {
    const betaDevice = await api.request('POST', '/v1/devices', {
      token: beta.apiKey,
      body: { userId: beta.ownerId, name: 'Beta desk', kind: 'desk_phone', username: '2001' },
    });
    const id = betaDevice.body.id;
    for (const [method, url, body] of [
      ['GET', `/v1/devices/${id}`, undefined],
      ['PATCH', `/v1/devices/${id}`, { name: 'Hijacked' }],
      ['DELETE', `/v1/devices/${id}`, undefined],
      ['POST', `/v1/devices/${id}/rotate-password`, undefined],
      ['GET', `/v1/devices/${id}/registrations`, undefined],
    ] as const) {
      const response = await api.request(method, url, { token: alpha.apiKey, body });
      expect(response.status, `${method} ${url}`).toBe(404);
      expect(response.body.code).toBe('resource_not_found');
    }
    const untouched = await api.request('GET', `/v1/devices/${id}`, { token: beta.apiKey });
    expect(untouched.body).toMatchObject({ name: 'Beta desk', enabled: true });
    const alphaList = await api.request('GET', '/v1/devices?limit=200', { token: alpha.apiKey });
    expect(alphaList.body.data.map((device: { id: string }) => device.id)).not.toContain(id);
  });

  it('needs devices:write to change devices and devices:read to see them', async () => {
    const key = await api.request('POST', '/v1/api-keys', {
      token: alpha.apiKey,
      body: { name: 'read only', scopes: ['devices:read'] },
    });
    const readOnly = key.body.secret as string;
    expect((await api.request('GET', '/v1/devices', { token: readOnly })).status).toBe(200);
    const refused = await createDevice({ username: 'not-allowed' }, readOnly);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
  });

  it('lists the account’s SIP bans and answers 404 to lifting one it does not have', async () => {
    const bans = await call('GET', '/v1/sip/security/bans', '/v1/sip/security/bans');
    expect(bans.status).toBe(200);
    expect(bans.body).toEqual({ object: 'list', data: [], hasMore: false, nextCursor: null });
    const missing = await call(
      'DELETE',
      '/v1/sip/security/bans/{address}',
      '/v1/sip/security/bans/203.0.113.9',
    );
    expect(missing.status).toBe(404);
  });

  it('answers every exchange above with a shape the OpenAPI document describes', () => {
    expect(exchanges.length).toBeGreaterThan(15);
    for (const [method, route, response] of exchanges) {
      const contentType = String(response.headers['content-type'] ?? '').split(';')[0]!;
      expect(
        openApiMismatches(document, method, route, response.status, response.body, contentType),
        `${method} ${route} → ${response.status}`,
      ).toEqual([]);
    }
  });
});
