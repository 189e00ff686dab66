import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FlowUsages } from '@switchyard/call-flows';
import { fixedClock } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { createVoicemailBox, expectDocumentedAnswers, playAudioFlow } from './call-flow-fixtures';

const now = '2026-12-05T10:00:00.000Z';

/** Header fields of a canonical WAV, whose `fmt ` chunk comes first. */
function wavFormat(wav: Buffer) {
  return {
    encoding: wav.readUInt16LE(20),
    channels: wav.readUInt16LE(22),
    sampleRate: wav.readUInt32LE(24),
    bitsPerSample: wav.readUInt16LE(34),
  };
}

describe('audio files', () => {
  const clock = fixedClock(now);
  const scratch = mkdtempSync(path.join(tmpdir(), 'sy-audio-files-'));
  const storageDirectory = path.join(scratch, 'storage');
  let tone: Buffer;
  let api: TestApi;
  let account: TestAccount;
  let other: TestAccount;

  const upload = (content: Buffer, contentType = 'audio/wav', name = 'Welcome', token = account.apiKey) =>
    api.request('POST', `/v1/audio-files?name=${encodeURIComponent(name)}`, {
      token,
      body: content,
      headers: { 'content-type': contentType },
    });
  const as = (who: TestAccount) => ({
    get: (url: string) => api.request('GET', url, { token: who.apiKey }),
    post: (url: string, body?: unknown) => api.request('POST', url, { token: who.apiKey, body }),
    patch: (url: string, body: unknown) => api.request('PATCH', url, { token: who.apiKey, body }),
    delete: (url: string) => api.request('DELETE', url, { token: who.apiKey }),
  });
  const owner = () => as(account);
  const storedAudioOf = (who: TestAccount) => path.join(storageDirectory, 'audio', who.accountId);

  beforeAll(async () => {
    const toneFile = path.join(scratch, 'tone.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', toneFile, 'synth', '1.5', 'sine', '440']);
    tone = readFileSync(toneFile);
    api = await startTestApi({ clock, env: { STORAGE_DIR: storageDirectory } });
    account = await api.provisionAccount();
    other = await api.provisionAccount('Other account');
  });
  afterAll(async () => {
    await api?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('converts an upload once to the 8 kHz WAV calls play, and serves it', async () => {
    const created = await upload(tone, 'audio/wav; codecs=1', 'Welcome');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    expect(created.body).toEqual({
      id: expect.stringMatching(/^aud_/),
      object: 'audio_file',
      name: 'Welcome',
      contentType: 'audio/wav',
      sizeBytes: tone.length,
      durationMs: 1500,
      contentUrl: `/v1/audio-files/${id}/content`,
      createdAt: now,
      updatedAt: expect.any(String),
    });
    expect(readFileSync(path.join(storedAudioOf(account), id, 'original'))).toEqual(tone);

    const content = await api.app.inject({
      method: 'GET',
      url: created.body.contentUrl,
      headers: { authorization: `Bearer ${account.apiKey}` },
    });
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('audio/wav');
    // WAVE_FORMAT_MULAW (7): one byte per sample.
    expect(wavFormat(content.rawPayload)).toEqual({
      encoding: 7,
      channels: 1,
      sampleRate: 8000,
      bitsPerSample: 8,
    });
    expect(content.rawPayload.length).toBeGreaterThan(1.4 * 8_000);
  });

  it('lists page by page, reads and renames', async () => {
    const first = (await upload(tone, 'audio/x-wav', 'First')).body;
    const second = (await upload(tone, 'audio/wav', 'Second')).body;
    const page = await owner().get('/v1/audio-files?limit=1');
    expect(page.body).toMatchObject({ object: 'list', hasMore: true, nextCursor: second.id });
    expect(page.body.data).toEqual([second]);
    const next = await owner().get(`/v1/audio-files?limit=1&startingAfter=${second.id}`);
    expect(next.body.data).toEqual([first]);

    const renamed = await owner().patch(`/v1/audio-files/${first.id}`, { name: 'Hold music' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: first.id, name: 'Hold music', contentType: 'audio/x-wav' });
    expect((await owner().get(`/v1/audio-files/${first.id}`)).body).toEqual(renamed.body);
    expect((await owner().patch(`/v1/audio-files/${first.id}`, { name: '' })).status).toBe(400);
  });

  it('refuses what it cannot convert, and stores nothing then', async () => {
    const before = (await as(other).get('/v1/audio-files')).body.data.length;
    const garbage = await upload(
      Buffer.from('this is not audio at all'),
      'audio/wav',
      'Garbage',
      other.apiKey,
    );
    expect(garbage.status).toBe(422);
    expect(garbage.headers['content-type']).toContain('application/problem+json');
    expect(garbage.body.code).toBe('unreadable_audio');

    const text = await upload(Buffer.from('hello'), 'text/plain', 'Text', other.apiKey);
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('unsupported_audio_type');
    const huge = await upload(Buffer.alloc(20 * 1024 * 1024 + 1), 'audio/wav', 'Huge', other.apiKey);
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('audio_too_large');
    const empty = await upload(Buffer.alloc(0), 'audio/wav', 'Empty', other.apiKey);
    expect(empty.status).toBe(400);
    const unnamed = await api.request('POST', '/v1/audio-files', {
      token: other.apiKey,
      body: tone,
      headers: { 'content-type': 'audio/wav' },
    });
    expect(unnamed.status).toBe(400);

    expect((await as(other).get('/v1/audio-files')).body.data).toHaveLength(before);
    expect(existsSync(storedAudioOf(other))).toBe(false);
  });

  it('keeps a file flows or voicemail greetings play, and deletes it with its stored objects once unused', async () => {
    const { id } = (await upload(tone)).body;
    const flow = await owner().post('/v1/flows', { name: 'Greeting', draft: playAudioFlow(id) });
    expect(flow.status).toBe(201);
    const inUse = await owner().delete(`/v1/audio-files/${id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({
      code: 'audio_file_in_use',
      flowIds: [flow.body.id],
      voicemailBoxIds: [],
    });
    // LIKE's wildcards in an id are taken literally.
    const usages = api.app.get(FlowUsages);
    expect(await usages.flowsUsing(account.accountId, `${id.slice(0, -1)}_`)).toEqual([]);
    expect(await usages.flowsUsing(account.accountId, '%')).toEqual([]);
    expect(await usages.flowsUsing(other.accountId, id)).toEqual([]);

    // A published version counts as much as the draft.
    expect((await owner().post(`/v1/flows/${flow.body.id}/publish`)).status).toBe(201);
    await owner().patch(`/v1/flows/${flow.body.id}`, { draft: { startNodeId: 'x', nodes: [] } });
    expect((await owner().delete(`/v1/audio-files/${id}`)).body.flowIds).toEqual([flow.body.id]);
    expect((await owner().delete(`/v1/flows/${flow.body.id}`)).status).toBe(204);

    const boxId = await createVoicemailBox(api, account.accountId);
    const boxes = api.app.get(Database).root.voicemailBox;
    await boxes.update({ where: { id: boxId }, data: { greeting: { type: 'audio', audioId: id } } });
    const greeted = await owner().delete(`/v1/audio-files/${id}`);
    expect(greeted.body).toMatchObject({ code: 'audio_file_in_use', flowIds: [], voicemailBoxIds: [boxId] });
    await boxes.delete({ where: { id: boxId } });

    expect((await owner().delete(`/v1/audio-files/${id}`)).status).toBe(204);
    expect((await owner().get(`/v1/audio-files/${id}`)).status).toBe(404);
    expect(existsSync(path.join(storedAudioOf(account), id, 'original'))).toBe(false);
    expect(existsSync(path.join(storedAudioOf(account), `${id}.wav`))).toBe(false);
  });

  it('hides an account’s files from every other account', async () => {
    const { id } = (await upload(tone)).body;
    const intruder = as(other);
    for (const answer of [
      await intruder.get(`/v1/audio-files/${id}`),
      await intruder.get(`/v1/audio-files/${id}/content`),
      await intruder.patch(`/v1/audio-files/${id}`, { name: 'Mine' }),
      await intruder.delete(`/v1/audio-files/${id}`),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('resource_not_found');
    }
    expect(
      (await intruder.get('/v1/audio-files')).body.data.map((file: { id: string }) => file.id),
    ).not.toContain(id);
    expect((await owner().get(`/v1/audio-files/${id}`)).status).toBe(200);
  });

  it('lets keys with the read scope read, and only keys with the write scope write', async () => {
    const reader = await owner().post('/v1/api-keys', { name: 'flows reader', scopes: ['flows:read'] });
    const token = reader.body.secret as string;
    expect((await api.request('GET', '/v1/audio-files', { token })).status).toBe(200);
    expect((await upload(tone, 'audio/wav', 'Refused', token)).status).toBe(403);
  });

  it('keeps MMS uploads of audio working beside it', async () => {
    const mms = await api.request('POST', '/v1/media', {
      token: account.apiKey,
      body: Buffer.from('ID3 not really mp3'),
      headers: { 'content-type': 'audio/mpeg' },
    });
    expect(mms.status, JSON.stringify(mms.body)).toBe(201);
    expect(mms.body).toMatchObject({ object: 'media', contentType: 'audio/mpeg' });
  });

  it('answers as the OpenAPI document says', async () => {
    const created = await upload(tone);
    const { id } = created.body;
    const flow = await owner().post('/v1/flows', { name: 'Conformance', draft: playAudioFlow(id) });
    await expectDocumentedAnswers(api, [
      { method: 'post', route: '/v1/audio-files', response: created },
      { method: 'post', route: '/v1/audio-files', response: await upload(Buffer.from('noise')) },
      { method: 'get', route: '/v1/audio-files', response: await owner().get('/v1/audio-files') },
      { method: 'get', route: '/v1/audio-files/{id}', response: await owner().get(`/v1/audio-files/${id}`) },
      {
        method: 'patch',
        route: '/v1/audio-files/{id}',
        response: await owner().patch(`/v1/audio-files/${id}`, { name: 'Renamed' }),
      },
      {
        method: 'delete',
        route: '/v1/audio-files/{id}',
        response: await owner().delete(`/v1/audio-files/${id}`),
      },
    ]);
    await owner().delete(`/v1/flows/${flow.body.id}`);
  });
});
