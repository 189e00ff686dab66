import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CallQueueDirectory } from '@switchyard/call-flows';
import { fixedClock } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { createVoicemailBox, expectDocumentedAnswers, playAudioFlow } from './call-flow-fixtures';

const now = '2026-12-05T10:00:00.000Z';

/** A queue node sending callers to the named queue, with hold music. */
function queueFlow(queueName: string, holdMusic?: { type: 'audio'; audioId: string }) {
  return {
    startNodeId: 'wait',
    nodes: [
      {
        id: 'wait',
        kind: 'queue',
        queueName,
        ...(holdMusic && { holdMusic }),
        announcePosition: false,
        maxWaitSeconds: 300,
        exits: { overflow: 'bye' },
      },
      { id: 'bye', kind: 'hangup', exits: {} },
    ],
  };
}

describe('call queues', () => {
  const clock = fixedClock(now);
  const scratch = mkdtempSync(path.join(tmpdir(), 'sy-call-queues-'));
  let api: TestApi;
  let account: TestAccount;
  let other: TestAccount;
  let teamId: string;
  const as = (who: TestAccount) => ({
    get: (url: string) => api.request('GET', url, { token: who.apiKey }),
    post: (url: string, body?: unknown) => api.request('POST', url, { token: who.apiKey, body }),
    patch: (url: string, body: unknown) => api.request('PATCH', url, { token: who.apiKey, body }),
    delete: (url: string) => api.request('DELETE', url, { token: who.apiKey }),
  });
  const owner = () => as(account);
  const createQueue = (body: Record<string, unknown>, who = account) => as(who).post('/v1/call-queues', body);

  beforeAll(async () => {
    api = await startTestApi({ clock, env: { STORAGE_DIR: path.join(scratch, 'storage') } });
    account = await api.provisionAccount();
    other = await api.provisionAccount('Other account');
    teamId = (await owner().post('/v1/teams', { name: 'Support' })).body.id;
  });
  afterAll(async () => {
    await api?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('creates with defaults, reads, lists, changes and deletes a queue', async () => {
    const created = await createQueue({ name: 'Sales', targets: [{ type: 'user', id: account.ownerId }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^cq_/),
      object: 'call_queue',
      name: 'Sales',
      targets: [{ type: 'user', id: account.ownerId }],
      strategy: 'simultaneous',
      ringTimeoutSeconds: 20,
      createdAt: now,
      updatedAt: expect.any(String),
    });
    const { id } = created.body;
    expect((await owner().get(`/v1/call-queues/${id}`)).body).toEqual(created.body);

    const changed = await owner().patch(`/v1/call-queues/${id}`, {
      targets: [{ type: 'team', id: teamId }],
      strategy: 'round_robin',
      ringTimeoutSeconds: 30,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Sales',
      targets: [{ type: 'team', id: teamId }],
      strategy: 'round_robin',
      ringTimeoutSeconds: 30,
    });
    expect(await api.app.get(CallQueueDirectory).byName(account.accountId, 'Sales')).toEqual({
      id,
      name: 'Sales',
      targets: [{ type: 'team', id: teamId }],
      strategy: 'round_robin',
      ringTimeoutSeconds: 30,
    });

    const listed = await owner().get('/v1/call-queues');
    expect(listed.body).toMatchObject({ object: 'list', hasMore: false });
    expect(listed.body.data.map((queue: { id: string }) => queue.id)).toContain(id);

    expect((await owner().delete(`/v1/call-queues/${id}`)).status).toBe(204);
    expect((await owner().get(`/v1/call-queues/${id}`)).status).toBe(404);
    expect(await api.app.get(CallQueueDirectory).byName(account.accountId, 'Sales')).toBeNull();
  });

  it('refuses bad settings, names taken in the account, and targets the account does not have', async () => {
    const target = [{ type: 'user', id: account.ownerId }];
    for (const body of [
      { name: 'Empty', targets: [] },
      { name: 'Too many', targets: Array.from({ length: 51 }, () => target[0]) },
      { name: 'Fast', targets: target, ringTimeoutSeconds: 4 },
      { name: 'Slow', targets: target, ringTimeoutSeconds: 121 },
      { name: 'Odd', targets: target, strategy: 'random' },
      { name: 'Odd target', targets: [{ type: 'phone', id: 'x' }] },
    ]) {
      const refused = await createQueue(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }

    const unknown = await createQueue({
      name: 'Support',
      targets: [
        { type: 'user', id: other.ownerId },
        { type: 'team', id: teamId },
        { type: 'device', id: 'dev_01jd3v3k6m0000000000000000' },
      ],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_ring_target');
    expect(unknown.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'targets.0.id',
      'targets.2.id',
    ]);

    const first = await createQueue({ name: 'Billing', targets: target });
    expect(first.status).toBe(201);
    const taken = await createQueue({ name: 'Billing', targets: target });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('call_queue_name_taken');
    expect(
      (await createQueue({ name: 'Billing', targets: [{ type: 'user', id: other.ownerId }] }, other)).status,
    ).toBe(201);
    const second = await createQueue({ name: 'Billing 2', targets: target });
    const renamed = await owner().patch(`/v1/call-queues/${second.body.id}`, { name: 'Billing' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.code).toBe('call_queue_name_taken');
  });

  it('keeps a queue flows send callers to, name included', async () => {
    const queue = (
      await createQueue({ name: 'Front desk', targets: [{ type: 'user', id: account.ownerId }] })
    ).body;
    const flow = await owner().post('/v1/flows', { name: 'Queue', draft: queueFlow('Front desk') });
    expect(flow.status).toBe(201);
    expect((await owner().post(`/v1/flows/${flow.body.id}/publish`)).status).toBe(201);

    const inUse = await owner().delete(`/v1/call-queues/${queue.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ code: 'call_queue_in_use', flowIds: [flow.body.id] });
    const renamed = await owner().patch(`/v1/call-queues/${queue.id}`, { name: 'Reception' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.code).toBe('call_queue_in_use');
    expect((await owner().patch(`/v1/call-queues/${queue.id}`, { ringTimeoutSeconds: 15 })).status).toBe(200);

    // A flow that merely names something "Front desk" does not hold the queue.
    const lookalike = await owner().post('/v1/flows', {
      name: 'Lookalike',
      draft: { startNodeId: 'x', nodes: [{ id: 'x', kind: 'hangup', name: 'Front desk', exits: {} }] },
    });
    await owner().delete(`/v1/flows/${flow.body.id}`);
    expect((await owner().delete(`/v1/call-queues/${queue.id}`)).status).toBe(204);
    await owner().delete(`/v1/flows/${lookalike.body.id}`);
  });

  it('hides an account’s queues from every other account', async () => {
    const queue = (await createQueue({ name: 'Private', targets: [{ type: 'user', id: account.ownerId }] }))
      .body;
    const intruder = as(other);
    for (const answer of [
      await intruder.get(`/v1/call-queues/${queue.id}`),
      await intruder.patch(`/v1/call-queues/${queue.id}`, { ringTimeoutSeconds: 10 }),
      await intruder.delete(`/v1/call-queues/${queue.id}`),
    ]) {
      expect(answer.status).toBe(404);
    }
    expect(await api.app.get(CallQueueDirectory).byName(other.accountId, 'Private')).toBeNull();
  });

  it('lets keys with the read scope read, and only keys with the write scope write', async () => {
    const reader = await owner().post('/v1/api-keys', { name: 'flows reader', scopes: ['flows:read'] });
    const token = reader.body.secret as string;
    expect((await api.request('GET', '/v1/call-queues', { token })).status).toBe(200);
    const refused = await api.request('POST', '/v1/call-queues', {
      token,
      body: { name: 'Refused', targets: [{ type: 'user', id: account.ownerId }] },
    });
    expect(refused.status).toBe(403);
  });

  it('publishes a flow only when its voicemail box, audio and queue exist in the account', async () => {
    const toneFile = path.join(scratch, 'tone.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', toneFile, 'synth', '0.5', 'sine', '440']);
    const uploadAs = (who: TestAccount) =>
      api.request('POST', '/v1/audio-files?name=Tone', {
        token: who.apiKey,
        body: readFileSync(toneFile),
        headers: { 'content-type': 'audio/wav' },
      });
    const audioId = (await uploadAs(account)).body.id as string;
    const foreignAudioId = (await uploadAs(other)).body.id as string;
    const boxId = await createVoicemailBox(api, account.accountId);
    const foreignBoxId = await createVoicemailBox(api, other.accountId);
    await createQueue({ name: 'Elsewhere', targets: [{ type: 'user', id: other.ownerId }] }, other);
    await createQueue({ name: 'Support line', targets: [{ type: 'team', id: teamId }] });

    const draftWith = (queueName: string, holdAudioId: string, greetingAudioId: string, box: string) => ({
      startNodeId: 'wait',
      nodes: [
        {
          ...queueFlow(queueName, { type: 'audio', audioId: holdAudioId }).nodes[0],
          exits: { overflow: 'vm' },
        },
        {
          id: 'vm',
          kind: 'voicemail',
          boxId: box,
          greeting: { type: 'audio', audioId: greetingAudioId },
          exits: {},
        },
      ],
    });
    const broken = await owner().post('/v1/flows', {
      name: 'Broken',
      draft: draftWith('Elsewhere', foreignAudioId, 'aud_01jd3v3k6m0000000000000000', foreignBoxId),
    });
    const refused = await owner().post(`/v1/flows/${broken.body.id}/publish`);
    expect(refused.status).toBe(422);
    expect(
      refused.body.errors.map(({ field, code }: { field: string; code: string }) => ({ field, code })),
    ).toEqual([
      { field: 'draft.nodes.0.queueName', code: 'unknown_reference' },
      { field: 'draft.nodes.0.holdMusic.audioId', code: 'unknown_reference' },
      { field: 'draft.nodes.1.boxId', code: 'unknown_reference' },
      { field: 'draft.nodes.1.greeting.audioId', code: 'unknown_reference' },
    ]);

    const fixed = await owner().patch(`/v1/flows/${broken.body.id}`, {
      draft: draftWith('Support line', audioId, audioId, boxId),
    });
    expect(fixed.status).toBe(200);
    const published = await owner().post(`/v1/flows/${broken.body.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    const played = await owner().post('/v1/flows', { name: 'Played', draft: playAudioFlow(audioId) });
    expect((await owner().post(`/v1/flows/${played.body.id}/publish`)).status).toBe(201);
    expect((await owner().delete(`/v1/audio-files/${audioId}`)).body.flowIds).toEqual([
      broken.body.id,
      played.body.id,
    ]);
  });

  it('answers as the OpenAPI document says', async () => {
    const target = [{ type: 'user', id: account.ownerId }];
    const created = await createQueue({ name: 'Documented', targets: target });
    const { id } = created.body;
    const flow = await owner().post('/v1/flows', { name: 'Documented', draft: queueFlow('Documented') });
    await expectDocumentedAnswers(api, [
      { method: 'post', route: '/v1/call-queues', response: created },
      {
        method: 'post',
        route: '/v1/call-queues',
        response: await createQueue({ name: 'Documented', targets: target }),
      },
      { method: 'get', route: '/v1/call-queues', response: await owner().get('/v1/call-queues') },
      { method: 'get', route: '/v1/call-queues/{id}', response: await owner().get(`/v1/call-queues/${id}`) },
      {
        method: 'patch',
        route: '/v1/call-queues/{id}',
        response: await owner().patch(`/v1/call-queues/${id}`, { strategy: 'sequential' }),
      },
      {
        method: 'delete',
        route: '/v1/call-queues/{id}',
        response: await owner().delete(`/v1/call-queues/${id}`),
      },
    ]);
    await owner().delete(`/v1/flows/${flow.body.id}`);
    expect((await owner().delete(`/v1/call-queues/${id}`)).status).toBe(204);
  });
});
