import { fixedClock, newId } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';

const receiverUrl = 'https://hooks.example.com/switchyard';

describe('webhook endpoints', () => {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  let api: TestApi;
  let alpha: TestAccount;
  let beta: TestAccount;

  beforeAll(async () => {
    // Real DNS is not needed: every URL below is an IP literal or is refused before resolution matters.
    api = await startTestApi({ clock, env: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' } });
    [alpha, beta] = await Promise.all([api.provisionAccount('Alpha'), api.provisionAccount('Beta')]);
  });
  afterAll(() => api.close());

  const create = (account: TestAccount, body: Record<string, unknown>) =>
    api.request('POST', '/v1/webhook-endpoints', { token: account.apiKey, body });

  it('creates an endpoint and shows its secret only once', async () => {
    const created = await create(alpha, {
      url: 'http://203.0.113.10/hooks',
      description: 'CRM',
      eventTypes: ['call.*', 'message.delivered'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'webhook_endpoint',
      url: 'http://203.0.113.10/hooks',
      description: 'CRM',
      eventTypes: ['call.*', 'message.delivered'],
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      secret: expect.stringMatching(/^whsec_[0-9A-Za-z]{32}$/),
    });
    const read = await api.request('GET', `/v1/webhook-endpoints/${created.body.id}`, {
      token: alpha.apiKey,
    });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    const list = await api.request('GET', '/v1/webhook-endpoints', { token: alpha.apiKey });
    expect(list.body.data.map((endpoint: { id: string }) => endpoint.id)).toContain(created.body.id);
  });

  it('validates URLs and event type filters', async () => {
    const badFilter = await create(alpha, { url: receiverUrl, eventTypes: ['call.hangup', 'fax.*'] });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors).toEqual([
      expect.objectContaining({ field: 'eventTypes', code: 'unknown_event_type' }),
      expect.objectContaining({ field: 'eventTypes', code: 'unknown_event_type' }),
    ]);
    const badUrl = await create(alpha, { url: 'ftp://example.com/x', eventTypes: ['*'] });
    expect(badUrl.body).toMatchObject({ status: 400, errors: [{ field: 'url', code: 'invalid_url' }] });
  });

  it('disables and re-enables on request', async () => {
    const { body } = await create(alpha, { url: 'http://203.0.113.11/', eventTypes: ['*'] });
    const disabled = await api.request('PATCH', `/v1/webhook-endpoints/${body.id}`, {
      token: alpha.apiKey,
      body: { enabled: false },
    });
    expect(disabled.body).toMatchObject({
      enabled: false,
      disabledReason: 'disabled_by_user',
      disabledAt: clock.now().toISOString(),
    });
    const enabled = await api.request('PATCH', `/v1/webhook-endpoints/${body.id}`, {
      token: alpha.apiKey,
      body: { enabled: true, eventTypes: ['message.*'] },
    });
    expect(enabled.body).toMatchObject({
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      eventTypes: ['message.*'],
    });
    const deleted = await api.request('DELETE', `/v1/webhook-endpoints/${body.id}`, { token: alpha.apiKey });
    expect(deleted.status).toBe(204);
    expect(
      (await api.request('GET', `/v1/webhook-endpoints/${body.id}`, { token: alpha.apiKey })).status,
    ).toBe(404);
  });

  it('rotates the secret and keeps the old one for the grace period', async () => {
    const { body } = await create(alpha, { url: 'http://203.0.113.12/', eventTypes: ['*'] });
    const rotated = await api.request('POST', `/v1/webhook-endpoints/${body.id}/rotate-secret`, {
      token: alpha.apiKey,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(body.secret);
    expect(rotated.body.previousSecretExpiresAt).toBe(
      new Date(clock.now().getTime() + 86_400_000).toISOString(),
    );
    const stored = await api.app
      .get(Database)
      .root.webhookEndpoint.findUniqueOrThrow({ where: { id: body.id } });
    expect(stored).toMatchObject({ secret: rotated.body.secret, previousSecret: body.secret });
  });

  it('publishes a webhook.test event that the events API lists and shows', async () => {
    const { body } = await create(alpha, { url: 'http://203.0.113.13/', eventTypes: ['call.*'] });
    const test = await api.request('POST', `/v1/webhook-endpoints/${body.id}/test`, { token: alpha.apiKey });
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      object: 'event',
      type: 'webhook.test',
      apiVersion: expect.any(String),
      accountId: alpha.accountId,
      createdAt: clock.now().toISOString(),
      data: { object: 'webhook_test', endpointId: body.id },
    });
    const read = await api.request('GET', `/v1/events/${test.body.id}`, { token: alpha.apiKey });
    expect(read.body).toEqual(test.body);
    const listed = await api.request('GET', '/v1/events?type=webhook.*', { token: alpha.apiKey });
    expect(listed.body.data.map((event: { id: string }) => event.id)).toContain(test.body.id);
    const during = `createdAfter=${clock.now().toISOString()}&createdBefore=${new Date(clock.now().getTime() + 1).toISOString()}`;
    expect(
      (await api.request('GET', `/v1/events?${during}`, { token: alpha.apiKey })).body.data.length,
    ).toBeGreaterThan(0);
    const later = await api.request('GET', `/v1/events?createdAfter=2026-11-24T00:00:00.000Z`, {
      token: alpha.apiKey,
    });
    expect(later.body.data).toEqual([]);
  });

  it('lists deliveries per endpoint and per event, and queues a resend', async () => {
    const { body: endpoint } = await create(alpha, { url: 'http://203.0.113.14/', eventTypes: ['*'] });
    const { body: event } = await api.request('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, {
      token: alpha.apiKey,
    });
    const deliveryId = newId('webhookDelivery');
    await api.app.get(Database).root.webhookDelivery.create({
      data: {
        id: deliveryId,
        accountId: alpha.accountId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        attempt: 1,
        outcome: 'failed',
        statusCode: 400,
        latencyMs: 12,
        responseBody: 'bad',
        createdAt: clock.now(),
      },
    });
    const byEndpoint = await api.request('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, {
      token: alpha.apiKey,
    });
    expect(byEndpoint.body.data).toEqual([
      expect.objectContaining({
        id: deliveryId,
        object: 'webhook_delivery',
        status: 'failed',
        statusCode: 400,
        latencyMs: 12,
      }),
    ]);
    const byEvent = await api.request('GET', `/v1/events/${event.id}/deliveries`, { token: alpha.apiKey });
    expect(byEvent.body.data.map((delivery: { id: string }) => delivery.id)).toEqual([deliveryId]);
    const outside = await api.request(
      'GET',
      `/v1/events/${event.id}/deliveries?createdBefore=${clock.now().toISOString()}`,
      { token: alpha.apiKey },
    );
    expect(outside.body.data).toEqual([]);

    const resend = await api.request(
      'POST',
      `/v1/webhook-endpoints/${endpoint.id}/deliveries/${deliveryId}/retry`,
      {
        token: alpha.apiKey,
      },
    );
    expect(resend.status).toBe(202);
    expect(resend.body).toEqual({
      object: 'webhook_resend',
      deliveryId,
      eventId: event.id,
      endpointId: endpoint.id,
      status: 'queued',
    });
    const job = await api.app
      .get(QueueConnection)
      .queue('webhooks')
      .getJob(`${event.id}.${endpoint.id}.${deliveryId}.1.0`);
    expect(job?.data).toMatchObject({ eventId: event.id, endpointId: endpoint.id, resendOf: deliveryId });
  });

  describe('SSRF guard (private targets not allowed, the default)', () => {
    let strict: TestApi;
    let account: TestAccount;
    beforeAll(async () => {
      strict = await startTestApi();
      account = await strict.provisionAccount();
    });
    afterAll(() => strict.close());

    it.each([
      ['http://127.0.0.1/hook', 'loopback'],
      ['http://169.254.169.254/latest/meta-data', 'link-local'],
      ['http://10.0.0.8/hook', 'private'],
      ['http://[::1]/hook', 'loopback'],
      ['http://localhost:8080/hook', 'loopback'],
    ])('refuses %s with webhook_url_not_allowed', async (url, kind) => {
      const response = await strict.request('POST', '/v1/webhook-endpoints', {
        token: account.apiKey,
        body: { url, eventTypes: ['*'] },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'webhook_url_not_allowed', errors: [{ field: 'url' }] });
      expect(response.body.detail).toContain(kind);
    });

    it('refuses moving an endpoint to a private address', async () => {
      const created = await strict.request('POST', '/v1/webhook-endpoints', {
        token: account.apiKey,
        body: { url: 'http://93.184.216.34/', eventTypes: ['*'] },
      });
      expect(created.status).toBe(201);
      const moved = await strict.request('PATCH', `/v1/webhook-endpoints/${created.body.id}`, {
        token: account.apiKey,
        body: { url: 'http://192.168.1.1/' },
      });
      expect(moved.body.code).toBe('webhook_url_not_allowed');
    });
  });

  describe('tenancy and scopes', () => {
    let betaEndpointId: string;
    let betaEventId: string;
    let betaDeliveryId: string;

    beforeAll(async () => {
      betaEndpointId = (await create(beta, { url: 'http://203.0.113.30/', eventTypes: ['*'] })).body.id;
      betaEventId = (
        await api.request('POST', `/v1/webhook-endpoints/${betaEndpointId}/test`, { token: beta.apiKey })
      ).body.id;
      betaDeliveryId = newId('webhookDelivery');
      await api.app.get(Database).root.webhookDelivery.create({
        data: {
          id: betaDeliveryId,
          accountId: beta.accountId,
          endpointId: betaEndpointId,
          eventId: betaEventId,
          eventType: 'webhook.test',
          attempt: 1,
          outcome: 'succeeded',
          statusCode: 200,
          latencyMs: 5,
          createdAt: clock.now(),
        },
      });
    });

    it.each([
      ['GET the endpoint', 'GET', () => `/v1/webhook-endpoints/${betaEndpointId}`, undefined],
      [
        'PATCH the endpoint',
        'PATCH',
        () => `/v1/webhook-endpoints/${betaEndpointId}`,
        { description: 'hijacked' },
      ],
      ['DELETE the endpoint', 'DELETE', () => `/v1/webhook-endpoints/${betaEndpointId}`, undefined],
      ['rotate its secret', 'POST', () => `/v1/webhook-endpoints/${betaEndpointId}/rotate-secret`, undefined],
      ['test it', 'POST', () => `/v1/webhook-endpoints/${betaEndpointId}/test`, undefined],
      ['list its deliveries', 'GET', () => `/v1/webhook-endpoints/${betaEndpointId}/deliveries`, undefined],
      [
        'retry its delivery',
        'POST',
        () => `/v1/webhook-endpoints/${betaEndpointId}/deliveries/${betaDeliveryId}/retry`,
        undefined,
      ],
      ['GET its event', 'GET', () => `/v1/events/${betaEventId}`, undefined],
      ['list the event’s deliveries', 'GET', () => `/v1/events/${betaEventId}/deliveries`, undefined],
    ] as const)('%s of another account answers 404', async (_name, method, url, body) => {
      const response = await api.request(method, url(), { token: alpha.apiKey, body });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('resource_not_found');
    });

    it('left the other account’s endpoint untouched and lists only own events', async () => {
      const endpoint = await api.request('GET', `/v1/webhook-endpoints/${betaEndpointId}`, {
        token: beta.apiKey,
      });
      expect(endpoint.body).toMatchObject({ description: null, previousSecretExpiresAt: null });
      const events = await api.request('GET', '/v1/events?limit=200', { token: alpha.apiKey });
      expect(
        events.body.data.every((event: { accountId: string }) => event.accountId === alpha.accountId),
      ).toBe(true);
    });

    it('needs webhooks:write to change endpoints', async () => {
      const key = await api.request('POST', '/v1/api-keys', {
        token: alpha.apiKey,
        body: { name: 'read webhooks', scopes: ['webhooks:read'] },
      });
      const read = await api.request('GET', '/v1/webhook-endpoints', { token: key.body.secret });
      expect(read.status).toBe(200);
      const write = await create(
        { ...alpha, apiKey: key.body.secret },
        { url: receiverUrl, eventTypes: ['*'] },
      );
      expect(write.status).toBe(403);
      expect(write.body.code).toBe('insufficient_scope');
    });
  });

  it('lists the event catalog and documents it in OpenAPI', async () => {
    const types = await api.request('GET', '/v1/event-types', { token: alpha.apiKey });
    expect(types.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ object: 'event_type', type: 'call.completed', resource: 'call' }),
        expect.objectContaining({ type: 'webhook_endpoint.disabled', resource: 'webhook_endpoint' }),
      ]),
    );
    const document = (await api.request('GET', '/openapi.json')).body;
    const operation = document.paths['/v1/event-types'].get;
    expect(Object.keys(operation['x-webhooks'])).toEqual(
      types.body.data.map((type: { type: string }) => type.type),
    );
    expect(document.components.schemas.EventDto.properties.type.enum).toContain('message.received');
    expect(document.paths['/v1/events/stream'].get.responses['200'].content).toHaveProperty(
      'text/event-stream',
    );
  });
});
