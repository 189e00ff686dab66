import { JobProducer, QueueConnection } from '@switchyard/queue';
import { spawnApp, testEnvironment } from '@switchyard/testing';
import { afterAll, describe, expect, it } from 'vitest';

describe('worker process', () => {
  const env = testEnvironment({ LOG_LEVEL: 'info' });
  const queues = new QueueConnection({ url: env.REDIS_URL!, keyPrefix: env.REDIS_KEY_PREFIX! });
  const worker = spawnApp('apps/worker/src/main.ts', env);
  afterAll(async () => {
    await worker.stop();
    await queues.close();
  });

  it('processes jobs and stops cleanly on SIGTERM', async () => {
    await worker.waitForLog((line) => line.msg === 'job workers started');
    await new JobProducer(queues).enqueue(
      'maintenance.purge-idempotency-records',
      {},
      { jobId: 'purge-process-test' },
    );
    const events = queues.queue('maintenance');
    const job = await events.getJob('purge-process-test');
    const { QueueEvents } = await import('bullmq');
    const queueEvents = new QueueEvents('maintenance', {
      connection: queues.connectionOptions(),
      prefix: queues.prefix,
    });
    await queueEvents.waitUntilReady();
    if ((await job!.getState()) !== 'completed') await job!.waitUntilFinished(queueEvents, 15_000);
    await queueEvents.close();
    expect(await job!.getState()).toBe('completed');

    worker.child.kill('SIGTERM');
    const exit = await worker.waitForExit();
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  });
});
