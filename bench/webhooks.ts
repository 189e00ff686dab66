// Webhook delivery benchmark: events committed to the outbox → relay → fan-out → signed POST to a local receiver.
// Usage: node -r @swc-node/register bench/webhooks.ts [--events 20000] [--rate 2500] [--per-commit 1]
//        [--endpoints 1] [--worker-concurrency 256]
// Events are committed at `rate` per second, `per-commit` per transaction; every endpoint receives every event. It
// prints deliveries/s, commit→receipt latency and, as a baseline, signed POSTs/s from a bare loop to the same
// receiver. Needs Postgres and Redis (DATABASE_ADMIN_URL, REDIS_URL); uses a throwaway database and key prefix.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { loadavg } from 'node:os';
import { type AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { newId, systemClock } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { Redis } from 'ioredis';
import { dropDatabase, migrate, startProcess, stopProcess } from './bench-support';

const { values: options } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '2500' },
    endpoints: { type: 'string', default: '1' },
    'per-commit': { type: 'string', default: '1' },
    'worker-concurrency': { type: 'string', default: '256' },
  },
});
const eventCount = Number(options.events);
const ratePerSecond = Number(options.rate);
const endpointCount = Number(options.endpoints);
const perCommit = Number(options['per-commit']);
const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runId = `${Date.now().toString(36)}_${process.pid}`;
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/sy_bench_webhooks_${runId}` }).toString();
const keyPrefix = `bench_webhooks_${runId}`;
const secret = 'whsec_benchmark_secret_0123456789abcd';

/** Milliseconds on a clock both threads share. */
const now = () => performance.timeOrigin + performance.now();

/**
 * The receiver runs on its own thread, so its answers and receipt times do not wait for the publishing loop; it
 * reports receipts to the main thread in small batches.
 */
function runReceiverThread(): void {
  let pending: [string, number][] = [];
  const server = http.createServer((request, response) => {
    request.on('data', () => undefined);
    request.on('end', () => {
      pending.push([String(request.headers['x-event-id'] ?? ''), now()]);
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  setInterval(() => {
    if (pending.length === 0) return;
    parentPort!.postMessage(pending);
    pending = [];
  }, 5).unref();
  server.listen(0, '127.0.0.1', () => parentPort!.postMessage((server.address() as AddressInfo).port));
}

/** The main thread's view of the receiver: first receipt time per event id, and waiting for a count. */
class Receiver {
  readonly receivedAt = new Map<string, number>();
  deliveries = 0;
  private target = Infinity;
  private reached: (() => void) | undefined;
  private readonly thread = new Worker(__filename, { execArgv: process.execArgv });

  async listen(): Promise<string> {
    const port = await new Promise<number>((resolve) => this.thread.once('message', resolve));
    this.thread.on('message', (receipts: [string, number][]) => {
      for (const [eventId, at] of receipts)
        if (!this.receivedAt.has(eventId)) this.receivedAt.set(eventId, at);
      this.deliveries += receipts.length;
      if (this.deliveries >= this.target) this.reached?.();
    });
    return `http://127.0.0.1:${port}`;
  }

  until(deliveries: number, timeoutMs: number): Promise<void> {
    this.target = deliveries;
    if (this.deliveries >= deliveries) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.deliveries} of ${deliveries} deliveries within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.reached = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  reset(): void {
    this.receivedAt.clear();
    this.deliveries = 0;
  }

  close(): Promise<number> {
    return this.thread.terminate();
  }
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

/** The same signed POSTs from a bare loop with 64 in flight: what this machine does without queue or database. */
async function baseline(url: string, receiver: Receiver, count: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const body = JSON.stringify({
    id: 'evt_baseline',
    object: 'event',
    type: 'webhook.test',
    data: { object: 'x' },
  });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
      const request = http.request(url, {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'X-Signature': `t=${timestamp},v1=${signature}` },
      });
      request.on('response', (response) => response.resume().on('end', resolve));
      request.on('error', reject);
      request.end(body);
    });
  receiver.reset();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < count) {
        next += 1;
        await post();
      }
    }),
  );
  agent.destroy();
  return count / ((performance.now() - started) / 1000);
}

async function dropScratchState(): Promise<void> {
  dropDatabase(databaseUrl);
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

async function main(): Promise<void> {
  migrate(databaseUrl);
  const receiver = new Receiver();
  const origin = await receiver.listen();
  const database = new Database({ url: databaseUrl, poolSize: 8 });
  const accountId = newId('account');
  await database.root.account.create({
    data: { id: accountId, name: 'Bench', country: 'US', timezone: 'UTC' },
  });
  for (let index = 0; index < endpointCount; index += 1) {
    await database.root.webhookEndpoint.create({
      data: {
        id: newId('webhookEndpoint'),
        accountId,
        url: `${origin}/hook/${index}`,
        eventTypes: ['*'],
        secret,
      },
    });
  }
  const worker = await startProcess(
    ['-r', '@swc-node/register', 'apps/worker/src/main.ts'],
    {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: keyPrefix,
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: options['worker-concurrency'],
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOKS_ENDPOINT_CONCURRENCY: '512',
    },
    /job workers started/,
  );

  const publisher = new EventPublisher(database, systemClock);
  const committedAt = new Map<string, number>();
  /** One transaction with `perCommit` events, as a use case that changes that many resources would commit. */
  const commit = async (sequence: number) => {
    const events = await database.transaction(async () => {
      const published = [];
      for (let index = 0; index < perCommit; index += 1) {
        published.push(
          await publisher.publish(accountId, 'message.delivered', {
            object: 'message',
            id: `msg_${sequence}_${index}`,
            status: 'delivered',
            to: '+14155550123',
            body: 'Your appointment is confirmed for tomorrow at 10:00.',
          }),
        );
      }
      return published;
    });
    const at = now();
    for (const event of events) committedAt.set(event.id, at);
  };

  // Warm-up (connections, JIT, BullMQ scripts), not measured.
  await Promise.all(Array.from({ length: 50 }, (_, index) => commit(-index - 1)));
  await receiver.until(50 * perCommit * endpointCount, 60_000);
  receiver.reset();
  committedAt.clear();

  // Paced in 10 ms ticks at `rate` events per second, at most 16 transactions in flight.
  const loadBefore = loadavg()[0]!;
  const commits = Math.ceil(eventCount / perCommit);
  const started = now();
  let committed = 0;
  let inFlight = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(commits, Math.ceil((((now() - started) / 1000) * ratePerSecond) / perCommit));
      while (committed < due && inFlight < 16) {
        inFlight += 1;
        void commit(committed).finally(() => (inFlight -= 1));
        committed += 1;
      }
      if (committed >= commits) {
        clearInterval(tick);
        resolve();
      }
    }, 10);
  });
  const publishSeconds = (now() - started) / 1000;
  const expected = commits * perCommit * endpointCount;
  await receiver.until(expected, 300_000);
  const elapsedSeconds = (now() - started) / 1000;
  const deliveries = receiver.deliveries;
  const latencies = [...receiver.receivedAt]
    .map(([eventId, at]) => at - (committedAt.get(eventId) ?? NaN))
    .filter((latency) => !Number.isNaN(latency))
    .sort((left, right) => left - right);
  const baselinePerSecond = await baseline(`${origin}/baseline`, receiver, 20_000);

  await stopProcess(worker);
  await database.close();
  await receiver.close();
  await dropScratchState();

  const round = (value: number) => Math.round(value * 10) / 10;
  const deliveriesPerSecond = deliveries / elapsedSeconds;
  console.log(
    JSON.stringify(
      {
        events: commits * perCommit,
        eventsPerCommit: perCommit,
        endpoints: endpointCount,
        offeredEventsPerSecond: ratePerSecond,
        achievedEventsPerSecond: Math.round((commits * perCommit) / publishSeconds),
        deliveries,
        deliveriesPerSecond: Math.round(deliveriesPerSecond),
        commitToReceiptMs: {
          p50: round(percentile(latencies, 0.5)),
          p99: round(percentile(latencies, 0.99)),
          max: round(latencies.at(-1) ?? NaN),
        },
        baselineSignedPostsPerSecond: Math.round(baselinePerSecond),
        ratioToBaseline: Math.round((deliveriesPerSecond / baselinePerSecond) * 1000) / 1000,
        // The machine's 1-minute load before and after: other work on the same 2 cores skews every figure.
        loadAverage: [round(loadBefore), round(loadavg()[0]!)],
      },
      null,
      2,
    ),
  );
}

if (isMainThread) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runReceiverThread();
}
