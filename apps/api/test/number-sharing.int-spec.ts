import { fixedClock } from '@switchyard/contracts';
import { NumberAccess } from '@switchyard/numbers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestAccount, useTestApiWithAccount } from './api-test-harness';
import { buyNumber, eventsOf, freshNumber, signedInUser } from './number-fixtures';

const ids = (body: { data: { id: string }[] }) => new Set(body.data.map((item) => item.id));

describe('teams', () => {
  const context = useTestApiWithAccount({ clock: fixedClock('2030-01-01T00:00:00Z') });

  it('creates, renames, lists and deletes teams with unique names', async () => {
    const { api, account } = context;
    const token = account.apiKey;
    const created = await api.request('POST', '/v1/teams', {
      token,
      body: { name: '  Night   shift ', description: 'Late' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^team_/),
      object: 'team',
      name: 'Night shift',
      description: 'Late',
      memberCount: 0,
    });
    const duplicate = await api.request('POST', '/v1/teams', { token, body: { name: 'Night shift' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('team_name_taken');

    const renamed = await api.request('PATCH', `/v1/teams/${created.body.id}`, {
      token,
      body: { name: 'Nights', description: null },
    });
    expect(renamed.body).toMatchObject({ name: 'Nights', description: null });
    const listed = await api.request('GET', '/v1/teams', { token });
    expect(ids(listed.body).has(created.body.id)).toBe(true);

    expect((await api.request('DELETE', `/v1/teams/${created.body.id}`, { token })).status).toBe(204);
    expect((await api.request('GET', `/v1/teams/${created.body.id}`, { token })).status).toBe(404);
  });

  it('adds and removes members of the account only', async () => {
    const { api, account } = context;
    const token = account.apiKey;
    const team = (await api.request('POST', '/v1/teams', { token, body: { name: 'Members' } })).body;
    const agent = await signedInUser(api, account);

    const added = await api.request('POST', `/v1/teams/${team.id}/members`, {
      token,
      body: { userId: agent.userId },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      object: 'team_member',
      id: agent.userId,
      teamId: team.id,
      role: 'agent',
    });
    const again = await api.request('POST', `/v1/teams/${team.id}/members`, {
      token,
      body: { userId: agent.userId },
    });
    expect(again.body).toEqual(added.body);
    const members = await api.request('GET', `/v1/teams/${team.id}/members`, { token: agent.token });
    expect(members.body).toMatchObject({ object: 'list', data: [{ userId: agent.userId }], hasMore: false });
    expect((await api.request('GET', `/v1/teams/${team.id}`, { token })).body.memberCount).toBe(1);

    const stranger = await context.api.provisionAccount('Stranger');
    const foreignUser = await api.request('POST', `/v1/teams/${team.id}/members`, {
      token,
      body: { userId: stranger.ownerId },
    });
    expect(foreignUser.status).toBe(400);
    expect(foreignUser.body.errors).toEqual([
      expect.objectContaining({ field: 'userId', code: 'user_not_found' }),
    ]);
    const foreignTeam = await api.request('GET', `/v1/teams/${team.id}/members`, { token: stranger.apiKey });
    expect(foreignTeam.status).toBe(404);

    expect(
      (await api.request('DELETE', `/v1/teams/${team.id}/members/${agent.userId}`, { token })).status,
    ).toBe(204);
    expect(
      (await api.request('DELETE', `/v1/teams/${team.id}/members/${agent.userId}`, { token })).status,
    ).toBe(404);
    const forbidden = await api.request('POST', '/v1/teams', { token: agent.token, body: { name: 'Mine' } });
    expect(forbidden.status).toBe(403);
  });
});

describe('numbers shared with agents', () => {
  const context = useTestApiWithAccount({ clock: fixedClock('2030-01-01T00:00:00Z') });
  let account: TestAccount;
  let agent: { userId: string; token: string };
  let teamId: string;
  let direct: string;
  let viaTeam: string;
  let unshared: string;

  beforeAll(async () => {
    const { api } = context;
    account = context.account;
    agent = await signedInUser(api, account);
    teamId = (await api.request('POST', '/v1/teams', { token: account.apiKey, body: { name: 'Support' } }))
      .body.id;
    await api.request('POST', `/v1/teams/${teamId}/members`, {
      token: account.apiKey,
      body: { userId: agent.userId },
    });
    const bought = [];
    for (let index = 0; index < 3; index += 1) {
      bought.push((await buyNumber(api, account, await freshNumber(api, account.apiKey))).id);
    }
    [direct, viaTeam, unshared] = bought as [string, string, string];
    const sharedDirectly = await api.request('POST', `/v1/numbers/${direct}/share`, {
      token: account.apiKey,
      body: { userIds: [agent.userId] },
    });
    expect(sharedDirectly.body.sharedWith).toEqual({ userIds: [agent.userId], teamIds: [] });
    const sharedWithTeam = await api.request('POST', `/v1/numbers/${viaTeam}/share`, {
      token: account.apiKey,
      body: { teamIds: [teamId, teamId] },
    });
    expect(sharedWithTeam.body.sharedWith).toEqual({ userIds: [], teamIds: [teamId] });
  });

  it('lets an agent see and read only the numbers shared with them or their teams', async () => {
    const { api } = context;
    const listed = await api.request('GET', '/v1/numbers', { token: agent.token });
    expect(ids(listed.body)).toEqual(new Set([direct, viaTeam]));
    expect((await api.request('GET', `/v1/numbers/${direct}`, { token: agent.token })).status).toBe(200);
    expect((await api.request('GET', `/v1/numbers/${viaTeam}`, { token: agent.token })).status).toBe(200);
    const hidden = await api.request('GET', `/v1/numbers/${unshared}`, { token: agent.token });
    expect(hidden.status).toBe(404);
    const csv = await api.request('GET', '/v1/numbers', {
      token: agent.token,
      headers: { accept: 'text/csv' },
    });
    expect((csv.body as string).trim().split('\r\n')).toHaveLength(3);
    expect(await api.app.get(NumberAccess).numberIdsSharedWith(account.accountId, agent.userId)).toEqual(
      new Set([direct, viaTeam]),
    );
  });

  it('lets owners filter by assignment, and keeps agents from changing numbers', async () => {
    const { api } = context;
    const assigned = await api.request('GET', `/v1/numbers?assignedUserId=${agent.userId}`, {
      token: account.apiKey,
    });
    expect(ids(assigned.body)).toEqual(new Set([direct, viaTeam]));
    const ofTeam = await api.request('GET', `/v1/numbers?assignedTeamId=${teamId}`, {
      token: account.apiKey,
    });
    expect(ids(ofTeam.body)).toEqual(new Set([viaTeam]));
    const patch = await api.request('PATCH', `/v1/numbers/${direct}`, {
      token: agent.token,
      body: { friendlyName: 'x' },
    });
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe('insufficient_scope');
  });

  it('refuses to share with users or teams of another account', async () => {
    const { api } = context;
    const stranger = await api.provisionAccount('Stranger');
    const response = await api.request('POST', `/v1/numbers/${unshared}/share`, {
      token: account.apiKey,
      body: { userIds: [stranger.ownerId], teamIds: ['team_unknown'] },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { code: string }) => error.code)).toEqual([
      'user_not_found',
      'team_not_found',
    ]);
  });

  it('takes the numbers away when sharing ends or the agent leaves the team', async () => {
    const { api } = context;
    const unshared = await api.request('DELETE', `/v1/numbers/${direct}/share/users/${agent.userId}`, {
      token: account.apiKey,
    });
    expect(unshared.body.sharedWith.userIds).toEqual([]);
    const updates = (await eventsOf(api, account.accountId, 'number.updated')).filter(
      (event) => (event.data as { id: string }).id === direct,
    );
    expect(updates.map((event) => event.data)).toContainEqual(unshared.body);
    expect((await api.request('GET', `/v1/numbers/${direct}`, { token: agent.token })).status).toBe(404);

    await api.request('DELETE', `/v1/teams/${teamId}/members/${agent.userId}`, { token: account.apiKey });
    expect((await api.request('GET', '/v1/numbers', { token: agent.token })).body.data).toEqual([]);
    await api.request('POST', `/v1/teams/${teamId}/members`, {
      token: account.apiKey,
      body: { userId: agent.userId },
    });
    expect(ids((await api.request('GET', '/v1/numbers', { token: agent.token })).body)).toEqual(
      new Set([viaTeam]),
    );
    await api.request('DELETE', `/v1/numbers/${viaTeam}/share/teams/${teamId}`, { token: account.apiKey });
    expect((await api.request('GET', '/v1/numbers', { token: agent.token })).body.data).toEqual([]);
  });
});
