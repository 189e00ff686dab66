// Messaging benchmark: scheduled SMS through the API bulk path, then dispatch to the sandbox carrier.
// Usage: node -r @swc-node/register bench/messaging.ts [--messages 1000000] [--connections 4]
//        [--lateness-messages 30000] [--rate 1000] [--worker-concurrency 64] [--far-messages 20000]
// 1. Schedules `messages` SMS with POST /v1/messages/bulk (1,000 a request, `connections` requests in flight) and
//    prints the time to persist and arm them and the Redis memory their jobs take; then `far-messages` due
//    tomorrow, beyond the arming horizon, which take no Redis memory until they come close.
// 2. Makes them all due at once and prints the dispatch throughput to the sandbox carrier, pacing off.
// 3. Schedules `lateness-messages` more, due at `rate` a second, and prints how late the carrier got them (p50, p99).
// The campaign path (enrollment by the worker, `campaigns.enroll`) is not measured here yet.
// Needs Postgres and Redis (DATABASE_ADMIN_URL, REDIS_URL); uses a throwaway database and key prefix.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Database } from '@switchyard/prisma';
import { Redis } from 'ioredis';
import { insertActiveNumber } from '../libs/testing/src/number-fixtures';
import { dropDatabase, migrate, root, startProcess, stopProcess } from './bench-support';

const { values: options } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    connections: { type: 'string', default: '4' },
    'lateness-messages': { type: 'string', default: '30000' },
    'far-messages': { type: 'string', default: '20000' },
    rate: { type: 'string', default: '1000' },
    'worker-concurrency': { type: 'string', default: '64' },
  },
});
const messageCount = Number(options.messages);
const connections = Number(options.connections);
const latenessCount = Number(options['lateness-messages']);
const farCount = Number(options['far-messages']);
const ratePerSecond = Number(options.rate);
const batchSize = 1_000;
const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runId = `${Date.now().toString(36)}_${process.pid}`;
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/sy_bench_messaging_${runId}` }).toString();
const keyPrefix = `bench_messaging_${runId}`;
const apiPort = 3120;
const sender = '+14155550123';
/** Distinct recipients the messages cycle through, so conversations stay a realistic fraction of messages. */
const recipients = 10_000;

const env = {
  PATH: process.env.PATH,
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: keyPrefix,
  AUTH_TOKEN_SECRET: 'bench-token-secret-of-at-least-32-chars',
  API_HOST: '127.0.0.1',
  API_PORT: String(apiPort),
  LOG_LEVEL: 'info',
};

/** Every app process this run started, so a failing run stops them too. */
const running = new Set<ChildProcess>();

async function start(entry: string, extraEnv: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = await startProcess(['-r', '@swc-node/register', entry], { ...env, ...extraEnv }, ready);
  running.add(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  await stopProcess(child);
  running.delete(child);
}

const round = (value: number) => Math.round(value * 10) / 10;
const seconds = (fromMs: number) => (performance.now() - fromMs) / 1000;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

function recipient(index: number): string {
  return `+1415200${String(index % recipients).padStart(4, '0')}`;
}

/** The seeded account and its API key, with one active long code able to send SMS. */
async function seed(database: Database): Promise<{ accountId: string; apiKey: string }> {
  const seeded = execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/seed.ts'], {
    cwd: root,
    env,
  }).toString();
  const apiKey = /API key:\s+(\S+)/.exec(seeded)?.[1];
  const accountId = /account:\s+(\S+)/.exec(seeded)?.[1];
  if (!apiKey || !accountId) throw new Error(`seed printed no account or API key:\n${seeded}`);
  await insertActiveNumber(database, { accountId, phoneNumber: sender });
  return { accountId, apiKey };
}

/** Sends every batch through POST /v1/messages/bulk, `connections` requests at a time. */
async function sendBulk(
  apiKey: string,
  count: number,
  message: (index: number) => { to: string; text: string; sendAt: string },
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) {
        const start = next;
        next = Math.min(count, next + batchSize);
        const messages = Array.from({ length: next - start }, (_, offset) => ({
          from: sender,
          ...message(start + offset),
        }));
        const response = await fetch(`http://127.0.0.1:${apiPort}/v1/messages/bulk`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${apiKey}`,
            'content-type': 'application/json',
            'idempotency-key': `bench-${runId}-${start}-${count}`,
          },
          body: JSON.stringify({ messages }),
        });
        if (response.status !== 201) {
          throw new Error(`bulk send answered ${response.status}: ${await response.text()}`);
        }
        await response.arrayBuffer();
      }
    }),
  );
}

/** Bytes Redis holds under this run's prefix, key by key. */
async function redisBytes(redis: Redis): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 5_000);
    cursor = next;
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key);
    for (const [, bytes] of (await pipeline.exec()) ?? []) total += Number(bytes ?? 0);
  } while (cursor !== '0');
  return total;
}

async function waitForLedger(database: Database, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await database.root.sandboxCarrierMessage.count()) < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} messages reached the carrier in time`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function main(): Promise<void> {
  migrate(databaseUrl);
  const database = new Database({ url: databaseUrl, poolSize: 4 });
  const redis = new Redis(redisUrl);
  const { apiKey } = await seed(database);
  const api = await start('apps/api/src/main.ts', {}, /Server listening/);
  const loadBefore = loadavg()[0]!;

  // 1. Persist and arm: every message is due in four minutes (inside the arming horizon, so each gets its delayed
  // job now), and no worker runs, so none is dispatched while they are written.
  const dueLater = new Date(Date.now() + 240_000).toISOString();
  const persistStarted = performance.now();
  await sendBulk(apiKey, messageCount, (index) => ({
    to: recipient(index),
    text: `Reminder ${index}: your appointment is tomorrow at 10:00.`,
    sendAt: dueLater,
  }));
  const persistSeconds = seconds(persistStarted);
  const jobBytes = await redisBytes(redis);
  // 1b. The same for messages due tomorrow: beyond the arming horizon they wait in Postgres alone.
  const farStarted = performance.now();
  await sendBulk(apiKey, farCount, (index) => ({
    to: recipient(index),
    text: `Tomorrow ${index}`,
    sendAt: new Date(Date.now() + 86_400_000).toISOString(),
  }));
  const farSeconds = seconds(farStarted);
  const farJobBytes = (await redisBytes(redis)) - jobBytes;
  await database.root.$executeRaw`DELETE FROM "Message" WHERE "text" LIKE 'Tomorrow %'`;
  await stop(api);

  // 2. Dispatch throughput, pacing off: all due at once, their delayed jobs promoted, one worker process.
  await database.root.$executeRaw`UPDATE "Message" SET "sendAt" = now() WHERE "status" = 'scheduled'`;
  const worker = await start(
    'apps/worker/src/main.ts',
    { MESSAGING_PACING_ENABLED: 'false', WORKER_CONCURRENCY: options['worker-concurrency']! },
    /job workers started/,
  );
  const { Queue } = await import('bullmq');
  const messagesQueue = new Queue('messages', { connection: redis, prefix: `${keyPrefix}:q` });
  const dispatchStarted = performance.now();
  await messagesQueue.promoteJobs({ count: 10_000 });
  await waitForLedger(database, messageCount, 3_600_000);
  const dispatchSeconds = seconds(dispatchStarted);

  // 3. Lateness at `rate` a second: due times spread from 70 s ahead (the API takes 1 minute ahead at the least).
  const api2 = await start('apps/api/src/main.ts', {}, /Server listening/);
  const firstDue = Date.now() + 70_000;
  await sendBulk(apiKey, latenessCount, (index) => ({
    to: recipient(index),
    text: `On time ${index}`,
    sendAt: new Date(firstDue + Math.floor((index * 1000) / ratePerSecond)).toISOString(),
  }));
  await stop(api2);
  await waitForLedger(database, messageCount + latenessCount, 600_000);
  const lateness = (
    await database.root.$queryRaw<{ ms: number }[]>`
      SELECT EXTRACT(EPOCH FROM (l."recordedAt" - m."sendAt")) * 1000 AS ms
      FROM "SandboxCarrierMessage" l JOIN "Message" m ON m."id" = l."reference"
      WHERE m."text" LIKE 'On time %'`
  )
    .map((row) => Number(row.ms))
    .sort((left, right) => left - right);

  await stop(worker);
  await messagesQueue.close();
  await database.close();
  const keys = await redis.keys(`${keyPrefix}*`);
  for (let index = 0; index < keys.length; index += 10_000)
    await redis.del(...keys.slice(index, index + 10_000));
  redis.disconnect();
  dropDatabase(databaseUrl);

  console.log(
    JSON.stringify(
      {
        apiBulkPath: {
          messages: messageCount,
          perRequest: batchSize,
          connections,
          persistAndArmSeconds: round(persistSeconds),
          messagesPerSecond: Math.round(messageCount / persistSeconds),
          redisMegabytes: round(jobBytes / 1_048_576),
        },
        apiBulkPathDueTomorrow: {
          messages: farCount,
          persistSeconds: round(farSeconds),
          messagesPerSecond: Math.round(farCount / farSeconds),
          redisMegabytes: round(farJobBytes / 1_048_576),
        },
        dispatchPacingOff: {
          messages: messageCount,
          seconds: round(dispatchSeconds),
          messagesPerSecond: Math.round(messageCount / dispatchSeconds),
        },
        latenessAtRate: {
          messages: lateness.length,
          ratePerSecond,
          ms: {
            p50: round(percentile(lateness, 0.5)),
            p99: round(percentile(lateness, 0.99)),
            max: round(lateness.at(-1) ?? NaN),
          },
        },
        // The machine's 1-minute load before and after: other work on the same 2 cores skews every figure.
        loadAverage: [round(loadBefore), round(loadavg()[0]!)],
      },
      null,
      2,
    ),
  );
}

void main().catch(async (error: unknown) => {
  console.error(error);
  await Promise.all([...running].map(stopProcess));
  dropDatabase(databaseUrl);
  process.exit(1);
});
