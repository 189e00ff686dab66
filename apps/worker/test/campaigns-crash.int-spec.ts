import { loadWorkerConfig } from '@switchyard/config';
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

const recipients = 5_000;
const sender = '+14155550123';

describe('a worker killed during a 5,000-message campaign', () => {
  let database: IsolatedDatabase;
  let db: Database;
  let queues: QueueConnection;
  let env: Record<string, string | undefined>;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    // Its own database: the workers' reconcilers sweep every account, and must not touch other tests' rows.
    database = await createIsolatedDatabase();
    env = testEnvironment({
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      MESSAGING_PACING_ENABLED: 'false',
    });
    db = new Database({ url: database.url });
    queues = new QueueConnection(loadWorkerConfig(env).redis);
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await queues?.close();
    await db?.close();
    await database?.drop();
  });

  async function startWorker(): Promise<AppProcess> {
    const worker = await startWorkerProcess(env);
    workers.push(worker);
    return worker;
  }

  async function seedRunningCampaign(): Promise<{ accountId: string; campaignId: string }> {
    const now = new Date();
    const accountId = newId('account');
    await db.root.account.create({
      data: { id: accountId, name: 'Crash campaign', country: 'US', timezone: 'UTC' },
    });
    await insertActiveNumber(db, { accountId: accountId, phoneNumber: sender });
    await db.root.contact.createMany({
      data: Array.from({ length: recipients }, (_, index) => ({
        id: newId('contact'),
        accountId,
        // 212 is New York; 555-01xx and beyond are all valid NANP numbers for the sandbox.
        phoneNumber: `+1212${String(5_550_000 + index).padStart(7, '0')}`,
        firstName: `Guest ${index}`,
        tags: ['crash'],
        fields: {},
        createdAt: now,
      })),
    });
    const campaignId = newId('campaign');
    await db.root.campaign.create({
      data: {
        id: campaignId,
        accountId,
        name: 'Five thousand',
        status: 'running',
        steps: [{ template: 'Hello {{firstName}}', timing: { type: 'delay', amount: 0, unit: 'seconds' } }],
        senderType: 'number',
        senderNumbers: [sender],
        audienceTags: ['crash'],
        audienceContactIds: [],
        timeZone: 'UTC',
        stopOnReply: true,
        startedAt: now,
        createdAt: now,
      },
    });
    return { accountId, campaignId };
  }

  const ledgerCount = () => db.root.sandboxCarrierMessage.count();

  it('submits every message exactly once: the sandbox ledger holds each once and every message is sent', async () => {
    const { accountId, campaignId } = await seedRunningCampaign();
    const jobs = new JobProducer(queues);
    const first = await startWorker();
    await jobs.enqueue('campaigns.enroll', { accountId, campaignId }, { jobId: `start-${campaignId}` });

    await eventually(async () => ((await ledgerCount()) >= 500 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    first.child.kill('SIGKILL');
    await first.waitForExit();
    const atKill = await ledgerCount();
    expect(atKill).toBeLessThan(recipients);

    await startWorker();
    // The reconcilers run every minute; the test asks for runs more often, as a busy schedule would.
    let run = 0;
    await eventually(
      async () => {
        run += 1;
        if (run % 20 === 0) {
          await jobs.enqueue('messages.reconcile', {}, { jobId: `reconcile-${run}` });
          await jobs.enqueue('campaigns.reconcile', {}, { jobId: `campaigns-reconcile-${run}` });
        }
        const sent = await db.root.message.count({ where: { accountId, status: 'sent' } });
        return sent === recipients ? true : undefined;
      },
      { timeoutMs: 200_000, intervalMs: 100 },
    );

    const ledger = await db.root.sandboxCarrierMessage.findMany({ select: { reference: true } });
    const references = ledger.map((entry) => entry.reference);
    expect(references).toHaveLength(recipients);
    expect(new Set(references).size).toBe(recipients);
    const messageIds = await db.root.campaignMessage.findMany({
      where: { campaignId },
      select: { messageId: true },
    });
    expect(new Set(references)).toEqual(new Set(messageIds.map((row) => row.messageId)));
    // A reconcile that runs once everything is sent completes the campaign and its enrollments.
    expect(
      await db.root.campaignEnrollment.count({
        where: { campaignId, status: { in: ['active', 'completed'] } },
      }),
    ).toBe(recipients);
  }, 300_000);
});
