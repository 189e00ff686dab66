import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './api-test-harness';

interface Operation {
  summary?: string;
  responses: Record<string, unknown>;
}

describe('OpenAPI document', () => {
  let api: TestApi;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, any> };
  };

  beforeAll(async () => {
    api = await startTestApi();
    document = (await api.request('GET', '/openapi.json')).body;
  });
  afterAll(() => api.close());

  it('describes every registered route with a summary', () => {
    const fastify = api.app.getHttpAdapter().getInstance();
    const routes = fastify
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((line: string) => line.includes('/'));
    expect(routes.length).toBeGreaterThan(0);
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.summary, `${method.toUpperCase()} ${path}`).toBeTruthy();
        const found = fastify.hasRoute({
          method: method.toUpperCase() as 'GET',
          url: path.replace(/\{(\w+)\}/g, ':$1'),
        });
        expect(found, `${method.toUpperCase()} ${path} is served`).toBe(true);
      }
    }
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/account', '/v1/users', '/v1/users/{id}', '/v1/api-keys']),
    );
  });

  it('gives every property of every schema a description and example', () => {
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [property, definition] of Object.entries<any>(schema.properties ?? {})) {
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
    const fastify = api.app.getHttpAdapter().getInstance();
    void fastify;
    const account = await api.provisionAccount();
    const response = await api.request('GET', '/v1/account', { token: account.apiKey });
    const schema = document.components.schemas.AccountDto;
    expect(Object.keys(response.body).sort()).toEqual(Object.keys(schema.properties).sort());
    for (const required of schema.required) expect(response.body).toHaveProperty(required);
  });
});
