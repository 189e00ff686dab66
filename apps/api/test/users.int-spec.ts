import { describe, expect, it } from 'vitest';
import { useTestApiWithAccount } from './api-test-harness';

describe('users', () => {
  const context = useTestApiWithAccount();

  it('invites a user who then signs in with the chosen password', async () => {
    const email = `invitee-${Date.now()}@example.test`;
    const invited = await context.api.request('POST', '/v1/users', {
      token: context.account.apiKey,
      body: { email, name: 'Invitee', role: 'agent' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      object: 'user',
      status: 'invited',
      invitation: { token: expect.any(String) },
    });

    const accepted = await context.api.request('POST', '/v1/users/invitations/accept', {
      body: { token: invited.body.invitation.token, password: 'a long enough password' },
    });
    expect(accepted.body.status).toBe('active');
    const again = await context.api.request('POST', '/v1/users/invitations/accept', {
      body: { token: invited.body.invitation.token, password: 'another long password' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invitation_used');

    const session = await context.api.request('POST', '/v1/sessions', {
      body: { email, password: 'a long enough password' },
    });
    expect(session.body.user.role).toBe('agent');
    const forbidden = await context.api.request('POST', '/v1/users', {
      token: session.body.accessToken,
      body: { email: `x-${email}`, name: 'X', role: 'agent' },
    });
    expect(forbidden.status).toBe(403);
  });

  it('refuses a duplicate e-mail address with 409', async () => {
    const response = await context.api.request('POST', '/v1/users', {
      token: context.account.apiKey,
      body: {
        email: context.account.ownerEmail.toUpperCase(),
        name: 'Dup',
        role: 'agent',
        password: 'long enough password',
      },
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('email_taken');
  });

  it('keeps the last owner', async () => {
    const session = await context.api.request('POST', '/v1/sessions', {
      body: { email: context.account.ownerEmail, password: context.account.ownerPassword },
    });
    const demote = await context.api.request('PATCH', `/v1/users/${context.account.ownerId}`, {
      token: session.body.accessToken,
      body: { role: 'admin' },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('last_owner');
  });

  it('pages through users newest first with cursors', async () => {
    for (let index = 0; index < 3; index += 1) {
      await context.api.request('POST', '/v1/users', {
        token: context.account.apiKey,
        body: {
          email: `page-${index}-${Date.now()}@example.test`,
          name: `Page ${index}`,
          role: 'agent',
          password: 'long enough password',
        },
      });
    }
    const first = await context.api.request('GET', '/v1/users?limit=2', { token: context.account.apiKey });
    expect(first.body).toMatchObject({ object: 'list', hasMore: true });
    const second = await context.api.request(
      'GET',
      `/v1/users?limit=2&startingAfter=${first.body.nextCursor}`,
      {
        token: context.account.apiKey,
      },
    );
    const ids = [...first.body.data, ...second.body.data].map((user: { id: string }) => user.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(ids).size).toBe(ids.length);
  });
});
