import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixedClock } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { eventually, testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type MessagingWorker, startMessagingWorker } from './messaging-worker';
import { buyNumber, freshNumber } from './number-fixtures';

const publicApiUrl = 'https://api.switchyard.test';
const recipient = '+14155550142';
const megabyte = 1024 * 1024;

/** A web server with media for mediaUrls: GET /<name> answers what `files` holds, or 404; /moved redirects. */
async function startMediaServer(files: Record<string, { contentType: string; content: Buffer }>) {
  const server = createServer((request, response) => {
    if (request.url === '/moved') {
      response.writeHead(302, { location: '/menu.png' }).end();
      return;
    }
    const file = files[request.url ?? ''];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.content.length });
    response.end(file.content);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: (name: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}`,
  };
}

describe('MMS', () => {
  const clock = fixedClock('2030-01-01T12:00:00.000Z');
  let storageDirectory: string;
  let api: TestApi;
  let worker: MessagingWorker;
  let account: TestAccount;
  let sender: string;
  let media: { server: Server; url: (name: string) => string };

  beforeAll(async () => {
    storageDirectory = await mkdtemp(path.join(tmpdir(), 'switchyard-mms-'));
    media = await startMediaServer({
      '/menu.png': { contentType: 'image/png', content: Buffer.from('menu') },
      '/archive.zip': { contentType: 'application/zip', content: Buffer.from('PK') },
      '/clip.mp4': { contentType: 'video/mp4', content: Buffer.alloc(6 * megabyte) },
    });
    const env = testEnvironment({
      STORAGE_DIR: storageDirectory,
      PUBLIC_API_URL: publicApiUrl,
      MEDIA_URL_SECRET: 'media-url-secret-for-tests-0123456789',
      // The media server of this test listens on 127.0.0.1.
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
    });
    api = await startTestApi({ clock, env });
    worker = await startMessagingWorker(env, clock);
    account = await api.provisionAccount();
    sender = (await buyNumber(api, account, await freshNumber(api, account.apiKey))).phoneNumber;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    media?.server.close();
    if (storageDirectory) await rm(storageDirectory, { recursive: true, force: true });
  });

  const upload = (contentType: string, content: Buffer, token = account.apiKey) =>
    api.request('POST', '/v1/media', { token, body: content, headers: { 'content-type': contentType } });
  const send = (body: Record<string, unknown>, token = account.apiKey) =>
    api.request('POST', '/v1/messages', { token, body: { from: sender, to: recipient, ...body } });
  const ledgerEntry = (reference: string) =>
    api.app.get(Database).root.sandboxCarrierMessage.findUnique({ where: { reference } });

  it('stores uploads through the storage port, with the type normalized, size and digest', async () => {
    const uploaded = await upload('Image/JPG', Buffer.from('not really a jpeg'));
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body).toMatchObject({
      object: 'media',
      id: expect.stringMatching(/^med_/),
      contentType: 'image/jpeg',
      sizeBytes: 17,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const read = await api.request('GET', `/v1/media/${uploaded.body.id}`, { token: account.apiKey });
    expect(read.body).toEqual(uploaded.body);
    const stranger = await api.provisionAccount('Stranger');
    expect(
      (await api.request('GET', `/v1/media/${uploaded.body.id}`, { token: stranger.apiKey })).status,
    ).toBe(404);
  });

  it('answers 415 to an unsupported type and 413 to a file over 5 MB, and other routes still refuse raw bodies', async () => {
    const zip = await upload('application/zip', Buffer.from('PK'));
    expect(zip.status).toBe(415);
    expect(zip.body.code).toBe('unsupported_media_type');
    const empty = await upload('image/png', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ code: 'media_empty' })]);
    const huge = await upload('video/mp4', Buffer.alloc(5 * megabyte + 1));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('media_too_large');
    const rawMessage = await api.request('POST', '/v1/messages', {
      token: account.apiKey,
      body: Buffer.from('hello'),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(rawMessage.status).toBe(415);
  });

  it('sends an MMS once, handing the carrier signed URLs it can download the media from', async () => {
    const png = Buffer.from('a small png');
    const pdf = Buffer.from('a small pdf');
    const first = (await upload('image/png', png)).body;
    const second = (await upload('application/pdf', pdf)).body;
    const sent = await send({ text: 'Your receipt', mediaIds: [first.id, second.id] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({
      status: 'queued',
      text: 'Your receipt',
      media: [
        { id: first.id, contentType: 'image/png', sizeBytes: png.length },
        { id: second.id, contentType: 'application/pdf', sizeBytes: pdf.length },
      ],
      cost: { amount: 3, currency: 'USD' },
    });
    const entry = await eventually(async () => (await ledgerEntry(sent.body.id)) ?? undefined);
    expect(entry.mediaUrls).toHaveLength(2);
    const [pngUrl, pdfUrl] = entry.mediaUrls.map((url) => new URL(url));
    expect(pngUrl!.origin).toBe(publicApiUrl);
    expect(pngUrl!.searchParams.get('message')).toBe(sent.body.id);

    const downloaded = await api.request('GET', pngUrl!.pathname + pngUrl!.search);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers['content-type']).toBe('image/png');
    expect(downloaded.body).toBe(png.toString());
    expect((await api.request('GET', pdfUrl!.pathname + pdfUrl!.search)).body).toBe(pdf.toString());

    const tampered = new URL(pngUrl!);
    tampered.searchParams.set('signature', '0'.repeat(64));
    expect((await api.request('GET', tampered.pathname + tampered.search)).status).toBe(404);
    // A URL signed for one media item does not open another.
    const swapped = pdfUrl!.pathname + pngUrl!.search;
    expect((await api.request('GET', swapped)).status).toBe(404);

    await eventually(async () => ((await ledgerEntry(sent.body.id)) ? true : undefined));
    await eventually(async () => {
      const read = await api.request('GET', `/v1/messages/${sent.body.id}`, { token: account.apiKey });
      return read.body.status === 'sent' ? true : undefined;
    });
    // A week after the message went out, its media is no longer served.
    clock.advance(8 * 24 * 3_600_000);
    expect((await api.request('GET', pngUrl!.pathname + pngUrl!.search)).status).toBe(404);
  });

  it('sends media without text', async () => {
    const image = (await upload('image/gif', Buffer.from('gif'))).body;
    const sent = await send({ mediaIds: [image.id] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ text: '', media: [{ id: image.id }] });
  });

  it('fetches media from URLs at send time and keeps its own copy for the carrier', async () => {
    const source = media.url('menu.png');
    const sent = await send({ text: 'Today’s menu', mediaUrls: [source] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.media).toEqual([
      { id: expect.stringMatching(/^med_/), contentType: 'image/png', sizeBytes: 4 },
    ]);
    const stored = await api.app
      .get(Database)
      .root.messageMedia.findUnique({ where: { id: sent.body.media[0].id } });
    expect(stored).toMatchObject({ sourceUrl: source, accountId: account.accountId });
    const entry = await eventually(async () => (await ledgerEntry(sent.body.id)) ?? undefined);
    const carrierUrl = new URL(entry.mediaUrls[0]!);
    expect(carrierUrl.origin).toBe(publicApiUrl);
    expect((await api.request('GET', carrierUrl.pathname + carrierUrl.search)).body).toBe('menu');
  });

  it('answers 422, 415 or 413 for media URLs that cannot be fetched, of the wrong type or too large', async () => {
    const missing = await send({ text: 'x', mediaUrls: [media.url('menu.png'), media.url('gone.png')] });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      code: 'media_url_fetch_failed',
      errors: [expect.objectContaining({ field: 'mediaUrls[1]' })],
    });
    expect((await send({ text: 'x', mediaUrls: [media.url('moved')] })).body.code).toBe(
      'media_url_fetch_failed',
    );
    const zip = await send({ text: 'x', mediaUrls: [media.url('archive.zip')] });
    expect(zip.status).toBe(415);
    expect(zip.body.code).toBe('unsupported_media_type');
    const clip = await send({ text: 'x', mediaUrls: [media.url('clip.mp4')] });
    expect(clip.status).toBe(413);
    expect(clip.body.code).toBe('media_too_large');
    const image = (await upload('image/png', Buffer.from('png'))).body;
    const both = await send({ text: 'x', mediaIds: [image.id], mediaUrls: [media.url('menu.png')] });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ code: 'media_ids_and_urls' })]);
    expect((await send({ text: 'x', mediaUrls: ['ftp://example.com/a.png'] })).status).toBe(400);
  });

  it('refuses messages without text or media, unknown media, too much media and senders without MMS', async () => {
    const empty = await send({});
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([
      expect.objectContaining({ field: 'text', code: 'text_or_media_required' }),
    ]);

    const stranger = await api.provisionAccount('Other');
    const foreign = (await upload('image/png', Buffer.from('theirs'), stranger.apiKey)).body;
    const unknown = await send({ text: 'x', mediaIds: ['med_missing', foreign.id] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'mediaIds[0]', code: 'media_not_found' }),
      expect.objectContaining({ field: 'mediaIds[1]', code: 'media_not_found' }),
    ]);

    const big = (await upload('video/mp4', Buffer.alloc(3 * megabyte))).body;
    const bigger = (await upload('video/mp4', Buffer.alloc(3 * megabyte))).body;
    const tooMuch = await send({ text: 'videos', mediaIds: [big.id, bigger.id] });
    expect(tooMuch.status).toBe(413);
    expect(tooMuch.body.code).toBe('media_too_large');
    const eleven = await send({ text: 'x', mediaIds: Array.from({ length: 11 }, () => big.id) });
    expect(eleven.status).toBe(400);

    const tollFree = await buyNumber(
      api,
      account,
      await freshNumber(api, account.apiKey, { country: 'US', type: 'toll_free' }),
    );
    const withoutMms = await send({ from: tollFree.phoneNumber, text: 'x', mediaIds: [big.id] });
    expect(withoutMms.status).toBe(422);
    expect(withoutMms.body.code).toBe('sender_without_mms');
    expect((await send({ from: tollFree.phoneNumber, text: 'plain SMS is fine' })).status).toBe(201);
  });
});

describe('MMS guards', () => {
  const sendWith = async (env: Record<string, string>, body: Record<string, unknown>) => {
    const api = await startTestApi({
      env: testEnvironment({ STORAGE_DIR: path.join(tmpdir(), 'unused'), ...env }),
    });
    try {
      const account = await api.provisionAccount();
      const from = (await buyNumber(api, account, await freshNumber(api, account.apiKey))).phoneNumber;
      return await api.request('POST', '/v1/messages', {
        token: account.apiKey,
        body: { from, to: recipient, text: 'x', ...body },
      });
    } finally {
      await api.close();
    }
  };

  it('refuses media with a clear code when no public address is configured for carriers to download it', async () => {
    const sent = await sendWith({}, { mediaIds: ['med_any'] });
    expect(sent.status).toBe(422);
    expect(sent.body.code).toBe('mms_not_configured');
  });

  it('never fetches media URLs of private addresses (SSRF)', async () => {
    const sent = await sendWith(
      { PUBLIC_API_URL: publicApiUrl, MEDIA_URL_SECRET: 'media-url-secret-for-tests-0123456789' },
      { mediaUrls: ['http://127.0.0.1:9/secret.png', 'http://169.254.169.254/latest/meta-data'] },
    );
    expect(sent.status).toBe(422);
    expect(sent.body).toMatchObject({
      code: 'media_url_not_allowed',
      errors: [expect.objectContaining({ field: 'mediaUrls[0]' })],
    });
  });
});
