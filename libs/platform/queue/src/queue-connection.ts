import { type JobName, jobCatalog, type JobPayloads, type QueueName } from '@switchyard/contracts';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';

export interface RedisSettings {
  readonly url: string;
  readonly keyPrefix: string;
}

/** One place that knows how this deployment talks to Redis and names its BullMQ keys. */
export class QueueConnection {
  readonly prefix: string;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(readonly settings: RedisSettings) {
    this.prefix = `${settings.keyPrefix}:q`;
  }

  /** Options for BullMQ: workers need blocking commands that never give up while Redis is away. */
  connectionOptions(): ConnectionOptions {
    return {
      url: this.settings.url,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
    } as ConnectionOptions;
  }

  /** A plain client; `failFast` ones give up a command after one retry instead of waiting for Redis forever. */
  createClient(options: { failFast?: boolean } = {}): Redis {
    return new Redis(this.settings.url, {
      maxRetriesPerRequest: options.failFast ? 1 : null,
      connectTimeout: 2_000,
    });
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connectionOptions(), prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}

export interface EnqueueOptions {
  /** Deterministic id: enqueueing the same id twice adds one job. */
  readonly jobId: string;
  readonly delayMs?: number;
  readonly attempts?: number;
}

/** Adds jobs by name; the catalog decides the queue, so producers cannot put a job where no one handles it. */
export class JobProducer {
  constructor(private readonly connection: QueueConnection) {}

  async enqueue<Name extends JobName>(
    name: Name,
    payload: JobPayloads[Name],
    options: EnqueueOptions,
  ): Promise<void> {
    await this.connection.queue(jobCatalog[name].queue).add(name, payload, jobOptions(options));
  }

  /** Adds many jobs of one name in a single round trip to Redis. */
  async enqueueMany<Name extends JobName>(
    name: Name,
    jobs: readonly { readonly payload: JobPayloads[Name]; readonly options: EnqueueOptions }[],
  ): Promise<void> {
    if (jobs.length === 0) return;
    await this.connection
      .queue(jobCatalog[name].queue)
      .addBulk(jobs.map((job) => ({ name, data: job.payload, opts: jobOptions(job.options) })));
  }
}

function jobOptions(options: EnqueueOptions) {
  return {
    jobId: options.jobId,
    delay: options.delayMs,
    attempts: options.attempts ?? 8,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 3_600, count: 10_000 },
    removeOnFail: { age: 7 * 86_400 },
  };
}
