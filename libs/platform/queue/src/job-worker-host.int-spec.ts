import { jobNames, type JobName } from '@switchyard/contracts';
import { createLogger } from '@switchyard/logging';
import { testEnvironment } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type JobHandler, MissingJobHandlerError } from './job-handler';
import { JobWorkerHost } from './job-worker-host';
import { JobProducer, QueueConnection } from './queue-connection';

const logger = createLogger({ service: 'test', level: 'silent' });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function connection(): QueueConnection {
  const env = testEnvironment();
  return new QueueConnection({ url: env.REDIS_URL!, keyPrefix: env.REDIS_KEY_PREFIX! });
}

/** A handler per catalog job that reports each run and finishes when the test says so. */
function controllableHandlers() {
  const started: string[] = [];
  const finished: string[] = [];
  const startedSignal = deferred<string>();
  const release = deferred();
  const handlers = jobNames.map((jobName): JobHandler => ({
    jobName,
    async handle(_payload, context) {
      started.push(context.jobId);
      startedSignal.resolve(context.jobId);
      await release.promise;
      finished.push(context.jobId);
    },
  }));
  return { handlers, started, finished, startedSignal: startedSignal.promise, release: release.resolve };
}

describe('JobWorkerHost', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('refuses to start when a catalog job has no handler', () => {
    const [first, ...rest] = jobNames as [JobName, ...JobName[]];
    const handlers = rest.map((jobName): JobHandler => ({ jobName, handle: async () => undefined }));
    expect(
      () => new JobWorkerHost(connection(), handlers, { concurrency: 1, shutdownGraceMs: 1000 }, logger),
    ).toThrow(new MissingJobHandlerError([first]));
  });

  it('runs a job once per deterministic id and lets it finish on shutdown', async () => {
    const queues = connection();
    cleanups.push(() => queues.close());
    const control = controllableHandlers();
    const host = new JobWorkerHost(
      queues,
      control.handlers,
      { concurrency: 2, shutdownGraceMs: 10_000 },
      logger,
    );
    host.start();
    await host.waitUntilReady();

    const producer = new JobProducer(queues);
    await producer.enqueue('maintenance.purge-idempotency-records', {}, { jobId: 'purge-1' });
    await producer.enqueue('maintenance.purge-idempotency-records', {}, { jobId: 'purge-1' });
    expect(await control.startedSignal).toBe('purge-1');

    const stopping = host.stop();
    control.release();
    await stopping;
    expect(control.finished).toEqual(['purge-1']);
    const job = await queues.queue('maintenance').getJob('purge-1');
    expect(await job?.getState()).toBe('completed');
    expect(control.started).toEqual(['purge-1']);
  });

  it('returns an in-flight job to the queue when the grace period ends', async () => {
    const queues = connection();
    cleanups.push(() => queues.close());
    const control = controllableHandlers();
    const host = new JobWorkerHost(
      queues,
      control.handlers,
      { concurrency: 1, shutdownGraceMs: 200 },
      logger,
    );
    host.start();
    await host.waitUntilReady();
    await new JobProducer(queues).enqueue('maintenance.purge-idempotency-records', {}, { jobId: 'slow-1' });
    await control.startedSignal;

    await host.stop();
    expect(control.finished).toEqual([]);
    const job = await queues.queue('maintenance').getJob('slow-1');
    expect(await job?.getState()).toBe('active');
    control.release();

    // Another worker picks it up once the stalled-job check returns it; its lock was released, not completed.
    expect(await job?.isCompleted()).toBe(false);
  });
});
