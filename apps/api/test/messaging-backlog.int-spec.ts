import { fixedClock } from '@switchyard/contracts';
import { testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { buyNumber, freshNumber } from './number-fixtures';

describe('messaging backlog of a number', () => {
  const clock = fixedClock('2030-01-01T12:00:00.000Z');
  let api: TestApi;
  let account: TestAccount;
  let number: { id: string; phoneNumber: string };

  beforeAll(async () => {
    api = await startTestApi({
      clock,
      env: testEnvironment({
        MESSAGING_LONG_CODE_SEGMENTS_PER_SECOND: '2',
        MESSAGING_MAX_BACKLOG_SECONDS: '600',
      }),
    });
    account = await api.provisionAccount();
    number = await buyNumber(api, account, await freshNumber(api, account.apiKey));
  });
  afterAll(() => api?.close());

  const backlogOf = (numberId: string, token = account.apiKey) =>
    api.request('GET', `/v1/numbers/${numberId}/messaging-backlog`, { token });

  it('counts the queued segments of the number and the time they take at its rate', async () => {
    expect((await backlogOf(number.id)).body).toEqual({
      object: 'messaging_backlog',
      numberId: number.id,
      queuedMessages: 0,
      queuedSegments: 0,
      paced: true,
      segmentsPerSecond: 2,
      expectedWaitSeconds: 0,
      maxWaitSeconds: 600,
    });
    // No worker runs here, so these stay queued; the second one takes two segments.
    for (const text of ['One', `Two ${'x'.repeat(160)}`, 'Three']) {
      const sent = await api.request('POST', '/v1/messages', {
        token: account.apiKey,
        body: { from: number.phoneNumber, to: '+14155550199', text },
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    }
    const scheduled = await api.request('POST', '/v1/messages', {
      token: account.apiKey,
      body: {
        from: number.phoneNumber,
        to: '+14155550199',
        text: 'Later',
        sendAt: '2030-01-02T12:00:00.000Z',
      },
    });
    expect(scheduled.body.status).toBe('scheduled');

    const backlog = await backlogOf(number.id);
    expect(backlog.status).toBe(200);
    expect(backlog.body).toMatchObject({ queuedMessages: 3, queuedSegments: 4, expectedWaitSeconds: 2 });
  });

  it('answers 404 for a number of another account or none', async () => {
    const stranger = await api.provisionAccount('Stranger');
    const foreign = await backlogOf(number.id, stranger.apiKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('resource_not_found');
    expect((await backlogOf('num_unknown')).status).toBe(404);
  });
});
