import { randomInt } from 'node:crypto';
import { Database } from '@switchyard/prisma';
import { expect } from 'vitest';
import { type TestAccount, type TestApi } from './api-test-harness';

/** A number no other test picks: the sandbox's catalog is deterministic and shared by every test file. */
export async function freshNumber(
  api: TestApi,
  token: string,
  query: Record<string, string> = { country: 'US', type: 'local' },
): Promise<string> {
  // 0000 is the sandbox's failing suffix; anything else orders fine.
  const endsWith = String(randomInt(1, 10_000)).padStart(4, '0');
  const search = new URLSearchParams({ ...query, endsWith, limit: '5' });
  const found = await api.request('GET', `/v1/available-numbers?${search.toString()}`, { token });
  expect(found.status, JSON.stringify(found.body)).toBe(200);
  const [number] = found.body.data as { phoneNumber: string }[];
  if (!number) throw new Error(`no ${query.country} number ends with ${endsWith}`);
  return number.phoneNumber;
}

export async function buyNumber(api: TestApi, account: TestAccount, phoneNumber: string) {
  const bought = await api.request('POST', '/v1/numbers', { token: account.apiKey, body: { phoneNumber } });
  expect(bought.status, JSON.stringify(bought.body)).toBe(201);
  return bought.body as { id: string; phoneNumber: string; status: string };
}

export function eventsOf(api: TestApi, accountId: string, type: string) {
  return api.app.get(Database).root.event.findMany({ where: { accountId, type }, orderBy: { id: 'asc' } });
}

/** Creates a user with a role and returns their id and an access token. */
export async function signedInUser(api: TestApi, account: TestAccount, role: 'agent' | 'admin' = 'agent') {
  const email = `${role}-${randomInt(1e9)}@example.test`;
  const password = 'a long enough password';
  const created = await api.request('POST', '/v1/users', {
    token: account.apiKey,
    body: { email, name: `An ${role}`, role, password },
  });
  expect(created.status).toBe(201);
  const session = await api.request('POST', '/v1/sessions', { body: { email, password } });
  expect(session.status).toBe(200);
  return { userId: created.body.id as string, token: session.body.accessToken as string };
}
