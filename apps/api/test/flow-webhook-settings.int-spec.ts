import { fixedClock } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { expectDocumentedAnswers } from './call-flow-fixtures';
import { signedInUser } from './number-fixtures';

const createdAt = '2030-01-01T12:00:00.000Z';
const rotatedAt = '2030-01-02T08:30:00.000Z';

describe('flow webhook settings', () => {
  const clock = fixedClock(createdAt);
  let api: TestApi;
  let account: TestAccount;
  let other: TestAccount;

  const read = (token = account.apiKey) => api.request('GET', '/v1/flow-webhook-settings', { token });
  const rotate = (token = account.apiKey) =>
    api.request('POST', '/v1/flow-webhook-settings/rotate-secret', { token });
  const keyWith = async (scopes: string[]): Promise<string> => {
    const created = await api.request('POST', '/v1/api-keys', {
      token: account.apiKey,
      body: { name: scopes.join(' '), scopes },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.secret as string;
  };

  beforeAll(async () => {
    api = await startTestApi({ clock });
    account = await api.provisionAccount();
    other = await api.provisionAccount('Other account');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('creates the signing secret on the first read and answers the same one after', async () => {
    const first = await read();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({
      object: 'flow_webhook_settings',
      signingSecret: expect.stringMatching(/^whsec_[A-Za-z0-9]{32}$/),
      signatureHeader: 'X-Signature',
      createdAt,
      updatedAt: createdAt,
    });
    clock.advance(60_000);
    expect((await read()).body).toEqual(first.body);
  });

  it('ends concurrent first reads with one secret', async () => {
    const fresh = await api.provisionAccount('Fresh account');
    const answers = await Promise.all(Array.from({ length: 8 }, () => read(fresh.apiKey)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((answer) => answer.body.signingSecret)).size).toBe(1);
  });

  it('replaces the secret on rotation, and later reads answer the new one', async () => {
    const before = (await read()).body;
    clock.set(rotatedAt);
    const rotated = await rotate();
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body).toEqual({
      ...before,
      signingSecret: expect.stringMatching(/^whsec_[A-Za-z0-9]{32}$/),
      updatedAt: rotatedAt,
    });
    expect(rotated.body.signingSecret).not.toBe(before.signingSecret);
    expect((await read()).body).toEqual(rotated.body);
  });

  it('keeps accounts apart: each has its own secret, and rotating one leaves the other', async () => {
    const mine = (await read()).body.signingSecret;
    const theirs = (await read(other.apiKey)).body.signingSecret;
    expect(theirs).not.toBe(mine);
    await rotate(other.apiKey);
    expect((await read()).body.signingSecret).toBe(mine);
    expect((await read(other.apiKey)).body.signingSecret).not.toBe(theirs);
  });

  it('shows and rotates the secret only for the flows:write scope', async () => {
    const reader = await keyWith(['flows:read']);
    for (const refused of [await read(reader), await rotate(reader)]) {
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('insufficient_scope');
    }
    const agent = await signedInUser(api, account);
    expect((await read(agent.token)).status).toBe(403);
    const writer = await keyWith(['flows:write']);
    expect((await read(writer)).status).toBe(200);
    expect((await api.request('GET', '/v1/flow-webhook-settings')).status).toBe(401);
  });

  it('answers as the OpenAPI document says', async () => {
    const route = '/v1/flow-webhook-settings';
    await expectDocumentedAnswers(api, [
      { method: 'get', route, response: await read() },
      { method: 'post', route: `${route}/rotate-secret`, response: await rotate() },
      { method: 'get', route, response: await read(await keyWith(['flows:read'])) },
    ]);
    const document = (await api.request('GET', '/openapi.json')).body;
    expect(document.paths[route].get.description).toContain('HMAC-SHA256');
  });
});
