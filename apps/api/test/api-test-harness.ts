import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccountProvisioningService } from '@switchyard/accounts';
import { loadApiConfig } from '@switchyard/config';
import { type Clock } from '@switchyard/contracts';
import { testEnvironment } from '@switchyard/testing';
import { createApiApp } from '../src/api-app';

export interface TestAccount {
  readonly accountId: string;
  readonly ownerId: string;
  readonly ownerEmail: string;
  readonly ownerPassword: string;
  readonly apiKey: string;
  readonly apiKeyId: string;
}

export interface TestApi {
  readonly app: NestFastifyApplication;
  provisionAccount(name?: string): Promise<TestAccount>;
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Record<string, string | string[] | number | undefined> }>;
  close(): Promise<void>;
}

export async function startTestApi(
  options: { env?: Record<string, string | undefined>; clock?: Clock } = {},
): Promise<TestApi> {
  const config = loadApiConfig(testEnvironment(options.env));
  const app = await createApiApp(config, options.clock ? { clock: options.clock } : {});
  await app.getHttpAdapter().getInstance().ready();
  const provisioning = app.get(AccountProvisioningService);
  return {
    app,
    async provisionAccount(name = 'Test account') {
      const ownerEmail = `owner-${randomUUID()}@example.test`;
      const ownerPassword = 'correct horse battery staple';
      const result = await provisioning.provision({
        name,
        country: 'US',
        timezone: 'America/New_York',
        owner: { email: ownerEmail, name: 'Owner', password: ownerPassword },
      });
      return {
        accountId: result.account.id,
        ownerId: result.owner.id,
        ownerEmail,
        ownerPassword,
        apiKey: result.apiKeySecret,
        apiKeyId: result.apiKey.id,
      };
    },
    async request(method, url, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (requestOptions.token) headers.authorization = `Bearer ${requestOptions.token}`;
      const response = await app.inject({
        method,
        url,
        headers,
        ...(requestOptions.body === undefined ? {} : { payload: requestOptions.body as object }),
      });
      const text = response.body;
      const isJson = String(response.headers['content-type'] ?? '').includes('json');
      return {
        status: response.statusCode,
        body: isJson && text !== '' ? JSON.parse(text) : text,
        headers: response.headers,
      };
    },
    async close() {
      await app.close();
    },
  };
}

/** Starts one API and one provisioned account for the enclosing `describe`, and stops the API after it. */
export function useTestApiWithAccount(options: Parameters<typeof startTestApi>[0] = {}) {
  const context = {} as { api: TestApi; account: TestAccount };
  beforeAll(async () => {
    context.api = await startTestApi(options);
    context.account = await context.api.provisionAccount();
  });
  afterAll(() => context.api.close());
  return context;
}
