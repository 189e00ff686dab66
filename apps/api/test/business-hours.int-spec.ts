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

describe('business hours', () => {
  const clock = fixedClock(mondayMorning);
  let api: TestApi;
  let account: TestAccount;
  let other: TestAccount;
  const create = (body: unknown, token = account.apiKey) =>
    api.request('POST', '/v1/business-hours', { token, body });

  beforeAll(async () => {
    api = await startTestApi({ clock });
    account = await api.provisionAccount();
    other = await api.provisionAccount('Other account');
  });
  afterAll(() => api.close());

  it('creates, lists, reads, changes and deletes a schedule', async () => {
    const created = await create(officeHours);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^bh_/),
      object: 'business_hours',
      ...officeHours,
      override: null,
      createdAt: mondayMorning,
      updatedAt: expect.any(String),
    });
    const id = created.body.id as string;

    const listed = await api.request('GET', '/v1/business-hours?limit=200', { token: account.apiKey });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((schedule: { id: string }) => schedule.id)).toContain(id);
    expect((await api.request('GET', `/v1/business-hours/${id}`, { token: account.apiKey })).body).toEqual(
      created.body,
    );

    const weekly = [{ day: 'sat', start: '10:00', end: '14:00' }];
    const changed = await api.request('PATCH', `/v1/business-hours/${id}`, {
      token: account.apiKey,
      body: { name: 'Weekend desk', weekly },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Weekend desk', weekly, exceptions: officeHours.exceptions });

    expect((await api.request('DELETE', `/v1/business-hours/${id}`, { token: account.apiKey })).status).toBe(
      204,
    );
    expect((await api.request('GET', `/v1/business-hours/${id}`, { token: account.apiKey })).status).toBe(
      404,
    );
  });

  it('reports every problem of a schedule as a field error with the domain code', async () => {
    const rejected = await create({
      name: 'Broken',
      timeZone: 'Mars/Olympus_Mons',
      weekly: [
        { day: 'mon', start: '09:00', end: '17:00' },
        { day: 'mon', start: '16:00', end: '18:00' },
        { day: 'monday', start: '9:00', end: '17:00' },
        { day: 'tue', start: '12:00', end: '12:00' },
      ],
      exceptions: [
        { name: 'Nope', dates: { type: 'date', date: '2026-02-30' }, status: 'closed' },
        {
          name: 'Backwards',
          dates: { type: 'range', from: '2026-12-31', to: '2026-12-24' },
          status: 'closed',
        },
      ],
    });
    expect(rejected.status).toBe(400);
    expect(rejected.headers['content-type']).toContain('application/problem+json');
    expect(rejected.body.code).toBe('validation_failed');
    expect(
      rejected.body.errors.map(({ field, code }: { field: string; code: string }) => ({ field, code })),
    ).toEqual([
      { field: 'weekly.2.day', code: 'invalid_field' },
      { field: 'weekly.2.start', code: 'invalid_field' },
      { field: 'timeZone', code: 'invalid_time_zone' },
      { field: 'weekly.3', code: 'empty_period' },
      { field: 'weekly.1', code: 'overlapping_periods' },
      { field: 'exceptions.0.dates.date', code: 'invalid_date' },
      { field: 'exceptions.1.dates', code: 'invalid_date_range' },
    ]);

    const missing = await create({ name: 'No hours' });
    expect(missing.body.errors).toEqual([
      { field: 'timeZone', code: 'invalid_field', message: 'is required' },
      { field: 'weekly', code: 'invalid_field', message: 'is required' },
    ]);
    const unknown = await create({ ...officeHours, override: { status: 'open' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'override', code: 'unknown_field' }),
    ]);

    const { id } = (await create(officeHours)).body;
    const badChange = await api.request('PATCH', `/v1/business-hours/${id}`, {
      token: account.apiKey,
      body: { weekly: [{ day: 'fri', start: '25:00', end: '17:00' }] },
    });
    expect(badChange.status).toBe(400);
    expect(badChange.body.errors).toEqual([
      expect.objectContaining({ field: 'weekly.0.start', code: 'invalid_field' }),
    ]);
  });

  it('tells whether a schedule is open, why, and until when, on the frozen clock', async () => {
    const { id } = (await create(officeHours)).body;
    const now = await api.request('GET', `/v1/business-hours/${id}/status`, { token: account.apiKey });
    expect(now.status).toBe(200);
    expect(now.body).toEqual({
      object: 'business_hours_status',
      scheduleId: id,
      at: mondayMorning,
      open: true,
      reason: 'weekly',
      period: {
        date: '2026-11-23',
        day: 'mon',
        start: '09:00',
        end: '17:00',
        opensAt: '2026-11-23T14:00:00.000Z',
        closesAt: '2026-11-23T22:00:00.000Z',
      },
      exception: null,
      override: null,
      nextTransition: '2026-11-23T22:00:00.000Z',
    });

    const holiday = await api.request('GET', `/v1/business-hours/${id}/status?at=${thanksgivingMorning}`, {
      token: account.apiKey,
    });
    expect(holiday.body).toMatchObject({
      at: thanksgivingMorning,
      open: false,
      reason: 'exception',
      period: null,
      exception: officeHours.exceptions[0],
      nextTransition: '2026-11-27T14:00:00.000Z',
    });

    const evening = await api.request('GET', `/v1/business-hours/${id}/status?at=2026-11-23T18:30:00-05:00`, {
      token: account.apiKey,
    });
    expect(evening.body).toMatchObject({
      open: false,
      reason: 'no_period',
      nextTransition: '2026-11-24T14:00:00.000Z',
    });

    const badInstant = await api.request('GET', `/v1/business-hours/${id}/status?at=2026-11-23T10:00:00`, {
      token: account.apiKey,
    });
    expect(badInstant.status).toBe(400);
    expect(badInstant.body.errors).toEqual([
      expect.objectContaining({ field: 'at', code: 'invalid_instant' }),
    ]);
  });

  it('forces a schedule closed until an instant, and removes the override', async () => {
    const { id } = (await create(officeHours)).body;
    const override = (body: unknown) =>
      api.request('POST', `/v1/business-hours/${id}/override`, { token: account.apiKey, body });

    const closed = await override({ state: 'closed', until: '2026-11-23T13:00:00-05:00' });
    expect(closed.status).toBe(200);
    expect(closed.body.override).toEqual({ state: 'closed', until: '2026-11-23T18:00:00.000Z' });
    const status = await api.request('GET', `/v1/business-hours/${id}/status`, { token: account.apiKey });
    expect(status.body).toMatchObject({
      open: false,
      reason: 'override',
      override: { state: 'closed', until: '2026-11-23T18:00:00.000Z' },
      nextTransition: '2026-11-23T18:00:00.000Z',
    });

    expect((await override({ state: 'closed', until: '2026-11-23T14:00:00Z' })).body.errors).toEqual([
      expect.objectContaining({ field: 'until', code: 'until_in_past' }),
    ]);
    expect((await override({ state: 'closed', until: '2026-11-23 18:00' })).body.errors).toEqual([
      expect.objectContaining({ field: 'until', code: 'invalid_field' }),
    ]);
    expect((await override({ state: 'maybe' })).body.errors).toEqual([
      expect.objectContaining({ field: 'state', code: 'is_in' }),
    ]);

    const indefinitely = await override({ state: 'open' });
    expect(indefinitely.body.override).toEqual({ state: 'open', until: null });
    const cleared = await api.request('DELETE', `/v1/business-hours/${id}/override`, {
      token: account.apiKey,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.override).toBeNull();
    expect(
      (await api.request('GET', `/v1/business-hours/${id}/status`, { token: account.apiKey })).body.reason,
    ).toBe('weekly');
  });

  it("answers 404 for another account's schedule, whatever the route", async () => {
    const { id } = (await create(officeHours)).body;
    const token = other.apiKey;
    const answers = await Promise.all([
      api.request('GET', `/v1/business-hours/${id}`, { token }),
      api.request('PATCH', `/v1/business-hours/${id}`, { token, body: { name: 'Mine now' } }),
      api.request('GET', `/v1/business-hours/${id}/status`, { token }),
      api.request('POST', `/v1/business-hours/${id}/override`, { token, body: { state: 'open' } }),
      api.request('DELETE', `/v1/business-hours/${id}/override`, { token }),
      api.request('DELETE', `/v1/business-hours/${id}`, { token }),
    ]);
    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual(
      answers.map(() => [404, 'resource_not_found']),
    );
    const listed = await api.request('GET', '/v1/business-hours', { token });
    expect(listed.body.data.map((schedule: { id: string }) => schedule.id)).not.toContain(id);
  });

  it('refuses to delete a schedule that a published flow checks', async () => {
    const { id } = (await create(officeHours)).body;
    const boxId = await createVoicemailBox(api, account.accountId);
    const flow = await api.request('POST', '/v1/flows', {
      token: account.apiKey,
      body: { name: 'Main line', draft: receptionFlow(id, [account.ownerId], boxId) },
    });
    expect(
      (await api.request('POST', `/v1/flows/${flow.body.id}/publish`, { token: account.apiKey })).status,
    ).toBe(201);
    const refused = await api.request('DELETE', `/v1/business-hours/${id}`, { token: account.apiKey });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'business_hours_in_use',
      flows: [{ id: flow.body.id, name: 'Main line' }],
    });
  });

  it('lets keys with the read scope read, and only keys with the write scope write', async () => {
    const reader = await api.request('POST', '/v1/api-keys', {
      token: account.apiKey,
      body: { name: 'hours reader', scopes: ['business_hours:read'] },
    });
    const token = reader.body.secret as string;
    expect((await api.request('GET', '/v1/business-hours', { token })).status).toBe(200);
    const refused = await create(officeHours, token);
    expect(refused.status).toBe(403);
  });

  it('answers as the OpenAPI document says', async () => {
    const token = account.apiKey;
    const created = await create(officeHours);
    const id = created.body.id as string;
    await expectDocumentedAnswers(api, [
      { method: 'POST', route: '/v1/business-hours', response: created },
      { method: 'POST', route: '/v1/business-hours', response: await create({ name: '' }) },
      {
        method: 'GET',
        route: '/v1/business-hours',
        response: await api.request('GET', '/v1/business-hours', { token }),
      },
      {
        method: 'GET',
        route: '/v1/business-hours/{id}',
        response: await api.request('GET', `/v1/business-hours/${id}`, { token }),
      },
      {
        method: 'GET',
        route: '/v1/business-hours/{id}',
        response: await api.request('GET', '/v1/business-hours/bh_missing', { token }),
      },
      {
        method: 'PATCH',
        route: '/v1/business-hours/{id}',
        response: await api.request('PATCH', `/v1/business-hours/${id}`, {
          token,
          body: { name: 'Renamed' },
        }),
      },
      {
        method: 'POST',
        route: '/v1/business-hours/{id}/override',
        response: await api.request('POST', `/v1/business-hours/${id}/override`, {
          token,
          body: { state: 'closed', until: '2026-11-23T18:00:00Z' },
        }),
      },
      {
        method: 'GET',
        route: '/v1/business-hours/{id}/status',
        response: await api.request('GET', `/v1/business-hours/${id}/status`, { token }),
      },
      {
        method: 'GET',
        route: '/v1/business-hours/{id}/status',
        response: await api.request('GET', `/v1/business-hours/${id}/status?at=${thanksgivingMorning}`, {
          token,
        }),
      },
      {
        method: 'DELETE',
        route: '/v1/business-hours/{id}/override',
        response: await api.request('DELETE', `/v1/business-hours/${id}/override`, { token }),
      },
      {
        method: 'DELETE',
        route: '/v1/business-hours/{id}',
        response: await api.request('DELETE', `/v1/business-hours/${id}`, { token }),
      },
    ]);
  });
});
