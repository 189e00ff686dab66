import { newId } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { JobProducer, QueueConnection } from '@switchyard/queue';
import {
  type AppProcess,
  createIsolatedDatabase,
  type IsolatedDatabase,
  startWorkerProcess,
  eventually,
  insertActiveNumber,
  testEnvironment,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const segmentsPerSecond = 5;
/** A long code's burst: one longest message (10 segments), whatever its rate. */
const burst = 10;
const maxBacklogSeconds = 5;
const recipient = '+14155550199';

describe('pacing shared by two worker processes', () => {
  let database: IsolatedDatabase;
  let db: Database;
  let queues: QueueConnection;
  let accountId: string;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    database = await createIsolatedDatabase();
    const env = testEnvironment({
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      MESSAGING_LONG_CODE_SEGMENTS_PER_SECOND: String(segmentsPerSecond),
      MESSAGING_MAX_BACKLOG_SECONDS: String(maxBacklogSeconds),
    });
    db = new Database({ url: database.url });
    queues = new QueueConnection({ url: env.REDIS_URL!, keyPrefix: env.REDIS_KEY_PREFIX! });
    accountId = newId('account');
    await db.root.account.create({ data: { id: accountId, name: 'Pacing', country: 'US', timezone: 'UTC' } });
    workers.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await queues?.close();
    await db?.close();
    await database?.drop();
  });

  function longCode(phoneNumber: string): Promise<string> {
    return insertActiveNumber(db, { accountId, phoneNumber });
  }

  /** Queues `count` one-segment messages from the number and enqueues their dispatch jobs all at once. */
  async function queueMessages(numberId: string, from: string, count: number): Promise<string[]> {
    const now = new Date();
    const conversationId = newId('conversation');
    await db.root.conversation.create({
      data: {
        id: conversationId,
        accountId,
        numberId,
        remoteNumber: recipient,
        lastMessageAt: now,
        createdAt: now,
      },
    });
    const ids = Array.from({ length: count }, () => newId('message'));
    await db.root.message.createMany({
      data: ids.map((id, index) => ({
        id,
        accountId,
        numberId,
        conversationId,
        direction: 'outbound' as const,
        from,
        to: recipient,
        text: `Paced ${index}`,
        status: 'queued' as const,
        encoding: 'gsm7' as const,
        segments: 1,
        costAmount: 1,
        currency: 'USD',
        createdAt: now,
      })),
    });
    await new JobProducer(queues).enqueueMany(
      'messages.dispatch',
      ids.map((messageId) => ({ payload: { accountId, messageId }, options: { jobId: messageId } })),
    );
    return ids;
  }

  it('sends one long code at its configured rate across both workers', async () => {
    const from = '+14155550142';
    const count = 30;
    const ids = await queueMessages(await longCode(from), from, count);

    const entries = await eventually(
      async () => {
        const recorded = await db.root.sandboxCarrierMessage.findMany({
          where: { reference: { in: ids } },
          orderBy: { recordedAt: 'asc' },
        });
        return recorded.length === count ? recorded : undefined;
      },
      { timeoutMs: 20_000 },
    );

    expect(new Set(entries.map((entry) => entry.reference)).size).toBe(count);
    const first = entries[0]!.recordedAt.getTime();
    // Whatever window one looks at, no more went out than the burst plus what the rate refilled in it (with 100 ms
    // for the workers' own latency between taking a slot and the carrier recording it).
    for (const [index, entry] of entries.entries()) {
      const elapsedSeconds = (entry.recordedAt.getTime() - first + 100) / 1000;
      expect(index + 1, `message ${index + 1} at +${elapsedSeconds}s`).toBeLessThanOrEqual(
        burst + Math.floor(elapsedSeconds * segmentsPerSecond) + 1,
      );
    }
    const spanSeconds = (entries.at(-1)!.recordedAt.getTime() - first) / 1000;
    expect(spanSeconds).toBeGreaterThanOrEqual((count - burst) / segmentsPerSecond - 0.3);
    expect(await db.root.message.count({ where: { id: { in: ids }, status: 'sent' } })).toBe(count);
  });

  it('fails the messages whose wait for the sender would pass the limit, with backlog_too_long', async () => {
    const from = '+14155550143';
    const count = 60;
    const ids = await queueMessages(await longCode(from), from, count);

    const settled = await eventually(
      async () => {
        const rows = await db.root.message.findMany({
          where: { id: { in: ids }, status: { in: ['sent', 'failed'] } },
          select: { id: true, status: true, errorCode: true },
        });
        return rows.length === count ? rows : undefined;
      },
      { timeoutMs: 20_000 },
    );

    const failed = settled.filter((message) => message.status === 'failed');
    const sent = settled.filter((message) => message.status === 'sent');
    // The burst goes at once and the rate's worth of maxBacklogSeconds waits; the rest could not go in time.
    expect(sent.length).toBeGreaterThanOrEqual(burst + segmentsPerSecond * (maxBacklogSeconds - 1));
    expect(sent.length).toBeLessThanOrEqual(burst + segmentsPerSecond * maxBacklogSeconds + 3);
    expect(failed.length).toBe(count - sent.length);
    expect(new Set(failed.map((message) => message.errorCode))).toEqual(new Set(['backlog_too_long']));
    const events = await db.root.event.findMany({ where: { accountId, type: 'message.failed' } });
    expect(new Set(events.map((event) => (event.data as { id: string }).id))).toEqual(
      new Set(failed.map((message) => message.id)),
    );
    const ledger = await db.root.sandboxCarrierMessage.count({ where: { reference: { in: ids } } });
    expect(ledger).toBe(sent.length);
  });
});
