import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixedClock } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import {
  createVoicemailBox,
  expectDocumentedAnswers,
  mondayMorning,
  officeHours,
  receptionFlow,
  thanksgivingMorning,
} from './call-flow-fixtures';
import { buyNumber, freshNumber } from './number-fixtures';

describe('call flows', () => {
  const clock = fixedClock(mondayMorning);
  let api: TestApi;
  let account: TestAccount;
  let other: TestAccount;
  let scheduleId: string;
  let boxId: string;
  let draft: ReturnType<typeof receptionFlow>;
  const as = (who: TestAccount) => ({
    get: (url: string) => api.request('GET', url, { token: who.apiKey }),
    post: (url: string, body?: unknown) => api.request('POST', url, { token: who.apiKey, body }),
    patch: (url: string, body: unknown) => api.request('PATCH', url, { token: who.apiKey, body }),
    delete: (url: string) => api.request('DELETE', url, { token: who.apiKey }),
  });
  const owner = () => as(account);

  async function createFlow(body: Record<string, unknown> = {}) {
    const created = await owner().post('/v1/flows', { name: 'Main line', draft, ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; currentVersionId: string | null };
  }

  async function publish(flowId: string) {
    const published = await owner().post(`/v1/flows/${flowId}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    return published.body as { id: string; number: number };
  }

  beforeAll(async () => {
    api = await startTestApi({ clock, env: { STORAGE_DIR: mkdtempSync(path.join(tmpdir(), 'sy-flows-')) } });
    account = await api.provisionAccount();
    other = await api.provisionAccount('Other account');
    scheduleId = (await owner().post('/v1/business-hours', officeHours)).body.id;
    boxId = await createVoicemailBox(api, account.accountId);
    draft = receptionFlow(scheduleId, [account.ownerId], boxId);
  });
  afterAll(() => api.close());

  describe('CRUD', () => {
    it('creates, reads, lists page by page, changes and deletes flows', async () => {
      const created = await owner().post('/v1/flows', { name: 'Main line', draft });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^flow_/),
        object: 'flow',
        name: 'Main line',
        description: null,
        draft,
        currentVersionId: null,
        createdAt: mondayMorning,
        updatedAt: expect.any(String),
      });
      const { id } = created.body;
      expect((await owner().get(`/v1/flows/${id}`)).body).toEqual(created.body);

      const second = await createFlow({ name: 'Second' });
      const third = await createFlow({ name: 'Third' });
      const firstPage = await owner().get('/v1/flows?limit=2');
      expect(firstPage.body).toMatchObject({ object: 'list', hasMore: true, nextCursor: second.id });
      expect(firstPage.body.data.map((flow: { id: string }) => flow.id)).toEqual([third.id, second.id]);
      const nextPage = await owner().get(`/v1/flows?limit=2&startingAfter=${second.id}`);
      expect(nextPage.body.data[0].id).toBe(id);

      const unfinished = { startNodeId: 'hours', nodes: [] };
      const changed = await owner().patch(`/v1/flows/${id}`, {
        name: 'Main line (winter)',
        description: 'Winter hours',
        draft: unfinished,
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        name: 'Main line (winter)',
        description: 'Winter hours',
        draft: unfinished,
      });
      const cleared = await owner().patch(`/v1/flows/${id}`, { description: null });
      expect(cleared.body).toMatchObject({
        name: 'Main line (winter)',
        description: null,
        draft: unfinished,
      });

      expect((await owner().delete(`/v1/flows/${id}`)).status).toBe(204);
      expect((await owner().get(`/v1/flows/${id}`)).status).toBe(404);
    });

    it('rejects a flow without a draft object, a draft too large to publish, and unknown fields', async () => {
      const missing = await owner().post('/v1/flows', { name: 'No draft' });
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'draft', code: 'is_object' })]);

      const huge = { startNodeId: 'a', nodes: [], notes: 'x'.repeat(300 * 1024) };
      const tooLarge = await owner().post('/v1/flows', { name: 'Huge', draft: huge });
      expect(tooLarge.status).toBe(400);
      expect(tooLarge.body.errors).toEqual([expect.objectContaining({ field: 'draft', code: 'too_large' })]);

      const unknown = await owner().post('/v1/flows', { name: 'Extra', draft, currentVersionId: 'flv_x' });
      expect(unknown.body.errors).toEqual([
        expect.objectContaining({ field: 'currentVersionId', code: 'unknown_field' }),
      ]);
    });
  });

  describe('versions', () => {
    it('freezes the draft when publishing: later edits change no version', async () => {
      const flow = await createFlow();
      const first = await owner().post(`/v1/flows/${flow.id}/publish`);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        id: expect.stringMatching(/^flv_/),
        object: 'flow_version',
        flowId: flow.id,
        number: 1,
        current: true,
        document: draft,
        createdAt: mondayMorning,
      });
      expect((await owner().get(`/v1/flows/${flow.id}`)).body.currentVersionId).toBe(first.body.id);

      const edited = structuredClone(draft);
      edited.nodes[1]!.prompt = { type: 'tts', text: 'Press 1 for sales, or hold.' };
      await owner().patch(`/v1/flows/${flow.id}`, { draft: edited });
      const frozen = await owner().get(`/v1/flows/${flow.id}/versions/${first.body.id}`);
      expect(frozen.status).toBe(200);
      expect(frozen.body).toMatchObject({ number: 1, current: true, document: draft });

      const second = await publish(flow.id);
      expect(second.number).toBe(2);
      const versions = await owner().get(`/v1/flows/${flow.id}/versions`);
      expect(versions.status).toBe(200);
      expect(
        versions.body.data.map(({ number, current }: { number: number; current: boolean }) => [
          number,
          current,
        ]),
      ).toEqual([
        [2, true],
        [1, false],
      ]);
      expect(versions.body.data[0].document).toEqual(edited);
    });

    it('refuses to publish an invalid draft with node-level errors, and validates without publishing', async () => {
      const broken = structuredClone(draft) as any;
      broken.nodes[0].scheduleId = 'bh_01jd3v3k6m0000000000000000';
      delete broken.nodes[1].exits.invalid;
      broken.nodes[2].targets = [{ type: 'user', id: other.ownerId }];
      broken.nodes[3].exits.done = 'nowhere';
      const flow = await createFlow({ draft: broken });

      const refused = await owner().post(`/v1/flows/${flow.id}/publish`);
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.code).toBe('flow_invalid');
      const expected = [
        { field: 'draft.nodes.0.scheduleId', code: 'unknown_reference', nodeId: 'hours' },
        { field: 'draft.nodes.1.exits.invalid', code: 'missing_exit', nodeId: 'menu' },
        { field: 'draft.nodes.2.targets.0.id', code: 'unknown_reference', nodeId: 'sales' },
        { field: 'draft.nodes.3.exits.done', code: 'dangling_exit', nodeId: 'voicemail' },
      ];
      const withoutMessages = (errors: { message: string }[]) =>
        errors.map(({ message: _, ...error }) => error);
      expect(withoutMessages(refused.body.errors)).toEqual(expected);
      expect((await owner().get(`/v1/flows/${flow.id}/versions`)).body.data).toEqual([]);
      expect((await owner().get(`/v1/flows/${flow.id}`)).body.currentVersionId).toBeNull();

      const report = await owner().post(`/v1/flows/${flow.id}/validate`);
      expect(report.status).toBe(200);
      expect(report.body.object).toBe('flow_validation');
      expect(report.body.valid).toBe(false);
      expect(withoutMessages(report.body.errors)).toEqual(expected);

      await owner().patch(`/v1/flows/${flow.id}`, { draft });
      expect((await owner().post(`/v1/flows/${flow.id}/validate`)).body).toEqual({
        object: 'flow_validation',
        valid: true,
        errors: [],
      });
    });

    it('rolls back by pointing at an earlier version, which numbers then run', async () => {
      const flow = await createFlow();
      const first = await publish(flow.id);
      const afterHoursOnly = { startNodeId: 'voicemail', nodes: [draft.nodes[3]] };
      await owner().patch(`/v1/flows/${flow.id}`, { draft: afterHoursOnly });
      const second = await publish(flow.id);

      const rolledBack = await owner().post(`/v1/flows/${flow.id}/rollback`, { versionId: first.id });
      expect(rolledBack.status).toBe(200);
      expect(rolledBack.body).toMatchObject({
        id: flow.id,
        currentVersionId: first.id,
        draft: afterHoursOnly,
      });
      const versions = await owner().get(`/v1/flows/${flow.id}/versions`);
      expect(
        versions.body.data.map(({ id, current }: { id: string; current: boolean }) => [id, current]),
      ).toEqual([
        [second.id, false],
        [first.id, true],
      ]);
      const simulated = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        from: '+14155550100',
        to: '+14155550123',
        events: [],
      });
      expect(simulated.body.versionId).toBe(first.id);
      expect(simulated.body.steps[0].path).toEqual([
        { nodeId: 'hours', kind: 'schedule', exit: 'open', at: mondayMorning },
      ]);
      expect((await publish(flow.id)).number).toBe(3);

      const otherFlow = await createFlow();
      const foreignVersion = await publish(otherFlow.id);
      for (const versionId of ['flv_01jd3v3k6m0000000000000000', foreignVersion.id]) {
        const refused = await owner().post(`/v1/flows/${flow.id}/rollback`, { versionId });
        expect(refused.status).toBe(400);
        expect(refused.body.errors).toEqual([
          expect.objectContaining({ field: 'versionId', code: 'flow_version_not_found' }),
        ]);
      }
    });
  });

  describe('simulation', () => {
    const call = { from: '+14155550100', to: '+14155550123' };

    it('during office hours goes through the menu to ring the sales group', async () => {
      const flow = await createFlow();
      const version = await publish(flow.id);
      const simulated = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        ...call,
        at: '2026-11-23T10:00:00-05:00',
        events: [
          { type: 'digits', digits: '1' },
          { type: 'leg_result', outcome: 'answered' },
        ],
      });
      expect(simulated.status, JSON.stringify(simulated.body)).toBe(200);
      expect(simulated.body).toEqual({
        object: 'flow_simulation',
        flowId: flow.id,
        versionId: version.id,
        at: mondayMorning,
        steps: [
          {
            event: null,
            actions: [
              { type: 'answer' },
              {
                type: 'gather',
                prompt: { type: 'tts', text: 'Press 1 for sales.' },
                timeoutSeconds: 5,
                interDigitTimeoutSeconds: 3,
                maxDigits: 1,
              },
            ],
            path: [{ nodeId: 'hours', kind: 'schedule', exit: 'open', at: mondayMorning }],
            finished: false,
          },
          {
            event: { type: 'digits', digits: '1' },
            actions: [
              {
                type: 'dial',
                legId: 'simulated-call:leg:1',
                targets: [{ type: 'user', id: account.ownerId }],
                strategy: 'simultaneous',
                timeoutSeconds: 20,
                callerId: { number: call.from },
              },
            ],
            path: [{ nodeId: 'menu', kind: 'menu', exit: 'digit:1', at: mondayMorning, digits: '1' }],
            finished: false,
          },
          {
            event: { type: 'leg_result', outcome: 'answered' },
            actions: [{ type: 'hangup', reason: 'end_of_flow' }],
            path: [{ nodeId: 'sales', kind: 'ring', exit: 'answered', at: mondayMorning }],
            finished: true,
          },
        ],
      });
    });

    it('when closed goes to voicemail, and rings past busy users to it too', async () => {
      const flow = await createFlow();
      await publish(flow.id);
      const closed = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        ...call,
        at: thanksgivingMorning,
        events: [{ type: 'voicemail_finished' }],
      });
      expect(closed.status).toBe(200);
      expect(
        closed.body.steps.map(({ actions, path: steps, finished }: any) => ({ actions, steps, finished })),
      ).toEqual([
        {
          actions: [{ type: 'answer' }, { type: 'record_voicemail', boxId, beep: true }],
          steps: [{ nodeId: 'hours', kind: 'schedule', exit: 'closed', at: thanksgivingMorning }],
          finished: false,
        },
        {
          actions: [{ type: 'hangup', reason: 'end_of_flow' }],
          steps: [{ nodeId: 'voicemail', kind: 'voicemail', exit: 'done', at: thanksgivingMorning }],
          finished: true,
        },
      ]);

      const busy = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        ...call,
        events: [{ type: 'digits', digits: '1' }],
        availability: { [account.ownerId]: 'busy' },
      });
      expect(busy.body.steps[1].path.map(({ nodeId, exit }: any) => [nodeId, exit])).toEqual([
        ['menu', 'digit:1'],
        ['sales', 'busy'],
      ]);
      expect(busy.body.steps[1].actions).toEqual([{ type: 'record_voicemail', boxId, beep: true }]);
    });

    it('sees a schedule override at once, through the published flow cache', async () => {
      const flow = await createFlow();
      await publish(flow.id);
      const firstNode = async () =>
        (await owner().post(`/v1/flows/${flow.id}/simulate`, { ...call, events: [] })).body.steps[0].path[0]
          .exit;
      expect(await firstNode()).toBe('open');
      await owner().post(`/v1/business-hours/${scheduleId}/override`, { state: 'closed' });
      try {
        expect(await firstNode()).toBe('closed');
      } finally {
        await owner().delete(`/v1/business-hours/${scheduleId}/override`);
      }
      expect(await firstNode()).toBe('open');
    });

    it('simulates the draft or a given version, and says when there is nothing to simulate', async () => {
      const flow = await createFlow();
      const notPublished = await owner().post(`/v1/flows/${flow.id}/simulate`, { ...call, events: [] });
      expect(notPublished.status).toBe(409);
      expect(notPublished.body.code).toBe('flow_not_published');

      const ofDraft = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        ...call,
        draft: true,
        events: [],
      });
      expect(ofDraft.status).toBe(200);
      expect(ofDraft.body.versionId).toBeNull();

      const version = await publish(flow.id);
      await owner().patch(`/v1/flows/${flow.id}`, { draft: { startNodeId: 'nowhere', nodes: [] } });
      const invalidDraft = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        ...call,
        draft: true,
        events: [],
      });
      expect(invalidDraft.status).toBe(422);
      expect(invalidDraft.body.code).toBe('flow_invalid');
      const ofVersion = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        ...call,
        versionId: version.id,
        events: [],
      });
      expect(ofVersion.body.versionId).toBe(version.id);

      const both = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        ...call,
        versionId: version.id,
        draft: true,
        events: [],
      });
      expect(both.status).toBe(400);
      expect(both.body.errors).toEqual([
        expect.objectContaining({ field: 'versionId', code: 'conflicts_with_draft' }),
      ]);
    });

    it('rejects malformed events, availability and instants with field errors', async () => {
      const flow = await createFlow();
      await publish(flow.id);
      const rejected = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        ...call,
        events: [{ type: 'digits', digits: 'abc' }, { type: 'teleport' }, { type: 'leg_result' }],
        availability: { [account.ownerId]: 'asleep' },
      });
      expect(rejected.status).toBe(400);
      expect(rejected.body.code).toBe('validation_failed');
      expect(rejected.body.errors.map(({ field, code }: any) => [field, code])).toEqual([
        ['events.0.digits', 'invalid_event'],
        ['events.1.type', 'invalid_event'],
        ['events.2.outcome', 'invalid_event'],
        [`availability.${account.ownerId}`, 'invalid_availability'],
      ]);
      const notAList = await owner().post(`/v1/flows/${flow.id}/simulate`, { ...call, events: 'digits' });
      expect(notAList.body.errors).toEqual([
        expect.objectContaining({ field: 'events', code: 'invalid_event' }),
      ]);
      const badInstant = await owner().post(`/v1/flows/${flow.id}/simulate`, {
        ...call,
        at: 'tomorrow',
        events: [],
      });
      expect(badInstant.body.errors).toEqual([
        expect.objectContaining({ field: 'at', code: 'invalid_instant' }),
      ]);
    });
  });

  it("answers 404 for another account's flows and versions, whatever the route", async () => {
    const flow = await createFlow();
    const version = await publish(flow.id);
    const intruder = as(other);
    const ownFlow = (await intruder.post('/v1/flows', { name: 'Theirs', draft: {} })).body;
    const answers = await Promise.all([
      intruder.get(`/v1/flows/${flow.id}`),
      intruder.patch(`/v1/flows/${flow.id}`, { name: 'Mine now' }),
      intruder.post(`/v1/flows/${flow.id}/validate`),
      intruder.post(`/v1/flows/${flow.id}/publish`),
      intruder.get(`/v1/flows/${flow.id}/versions`),
      intruder.get(`/v1/flows/${flow.id}/versions/${version.id}`),
      intruder.get(`/v1/flows/${ownFlow.id}/versions/${version.id}`),
      intruder.post(`/v1/flows/${flow.id}/rollback`, { versionId: version.id }),
      intruder.post(`/v1/flows/${flow.id}/simulate`, { ...{ from: '+1', to: '+2' }, events: [] }),
      intruder.delete(`/v1/flows/${flow.id}`),
    ]);
    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual(
      answers.map(() => [404, 'resource_not_found']),
    );
    expect((await intruder.get('/v1/flows')).body.data.map((listed: { id: string }) => listed.id)).toEqual([
      ownFlow.id,
    ]);
    expect((await owner().get(`/v1/flows/${flow.id}`)).body.currentVersionId).toBe(version.id);
  });

  it('refuses to delete a flow that numbers use, naming them', async () => {
    const flow = await createFlow();
    await publish(flow.id);
    const number = await buyNumber(api, account, await freshNumber(api, account.apiKey));
    const assigned = await owner().patch(`/v1/numbers/${number.id}`, {
      voice: { type: 'flow', flowId: flow.id },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);

    const refused = await owner().delete(`/v1/flows/${flow.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'flow_in_use',
      numbers: [{ id: number.id, phoneNumber: number.phoneNumber }],
    });
    await expectDocumentedAnswers(api, [{ method: 'DELETE', route: '/v1/flows/{id}', response: refused }]);

    await owner().patch(`/v1/numbers/${number.id}`, { voice: null });
    expect((await owner().delete(`/v1/flows/${flow.id}`)).status).toBe(204);
    expect((await owner().get(`/v1/flows/${flow.id}/versions`)).status).toBe(404);
  });

  it('answers as the OpenAPI document says', async () => {
    const flow = await createFlow();
    const broken = await createFlow({ draft: { startNodeId: 'nowhere', nodes: [] } });
    const published = await owner().post(`/v1/flows/${flow.id}/publish`);
    const versionId = published.body.id as string;
    await expectDocumentedAnswers(api, [
      {
        method: 'POST',
        route: '/v1/flows',
        response: await owner().post('/v1/flows', { name: 'Doc', draft }),
      },
      { method: 'POST', route: '/v1/flows', response: await owner().post('/v1/flows', { name: '' }) },
      { method: 'GET', route: '/v1/flows', response: await owner().get('/v1/flows') },
      { method: 'GET', route: '/v1/flows/{id}', response: await owner().get(`/v1/flows/${flow.id}`) },
      { method: 'GET', route: '/v1/flows/{id}', response: await owner().get('/v1/flows/flow_missing') },
      {
        method: 'PATCH',
        route: '/v1/flows/{id}',
        response: await owner().patch(`/v1/flows/${flow.id}`, { description: 'Documented' }),
      },
      { method: 'POST', route: '/v1/flows/{id}/publish', response: published },
      {
        method: 'POST',
        route: '/v1/flows/{id}/publish',
        response: await owner().post(`/v1/flows/${broken.id}/publish`),
      },
      {
        method: 'POST',
        route: '/v1/flows/{id}/validate',
        response: await owner().post(`/v1/flows/${broken.id}/validate`),
      },
      {
        method: 'GET',
        route: '/v1/flows/{id}/versions',
        response: await owner().get(`/v1/flows/${flow.id}/versions`),
      },
      {
        method: 'GET',
        route: '/v1/flows/{id}/versions/{versionId}',
        response: await owner().get(`/v1/flows/${flow.id}/versions/${versionId}`),
      },
      {
        method: 'POST',
        route: '/v1/flows/{id}/rollback',
        response: await owner().post(`/v1/flows/${flow.id}/rollback`, { versionId }),
      },
      {
        method: 'POST',
        route: '/v1/flows/{id}/simulate',
        response: await owner().post(`/v1/flows/${flow.id}/simulate`, {
          from: '+14155550100',
          to: '+14155550123',
          events: [{ type: 'digits', digits: '1' }],
        }),
      },
      {
        method: 'POST',
        route: '/v1/flows/{id}/simulate',
        response: await owner().post(`/v1/flows/${broken.id}/simulate`, {
          from: '+14155550100',
          to: '+14155550123',
          events: [],
        }),
      },
      { method: 'DELETE', route: '/v1/flows/{id}', response: await owner().delete(`/v1/flows/${flow.id}`) },
    ]);
  });
});
