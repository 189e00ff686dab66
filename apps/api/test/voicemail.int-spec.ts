import { randomInt } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixedClock } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { insertActiveNumber, testEnvironment } from '@switchyard/testing';
import { type NewVoicemail, VoicemailBoxNotFoundError, VoicemailDeposits } from '@switchyard/voicemail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { expectDocumentedAnswers } from './call-flow-fixtures';
import { signedInUser } from './number-fixtures';

const now = '2026-12-05T10:00:00.000Z';
const greeting = { type: 'tts', text: 'You have reached Acme. Leave a message after the beep.' };
/** A WAV header and a little silence: the library stores bytes, it does not decode them. */
const wav = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(64)]);

describe('voicemail', () => {
  const clock = fixedClock(now);
  let storageDirectory: string;
  let api: TestApi;
  let account: TestAccount;
  let other: TestAccount;
  let callCounter = 0;

  beforeAll(async () => {
    storageDirectory = await mkdtemp(path.join(tmpdir(), 'switchyard-voicemail-'));
    api = await startTestApi({ clock, env: testEnvironment({ STORAGE_DIR: storageDirectory }) });
    account = await api.provisionAccount();
    other = await api.provisionAccount('Other account');
  });
  afterAll(async () => {
    await api?.close();
    if (storageDirectory) await rm(storageDirectory, { recursive: true, force: true });
  });

  const createBox = (body: unknown, token = account.apiKey) =>
    api.request('POST', '/v1/voicemail-boxes', { token, body });
  const newBox = async () => (await createBox({ name: 'Front desk', greeting })).body.id as string;
  const deposits = () => api.app.get(VoicemailDeposits);
  const deposit = (boxId: string, changes: Partial<NewVoicemail> = {}) =>
    deposits().deposit({
      accountId: account.accountId,
      boxId,
      callId: `call_test${++callCounter}`,
      from: '+14155550123',
      to: '+14155550199',
      wav,
      durationMs: 4_200,
      ...changes,
    });
  const storedFiles = async () =>
    readdir(path.join(storageDirectory, 'voicemail', account.accountId)).catch(() => [] as string[]);
  const publishedFlowSendingTo = async (boxId: string, publish = true) => {
    const flow = await api.request('POST', '/v1/flows', {
      token: account.apiKey,
      body: {
        name: 'After hours',
        draft: { startNodeId: 'vm', nodes: [{ id: 'vm', kind: 'voicemail', boxId, exits: { done: null } }] },
      },
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    if (publish) {
      const published = await api.request('POST', `/v1/flows/${flow.body.id}/publish`, {
        token: account.apiKey,
      });
      expect(published.status, JSON.stringify(published.body)).toBe(201);
    }
    return flow.body.id as string;
  };

  describe('boxes', () => {
    it('creates, lists, reads, changes and deletes a box', async () => {
      const created = await createBox({ name: 'Front desk' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^vmb_/),
        object: 'voicemail_box',
        name: 'Front desk',
        greeting: null,
        maxMessageSeconds: 120,
        createdAt: now,
        updatedAt: now,
      });
      const id = created.body.id as string;
      const token = account.apiKey;

      const listed = await api.request('GET', '/v1/voicemail-boxes?limit=200', { token });
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ object: 'list', hasMore: false, nextCursor: null });
      expect(listed.body.data).toContainEqual(created.body);
      expect((await api.request('GET', `/v1/voicemail-boxes/${id}`, { token })).body).toEqual(created.body);

      const changed = await api.request('PATCH', `/v1/voicemail-boxes/${id}`, {
        token,
        body: { greeting: { ...greeting, language: 'en-US' }, maxMessageSeconds: 300 },
      });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.body).toMatchObject({
        name: 'Front desk',
        greeting: { ...greeting, language: 'en-US' },
        maxMessageSeconds: 300,
      });
      const renamed = await api.request('PATCH', `/v1/voicemail-boxes/${id}`, {
        token,
        body: { name: 'Sales', greeting: null },
      });
      expect(renamed.body).toMatchObject({ name: 'Sales', greeting: null, maxMessageSeconds: 300 });

      expect((await api.request('DELETE', `/v1/voicemail-boxes/${id}`, { token })).status).toBe(204);
      expect((await api.request('GET', `/v1/voicemail-boxes/${id}`, { token })).status).toBe(404);
    });

    it('pages through boxes newest first with a cursor', async () => {
      const other3 = await api.provisionAccount('Paging');
      const ids: string[] = [];
      for (const name of ['One', 'Two', 'Three'])
        ids.push((await createBox({ name }, other3.apiKey)).body.id);
      const first = await api.request('GET', '/v1/voicemail-boxes?limit=2', { token: other3.apiKey });
      expect(first.body.data.map((box: { id: string }) => box.id)).toEqual([ids[2], ids[1]]);
      expect(first.body).toMatchObject({ hasMore: true, nextCursor: ids[1] });
      const second = await api.request('GET', `/v1/voicemail-boxes?limit=2&startingAfter=${ids[1]}`, {
        token: other3.apiKey,
      });
      expect(second.body.data.map((box: { id: string }) => box.id)).toEqual([ids[0]]);
      expect(second.body.hasMore).toBe(false);
    });

    it('answers 400 with the offending fields to invalid settings', async () => {
      const cases: [unknown, string, string][] = [
        [{}, 'name', 'is_string'],
        [{ name: '' }, 'name', 'is_length'],
        [{ name: 'Box', maxMessageSeconds: 4 }, 'maxMessageSeconds', 'min'],
        [{ name: 'Box', maxMessageSeconds: 601 }, 'maxMessageSeconds', 'max'],
        [{ name: 'Box', maxMessageSeconds: 30.5 }, 'maxMessageSeconds', 'is_int'],
        [{ name: 'Box', greeting: { type: 'tts', text: '' } }, 'greeting.text', 'invalid_greeting_text'],
        [
          { name: 'Box', greeting: { type: 'tts', text: 'x'.repeat(1001) } },
          'greeting.text',
          'invalid_greeting_text',
        ],
        [{ name: 'Box', greeting: 'Hello' }, 'greeting', 'invalid_greeting'],
        [{ name: 'Box', greeting: { type: 'audio', audioId: 'aud_1', x: 1 } }, 'greeting.x', 'unknown_field'],
        [{ name: 'Box', mailbox: 'sales' }, 'mailbox', 'unknown_field'],
      ];
      for (const [body, field, code] of cases) {
        const answer = await createBox(body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.code).toBe('validation_failed');
        expect(answer.body.errors, JSON.stringify(body)).toContainEqual(
          expect.objectContaining({ field, code }),
        );
      }
      const id = await newBox();
      const nullName = await api.request('PATCH', `/v1/voicemail-boxes/${id}`, {
        token: account.apiKey,
        body: { name: null },
      });
      expect(nullName.status).toBe(400);
      expect(nullName.body.errors).toContainEqual(expect.objectContaining({ field: 'name' }));
    });

    it('takes an audio greeting only when it names an audio file of the account (422 otherwise)', async () => {
      const audioId = 'aud_voicemailgreeting01';
      await api.app.get(Database).root.audioFile.create({
        data: {
          id: audioId,
          accountId: account.accountId,
          name: 'Greeting',
          originalContentType: 'audio/wav',
          originalSizeBytes: wav.length,
          originalStorageKey: `audio/${account.accountId}/${audioId}.orig`,
          storageKey: `audio/${account.accountId}/${audioId}.wav`,
          sizeBytes: wav.length,
          durationMs: 1_000,
          sha256: '0'.repeat(64),
          createdAt: new Date(now),
        },
      });
      const audioGreeting = { type: 'audio', audioId };
      const created = await createBox({ name: 'Recorded', greeting: audioGreeting });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.greeting).toEqual(audioGreeting);

      for (const [token, body] of [
        [account.apiKey, { name: 'Missing', greeting: { type: 'audio', audioId: 'aud_missing' } }],
        [other.apiKey, { name: 'Not ours', greeting: audioGreeting }],
      ] as const) {
        const refused = await createBox(body, token);
        expect(refused.status).toBe(422);
        expect(refused.body).toMatchObject({
          code: 'audio_file_not_found',
          errors: [expect.objectContaining({ field: 'greeting.audioId', code: 'audio_file_not_found' })],
        });
      }
      const patched = await api.request('PATCH', `/v1/voicemail-boxes/${created.body.id}`, {
        token: account.apiKey,
        body: { greeting: { type: 'audio', audioId: 'aud_missing' } },
      });
      expect(patched.status).toBe(422);
    });

    it('answers 404 for a box of another account', async () => {
      const id = await newBox();
      const token = other.apiKey;
      const answers = await Promise.all([
        api.request('GET', `/v1/voicemail-boxes/${id}`, { token }),
        api.request('PATCH', `/v1/voicemail-boxes/${id}`, { token, body: { name: 'Mine now' } }),
        api.request('DELETE', `/v1/voicemail-boxes/${id}`, { token }),
      ]);
      expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual(
        answers.map(() => [404, 'resource_not_found']),
      );
      const listed = await api.request('GET', '/v1/voicemail-boxes', { token });
      expect(listed.body.data.map((box: { id: string }) => box.id)).not.toContain(id);
    });

    it('refuses to delete a box a published flow or a draft sends callers to', async () => {
      const id = await newBox();
      const flowId = await publishedFlowSendingTo(id);
      const refused = await api.request('DELETE', `/v1/voicemail-boxes/${id}`, { token: account.apiKey });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'voicemail_box_in_use', flowIds: [flowId] });

      const drafted = await newBox();
      const draftId = await publishedFlowSendingTo(drafted, false);
      const refusedDraft = await api.request('DELETE', `/v1/voicemail-boxes/${drafted}`, {
        token: account.apiKey,
      });
      expect(refusedDraft.body).toMatchObject({ code: 'voicemail_box_in_use', flowIds: [draftId] });
      // Once the draft no longer uses it, the box can go.
      await api.request('PATCH', `/v1/flows/${draftId}`, {
        token: account.apiKey,
        body: { draft: { startNodeId: 'bye', nodes: [{ id: 'bye', kind: 'hangup', exits: {} }] } },
      });
      expect(
        (await api.request('DELETE', `/v1/voicemail-boxes/${drafted}`, { token: account.apiKey })).status,
      ).toBe(204);
    });

    it('lets keys with the read scope read, and only keys with the write scope write', async () => {
      const reader = await api.request('POST', '/v1/api-keys', {
        token: account.apiKey,
        body: { name: 'voicemail reader', scopes: ['voicemail:read'] },
      });
      const token = reader.body.secret as string;
      expect((await api.request('GET', '/v1/voicemail-boxes', { token })).status).toBe(200);
      expect((await api.request('GET', '/v1/voicemails', { token })).status).toBe(200);
      expect((await createBox({ name: 'Nope' }, token)).status).toBe(403);
    });
  });

  describe('voicemails', () => {
    it('files a deposit with its audio and a voicemail.created event, and serves it', async () => {
      const boxId = await newBox();
      const callId = 'call_depositserved01';
      const { voicemailId } = await deposit(boxId, { callId });
      expect(voicemailId).toMatch(/^vm_/);
      expect(await storedFiles()).toContain(`${voicemailId}.wav`);
      const token = account.apiKey;

      const read = await api.request('GET', `/v1/voicemails/${voicemailId}`, { token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        id: voicemailId,
        object: 'voicemail',
        boxId,
        callId,
        from: '+14155550123',
        to: '+14155550199',
        durationMs: 4_200,
        status: 'new',
        audioUrl: `/v1/voicemails/${voicemailId}/audio`,
        createdAt: now,
        updatedAt: now,
      });

      const audio = await api.app.inject({
        method: 'GET',
        url: read.body.audioUrl,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(audio.statusCode).toBe(200);
      expect(audio.headers['content-type']).toBe('audio/wav');
      expect(audio.headers['content-disposition']).toBe(`attachment; filename="${voicemailId}.wav"`);
      expect(audio.rawPayload.equals(wav)).toBe(true);

      const events = await api.request('GET', '/v1/events?type=voicemail.created&limit=200', { token });
      expect(events.status).toBe(200);
      const [event] = events.body.data.filter(
        (item: { data: { id: string } }) => item.data.id === voicemailId,
      );
      expect(event).toMatchObject({
        type: 'voicemail.created',
        accountId: account.accountId,
        data: read.body,
      });
    });

    it('keeps one voicemail per call: a repeated deposit returns the first and stores nothing', async () => {
      const boxId = await newBox();
      const callId = 'call_depositrepeated1';
      const filesBefore = (await storedFiles()).length;
      const [first, second] = await Promise.all([deposit(boxId, { callId }), deposit(boxId, { callId })]);
      const third = await deposit(boxId, { callId, wav: Buffer.from('other audio') });
      expect(second.voicemailId).toBe(first.voicemailId);
      expect(third.voicemailId).toBe(first.voicemailId);
      const rows = await api.app.get(Database).root.voicemail.findMany({ where: { callId } });
      expect(rows).toHaveLength(1);
      const files = await storedFiles();
      expect(files).toContain(`${first.voicemailId}.wav`);
      // The losing deposit of the race removed the file it had stored.
      expect(files).toHaveLength(filesBefore + 1);
      const events = await api.app
        .get(Database)
        .root.event.findMany({ where: { accountId: account.accountId, type: 'voicemail.created' } });
      expect(events.filter((event) => (event.data as { callId: string }).callId === callId)).toHaveLength(1);
    });

    it('refuses a deposit into a box that is not in the account', async () => {
      const boxId = await newBox();
      await expect(deposit(boxId, { accountId: other.accountId })).rejects.toBeInstanceOf(
        VoicemailBoxNotFoundError,
      );
      await expect(deposit('vmb_missing')).rejects.toBeInstanceOf(VoicemailBoxNotFoundError);
    });

    it('lists newest first with box and status filters, marks read, and deletes with the audio', async () => {
      const [boxA, boxB] = [await newBox(), await newBox()];
      const a1 = (await deposit(boxA)).voicemailId;
      const b1 = (await deposit(boxB)).voicemailId;
      const a2 = (await deposit(boxA)).voicemailId;
      const token = account.apiKey;
      const idsOf = async (query: string) => {
        const answer = await api.request('GET', `/v1/voicemails?${query}`, { token });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        return answer.body.data.map((voicemail: { id: string }) => voicemail.id) as string[];
      };
      expect(await idsOf(`boxId=${boxA}`)).toEqual([a2, a1]);
      expect((await idsOf('limit=200')).slice(0, 3)).toEqual([a2, b1, a1]);

      const marked = await api.request('PATCH', `/v1/voicemails/${a1}`, { token, body: { status: 'read' } });
      expect(marked.status).toBe(200);
      expect(marked.body.status).toBe('read');
      expect(await idsOf(`boxId=${boxA}&status=read`)).toEqual([a1]);
      expect(await idsOf(`boxId=${boxA}&status=new`)).toEqual([a2]);
      const invalid = await api.request('PATCH', `/v1/voicemails/${a1}`, {
        token,
        body: { status: 'heard' },
      });
      expect(invalid.status).toBe(400);
      expect((await api.request('GET', '/v1/voicemails?status=heard', { token })).status).toBe(400);

      expect((await api.request('DELETE', `/v1/voicemails/${a1}`, { token })).status).toBe(204);
      expect((await api.request('GET', `/v1/voicemails/${a1}`, { token })).status).toBe(404);
      expect(await storedFiles()).not.toContain(`${a1}.wav`);

      // Deleting a box takes its voicemails and their audio with it.
      expect((await api.request('DELETE', `/v1/voicemail-boxes/${boxA}`, { token })).status).toBe(204);
      expect((await api.request('GET', `/v1/voicemails/${a2}`, { token })).status).toBe(404);
      expect(await storedFiles()).not.toContain(`${a2}.wav`);
      expect(await storedFiles()).toContain(`${b1}.wav`);
    });

    it('answers 404 for a voicemail of another account', async () => {
      const { voicemailId } = await deposit(await newBox());
      const token = other.apiKey;
      const answers = await Promise.all([
        api.request('GET', `/v1/voicemails/${voicemailId}`, { token }),
        api.request('GET', `/v1/voicemails/${voicemailId}/audio`, { token }),
        api.request('PATCH', `/v1/voicemails/${voicemailId}`, { token, body: { status: 'read' } }),
        api.request('DELETE', `/v1/voicemails/${voicemailId}`, { token }),
      ]);
      expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual(
        answers.map(() => [404, 'resource_not_found']),
      );
      expect((await api.request('GET', '/v1/voicemails', { token })).body.data).toEqual([]);
      expect(
        (await api.request('GET', `/v1/voicemails/${voicemailId}`, { token: account.apiKey })).status,
      ).toBe(200);
    });
  });

  describe('for agents', () => {
    const idsIn = (body: { data: { id: string }[] }) => body.data.map((voicemail) => voicemail.id);
    /** An active number of the account that no other test holds. */
    const newNumber = async () => {
      const phoneNumber = `+1997${String(randomInt(1e7)).padStart(7, '0')}`;
      const id = await insertActiveNumber(api.app.get(Database), {
        accountId: account.accountId,
        phoneNumber,
      });
      return { id, phoneNumber };
    };
    const share = async (numberId: string, body: { userIds?: string[]; teamIds?: string[] }) => {
      const shared = await api.request('POST', `/v1/numbers/${numberId}/share`, {
        token: account.apiKey,
        body,
      });
      expect(shared.status, JSON.stringify(shared.body)).toBe(200);
    };

    it('shows an agent only the voicemails left on numbers shared with them or their teams', async () => {
      const [agent, colleague] = [await signedInUser(api, account), await signedInUser(api, account)];
      const team = await api.request('POST', '/v1/teams', {
        token: account.apiKey,
        body: { name: `Voicemail ${agent.userId}` },
      });
      await api.request('POST', `/v1/teams/${team.body.id}/members`, {
        token: account.apiKey,
        body: { userId: agent.userId },
      });
      const [direct, viaTeam, colleagues] = [await newNumber(), await newNumber(), await newNumber()];
      await share(direct.id, { userIds: [agent.userId] });
      await share(viaTeam.id, { teamIds: [team.body.id] });
      await share(colleagues.id, { userIds: [colleague.userId] });
      const boxId = await newBox();
      const onDirect = (await deposit(boxId, { to: direct.phoneNumber })).voicemailId;
      const onTeam = (await deposit(boxId, { to: viaTeam.phoneNumber })).voicemailId;
      const hidden = (await deposit(boxId, { to: colleagues.phoneNumber })).voicemailId;
      const token = agent.token;

      const listed = await api.request('GET', '/v1/voicemails?limit=200', { token });
      expect(listed.status).toBe(200);
      expect(idsIn(listed.body)).toEqual([onTeam, onDirect]);
      expect(idsIn((await api.request('GET', `/v1/voicemails?boxId=${boxId}`, { token })).body)).toEqual([
        onTeam,
        onDirect,
      ]);
      expect(
        idsIn((await api.request('GET', '/v1/voicemails?limit=200', { token: colleague.token })).body),
      ).toEqual([hidden]);
      for (const id of [onDirect, onTeam]) {
        expect((await api.request('GET', `/v1/voicemails/${id}`, { token })).body.id).toBe(id);
        const audio = await api.app.inject({
          method: 'GET',
          url: `/v1/voicemails/${id}/audio`,
          headers: { authorization: `Bearer ${token}` },
        });
        expect(audio.statusCode).toBe(200);
      }
      // Boxes hold no messages, so agents see them all.
      expect((await api.request('GET', `/v1/voicemail-boxes/${boxId}`, { token })).status).toBe(200);
      // The account's owner still sees every voicemail.
      expect((await api.request('GET', `/v1/voicemails/${hidden}`, { token: account.apiKey })).status).toBe(
        200,
      );
    });

    it('answers 404 to an agent for a voicemail left on a number not shared with them, and 403 to writes', async () => {
      const agent = await signedInUser(api, account);
      const shared = await newNumber();
      await share(shared.id, { userIds: [agent.userId] });
      const boxId = await newBox();
      const visible = (await deposit(boxId, { to: shared.phoneNumber })).voicemailId;
      const hidden = (await deposit(boxId, { to: (await newNumber()).phoneNumber })).voicemailId;
      const token = agent.token;

      const reads = await Promise.all([
        api.request('GET', `/v1/voicemails/${hidden}`, { token }),
        api.request('GET', `/v1/voicemails/${hidden}/audio`, { token }),
      ]);
      expect(reads.map((answer) => [answer.status, answer.body.code])).toEqual(
        reads.map(() => [404, 'resource_not_found']),
      );
      // Agents lack voicemail:write, whichever voicemail they name.
      const writes = await Promise.all(
        [visible, hidden].flatMap((id) => [
          api.request('PATCH', `/v1/voicemails/${id}`, { token, body: { status: 'read' } }),
          api.request('DELETE', `/v1/voicemails/${id}`, { token }),
        ]),
      );
      expect(writes.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
      expect((await api.request('GET', `/v1/voicemails/${visible}`, { token })).body.status).toBe('new');
    });
  });

  it('answers as the OpenAPI document says', async () => {
    const token = account.apiKey;
    const created = await createBox({ name: 'Documented', greeting });
    const boxId = created.body.id as string;
    const { voicemailId } = await deposit(boxId);
    const flowBox = await newBox();
    await publishedFlowSendingTo(flowBox);
    await expectDocumentedAnswers(api, [
      { method: 'POST', route: '/v1/voicemail-boxes', response: created },
      { method: 'POST', route: '/v1/voicemail-boxes', response: await createBox({ name: '' }) },
      {
        method: 'POST',
        route: '/v1/voicemail-boxes',
        response: await createBox({ name: 'x', greeting: { type: 'audio', audioId: 'aud_missing' } }),
      },
      {
        method: 'GET',
        route: '/v1/voicemail-boxes',
        response: await api.request('GET', '/v1/voicemail-boxes', { token }),
      },
      {
        method: 'GET',
        route: '/v1/voicemail-boxes/{id}',
        response: await api.request('GET', `/v1/voicemail-boxes/${boxId}`, { token }),
      },
      {
        method: 'PATCH',
        route: '/v1/voicemail-boxes/{id}',
        response: await api.request('PATCH', `/v1/voicemail-boxes/${boxId}`, {
          token,
          body: { greeting: null },
        }),
      },
      {
        method: 'DELETE',
        route: '/v1/voicemail-boxes/{id}',
        response: await api.request('DELETE', `/v1/voicemail-boxes/${flowBox}`, { token }),
      },
      {
        method: 'GET',
        route: '/v1/voicemails',
        response: await api.request('GET', '/v1/voicemails', { token }),
      },
      {
        method: 'GET',
        route: '/v1/voicemails/{id}',
        response: await api.request('GET', `/v1/voicemails/${voicemailId}`, { token }),
      },
      {
        method: 'PATCH',
        route: '/v1/voicemails/{id}',
        response: await api.request('PATCH', `/v1/voicemails/${voicemailId}`, {
          token,
          body: { status: 'read' },
        }),
      },
      {
        method: 'GET',
        route: '/v1/voicemails/{id}/audio',
        response: await api.request('GET', `/v1/voicemails/vm_missing/audio`, { token }),
      },
      {
        method: 'DELETE',
        route: '/v1/voicemails/{id}',
        response: await api.request('DELETE', `/v1/voicemails/${voicemailId}`, { token }),
      },
    ]);
  });
});
