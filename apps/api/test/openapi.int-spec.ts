import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenApiDocument, openApiMismatches } from '@switchyard/testing';
import { routesOf } from '../src/api-app';
import { startTestApi, type TestApi } from './api-test-harness';

describe('OpenAPI document', () => {
  let api: TestApi;
  let document: OpenApiDocument;

  beforeAll(async () => {
    api = await startTestApi();
    document = (await api.request('GET', '/openapi.json')).body;
  });
  afterAll(() => api.close());

  it('describes every served route, and serves every described one, with a summary', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        expect(operation.summary, `${method.toUpperCase()} ${path}`).toBeTruthy();
        return `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      }),
    );
    const served = routesOf(api.app)
      .filter((route) => route.method !== 'HEAD' && /^\/(v1|health)\//.test(route.url))
      .map((route) => `${route.method} ${route.url}`);
    expect(served.length).toBeGreaterThan(0);
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it('gives every property of every schema a description and example', () => {
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [property, definition] of Object.entries(schema.properties ?? {})) {
        expect(definition.description, `${name}.${property} description`).toBeTruthy();
        if (definition.$ref === undefined && definition.allOf === undefined && definition.type !== 'array') {
          expect('example' in definition, `${name}.${property} example`).toBe(true);
        }
      }
    }
  });

  it('documents problem responses with the problem schema', () => {
    const responses = document.paths['/v1/account']!.get!.responses as Record<string, any>;
    expect(responses['401'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/ProblemDto',
    );
  });

  it('answers with shapes the document describes', async () => {
    const account = await api.provisionAccount();
    const token = account.apiKey;
    const created = await api.request('POST', '/v1/api-keys', {
      token,
      body: { name: 'conformance', scopes: ['*'] },
    });
    const invited = await api.request('POST', '/v1/users', {
      token,
      body: { email: `conformance-${Date.now()}@example.test`, name: 'Conformance', role: 'agent' },
    });
    const exchanges: [
      string,
      string,
      string,
      { status: number; body: unknown; headers: Record<string, unknown> },
    ][] = [
      ['GET', '/v1/account', '/v1/account', await api.request('GET', '/v1/account', { token })],
      [
        'PATCH',
        '/v1/account',
        '/v1/account',
        await api.request('PATCH', '/v1/account', { token, body: { name: 'Renamed' } }),
      ],
      ['POST', '/v1/api-keys', '/v1/api-keys', created],
      ['GET', '/v1/api-keys', '/v1/api-keys', await api.request('GET', '/v1/api-keys', { token })],
      [
        'GET',
        '/v1/api-keys/{id}',
        `/v1/api-keys/${created.body.id}`,
        await api.request('GET', `/v1/api-keys/${created.body.id}`, { token }),
      ],
      ['POST', '/v1/users', '/v1/users', invited],
      ['GET', '/v1/users', '/v1/users', await api.request('GET', '/v1/users', { token })],
      [
        'GET',
        '/v1/users/{id}',
        '/v1/users/missing',
        await api.request('GET', '/v1/users/usr_missing', { token }),
      ],
      ['GET', '/v1/account', '/v1/account', await api.request('GET', '/v1/account')],
      [
        'PATCH',
        '/v1/account',
        '/v1/account',
        await api.request('PATCH', '/v1/account', { token, body: { plan: 'x' } }),
      ],
    ];
    for (const [method, route, url, response] of exchanges) {
      const contentType = String(response.headers['content-type']).split(';')[0]!;
      expect(
        openApiMismatches(document, method, route, response.status, response.body, contentType),
        `${method} ${url} → ${response.status}`,
      ).toEqual([]);
    }
  });
});
