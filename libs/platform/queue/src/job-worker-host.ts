import { type JobName, jobCatalog, jobNames, type QueueName } from '@switchyard/contracts';
import { type Job, Worker } from 'bullmq';
import { type Logger } from 'pino';
import { type JobHandler, MissingJobHandlerError } from './job-handler';
import { type QueueConnection } from './queue-connection';

export interface JobWorkerSettings {
  readonly concurrency: number;
  readonly shutdownGraceMs: number;
}

/**
 * Runs one BullMQ worker per queue and dispatches each job to its handler by name. Refuses to start when a job of
 * the catalog has no handler, and on shutdown lets in-flight jobs finish within a grace period; a job still running
 * after that keeps its lock until it expires, and BullMQ's stalled-job check then hands it to another worker.
 */
export class JobWorkerHost {
  private readonly handlers: ReadonlyMap<JobName, JobHandler>;
  private readonly workers: Worker[] = [];

  constructor(
    private readonly connection: QueueConnection,
    handlers: readonly JobHandler[],
    private readonly settings: JobWorkerSettings,
    private readonly logger: Logger,
  ) {
    const byName = new Map<JobName, JobHandler>(handlers.map((handler) => [handler.jobName, handler]));
    const missing = jobNames.filter((name) => !byName.has(name));
    if (missing.length > 0) throw new MissingJobHandlerError(missing);
    this.handlers = byName;
  }

  start(): void {
    const queues = new Set<QueueName>(jobNames.map((name) => jobCatalog[name].queue));
    for (const queue of queues) {
      const worker = new Worker(queue, (job) => this.dispatch(job), {
        connection: this.connection.connectionOptions(),
        prefix: this.connection.prefix,
        concurrency: this.settings.concurrency,
        autorun: true,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn({ jobId: job?.id, jobName: job?.name, err: error }, 'job failed'),
      );
      worker.on('error', (error) => this.logger.error({ err: error, queue }, 'queue worker error'));
      this.workers.push(worker);
    }
    this.logger.info({ queues: [...queues] }, 'job workers started');
  }

  async waitUntilReady(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  async stop(): Promise<void> {
    // Pausing stops fetching and resolves when the running jobs are done; closing afterwards cannot lose one.
    const drained = Promise.all(this.workers.map((worker) => worker.pause()));
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), this.settings.shutdownGraceMs);
    });
    const outcome = await Promise.race([drained.then(() => 'drained' as const), expired]);
    clearTimeout(timer);
    if (outcome === 'expired')
      this.logger.warn('shutdown grace period over; in-flight jobs go back to the queue');
    await Promise.all(this.workers.map((worker) => worker.close(true)));
    this.workers.length = 0;
  }

  private async dispatch(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new MissingJobHandlerError([job.name]);
    await handler.handle(job.data as never, { jobId: String(job.id), attempt: job.attemptsMade + 1 });
  }
}
