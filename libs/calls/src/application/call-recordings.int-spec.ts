import { fixedClock, newId, type StoragePort } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { testEnvironment } from '@switchyard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingRepository } from '../infrastructure/recording.repository';
import { CallRecordings, recordingStorageKey } from './call-recordings';

/** Storage in memory that counts its writes. */
function memoryStorage() {
  const objects = new Map<string, Uint8Array>();
  const puts: string[] = [];
  const storage: StoragePort = {
    async put(key, content) {
      puts.push(key);
      objects.set(key, content);
      return { key, sizeBytes: content.byteLength, sha256: 'not-computed' };
    },
    async get(key) {
      return objects.get(key) ?? null;
    },
    async delete(key) {
      objects.delete(key);
    },
  };
  return { storage, objects, puts };
}

describe('CallRecordings', () => {
  const start = new Date('2030-01-01T12:00:00.000Z');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  const clock = fixedClock(start);
  const database = new Database({ url: testEnvironment().DATABASE_URL! });
  const repository = new RecordingRepository(database);
  const { storage, objects, puts } = memoryStorage();
  const recordings = new CallRecordings(
    database,
    repository,
    new EventPublisher(database, clock),
    storage,
    clock,
  );
  afterAll(() => database.close());

  // Ids no other test uses: the tables are shared by the whole run.
  const accountId = newId('account');
  const callId = newId('call');
  const read = (id: string) => repository.find(accountId, id);
  const eventsOf = (type: string, recordingId: string) =>
    database.root.event
      .findMany({ where: { accountId, type }, orderBy: { id: 'asc' } })
      .then((events) => events.filter((event) => (event.data as { id: string }).id === recordingId));
  const begin = async (source: 'policy' | 'api' = 'api') => {
    clock.advance(1);
    return (await recordings.started({ accountId, callId, source, layout: 'mixed', at: at(1) })).recordingId;
  };

  it('records a recording from start through pauses to its stored audio, with one completed event', async () => {
    const recordingId = await begin('policy');
    expect(recordingId).toMatch(/^rec_/);
    expect(await read(recordingId)).toMatchObject({
      callId,
      status: 'in_progress',
      source: 'policy',
      layout: 'mixed',
      startedAt: at(1),
      endedAt: null,
    });

    await recordings.paused(recordingId, at(5));
    await recordings.paused(recordingId, at(6));
    expect(await read(recordingId)).toMatchObject({ status: 'paused', updatedAt: at(5) });
    await recordings.resumed(recordingId, at(8));
    expect((await read(recordingId))?.status).toBe('in_progress');

    const wav = new Uint8Array([82, 73, 70, 70, 1, 2, 3]);
    const audio = { wav, durationMs: 9_000, channels: 2, at: at(12) };
    await Promise.all([recordings.completed(recordingId, audio), recordings.completed(recordingId, audio)]);
    await recordings.completed(recordingId, audio);
    await recordings.failed(recordingId, 'too_late', at(13));

    const key = recordingStorageKey(accountId, recordingId);
    expect(key).toBe(`recordings/${accountId}/${recordingId}.wav`);
    expect(puts.filter((put) => put === key)).toHaveLength(1);
    expect(objects.get(key)).toEqual(wav);
    const completed = await read(recordingId);
    expect(completed).toMatchObject({
      status: 'completed',
      storageKey: key,
      sizeBytes: wav.byteLength,
      durationMs: 9_000,
      channels: 2,
      endedAt: at(12),
      failureReason: null,
    });
    const events = await eventsOf('call.recording.completed', recordingId);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      id: recordingId,
      object: 'recording',
      status: 'completed',
      audioUrl: `/v1/recordings/${recordingId}/audio`,
      durationMs: 9_000,
    });
    expect(await eventsOf('call.recording.failed', recordingId)).toEqual([]);
  });

  it('fails a recording once, with its reason and a failed event', async () => {
    const recordingId = await begin();
    await recordings.failed(recordingId, 'media_engine_lost', at(3));
    await recordings.failed(recordingId, 'again', at(4));
    await recordings.completed(recordingId, {
      wav: new Uint8Array([1]),
      durationMs: 1,
      channels: 1,
      at: at(5),
    });
    expect(await read(recordingId)).toMatchObject({
      status: 'failed',
      failureReason: 'media_engine_lost',
      endedAt: at(3),
      storageKey: null,
    });
    const events = await eventsOf('call.recording.failed', recordingId);
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({ status: 'failed', failureReason: 'media_engine_lost', audioUrl: null }),
    ]);
  });

  it('fails every unfinished recording of a call, leaving finished ones alone', async () => {
    const finished = await begin();
    await recordings.completed(finished, { wav: new Uint8Array([1]), durationMs: 1, channels: 1, at: at(2) });
    const paused = await begin();
    await recordings.paused(paused, at(2));
    const running = await begin();

    await recordings.failedAllOfCall(accountId, callId, 'instance_lost', at(30));

    expect((await read(finished))?.status).toBe('completed');
    for (const id of [paused, running]) {
      expect(await read(id)).toMatchObject({
        status: 'failed',
        failureReason: 'instance_lost',
        endedAt: at(30),
      });
    }
  });

  it('refuses reports about recordings it never started', async () => {
    await expect(recordings.paused('rec_01jd3v3k6m5x9q8w7e6r5t4y3u', at(1))).rejects.toMatchObject({
      code: 'resource_not_found',
    });
  });
});
