import { randomUUID } from 'node:crypto';
import { fixedClock, queueNames } from '@switchyard/contracts';
import { sandboxSignature } from '@switchyard/messaging';
import { eventually, type OpenApiDocument, openApiMismatches, testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type MessagingWorker, startMessagingWorker } from './messaging-worker';
import { buyNumber, freshNumber, signedInUser } from './number-fixtures';

const sandboxSecret = 'sandbox-callback-secret-for-tests';

describe('messaging settings', () => {
  const clock = fixedClock('2030-01-01T12:00:00.000Z');
  let api: TestApi;
  let worker: MessagingWorker;
  let account: TestAccount;
  let number: string;
  let document: OpenApiDocument;

  beforeAll(async () => {
    const env = testEnvironment({ SANDBOX_CARRIER_WEBHOOK_SECRET: sandboxSecret });
    api = await startTestApi({ clock, env });
    // Keyword replies are the worker's, when it applies the stored callback; the replies themselves stay queued.
    worker = await startMessagingWorker(env, clock, [queueNames.carrierCallbacks]);
    account = await api.provisionAccount('Acme Dental');
    number = (await buyNumber(api, account, await freshNumber(api, account.apiKey))).phoneNumber;
    document = (await api.request('GET', '/openapi.json')).body;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const settings = (method: 'GET' | 'PATCH', body?: unknown, token = account.apiKey) =>
    api.request(method, '/v1/messaging-settings', { token, ...(body !== undefined && { body }) });
  const conforms = (method: string, response: Awaited<ReturnType<typeof settings>>) =>
    expect(
      openApiMismatches(
        document,
        method,
        '/v1/messaging-settings',
        response.status,
        response.body,
        String(response.headers['content-type']).split(';')[0]!,
      ),
    ).toEqual([]);
  const repliesTo = async (contact: string): Promise<string[]> =>
    (
      await api.request('GET', `/v1/messages?direction=outbound&number=${contact.slice(1)}`, {
        token: account.apiKey,
      })
    ).body.data.map((message: { text: string }) => message.text);
  /** Texts a keyword and waits for the worker's reply to it. */
  const textFrom = async (contact: string, text: string) => {
    const repliedBefore = (await repliesTo(contact)).length;
    const raw = JSON.stringify({
      id: randomUUID(),
      type: 'message.received',
      data: { carrierMessageId: `in-${randomUUID()}`, from: contact, to: number, text },
    });
    const posted = await api.request('POST', '/v1/carrier-webhooks/sandbox', {
      body: raw,
      headers: {
        'content-type': 'application/json',
        'x-sandbox-signature': sandboxSignature(sandboxSecret, raw, Math.floor(clock.now().getTime() / 1000)),
      },
    });
    expect(posted.status).toBe(200);
    await eventually(async () => ((await repliesTo(contact)).length > repliedBefore ? true : undefined));
  };

  it('starts with the defaults, and answers HELP with the default help text', async () => {
    const read = await settings('GET');
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      object: 'messaging_settings',
      helpText: null,
      stopConfirmation: null,
      startConfirmation: null,
      updatedAt: null,
    });
    conforms('GET', read);
    const contact = '+14155550131';
    await textFrom(contact, 'help');
    expect(await repliesTo(contact)).toEqual([
      'Acme Dental: Contact us for help. Msg & data rates may apply. Reply STOP to unsubscribe.',
    ]);
  });

  it('answers HELP, INFO, STOP and START with the account’s own texts once changed', async () => {
    const changed = await settings('PATCH', {
      helpText: 'Call +1 415 555 0100, 9am-5pm.',
      stopConfirmation: '{{accountName}}: no more texts from us. Reply START to come back.',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      helpText: 'Call +1 415 555 0100, 9am-5pm.',
      stopConfirmation: '{{accountName}}: no more texts from us. Reply START to come back.',
      startConfirmation: null,
      updatedAt: clock.now().toISOString(),
    });
    conforms('PATCH', changed);
    const contact = '+14155550132';
    await textFrom(contact, ' INFO ');
    await textFrom(contact, 'Stop');
    await textFrom(contact, 'START');
    expect(await repliesTo(contact)).toEqual([
      'Acme Dental: You are subscribed again. Reply HELP for help, STOP to unsubscribe.',
      'Acme Dental: no more texts from us. Reply START to come back.',
      'Acme Dental: Call +1 415 555 0100, 9am-5pm. Msg & data rates may apply. Reply STOP to unsubscribe.',
    ]);
  });

  it('changes only the fields present, and null restores a default', async () => {
    const partial = await settings('PATCH', { startConfirmation: 'Welcome back to {{accountName}}!' });
    expect(partial.body).toMatchObject({
      helpText: 'Call +1 415 555 0100, 9am-5pm.',
      startConfirmation: 'Welcome back to {{accountName}}!',
    });
    const restored = await settings('PATCH', { helpText: null });
    expect(restored.body).toMatchObject({
      helpText: null,
      startConfirmation: 'Welcome back to {{accountName}}!',
    });
    expect((await settings('GET')).body).toEqual(restored.body);
  });

  it('refuses malformed templates, unknown merge fields, replies over 10 segments and unknown fields', async () => {
    const malformed = await settings('PATCH', { stopConfirmation: 'Bye {{accountName' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({
      code: 'invalid_template',
      errors: [expect.objectContaining({ field: 'stopConfirmation', code: 'invalid_template' })],
    });
    const unknownField = await settings('PATCH', { startConfirmation: 'Hi {{firstName}}' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toEqual([
      expect.objectContaining({ field: 'startConfirmation', code: 'template_missing_fields' }),
    ]);
    const tooLong = await settings('PATCH', { stopConfirmation: `{{accountName}} ${'ж'.repeat(900)}` });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([
      expect.objectContaining({ field: 'stopConfirmation', code: 'too_many_segments' }),
    ]);
    expect((await settings('PATCH', { helpText: '' })).status).toBe(400);
    expect((await settings('PATCH', { signature: 'x' })).status).toBe(400);
    expect((await settings('GET')).body.stopConfirmation).toBe(
      '{{accountName}}: no more texts from us. Reply START to come back.',
    );
  });

  it('lets agents read the settings but not change them, and keeps accounts apart', async () => {
    const agent = await signedInUser(api, account);
    expect((await settings('GET', undefined, agent.token)).status).toBe(200);
    const refused = await settings('PATCH', { helpText: 'Agents were here' }, agent.token);
    expect(refused.status).toBe(403);
    const stranger = await api.provisionAccount('Stranger');
    expect((await settings('GET', undefined, stranger.apiKey)).body.helpText).toBeNull();
  });
});
