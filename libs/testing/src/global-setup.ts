import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { type TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    redisKeyPrefix: string;
  }
}

const root = path.resolve(__dirname, '../../..');
const postgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function databaseUrl(name: string): string {
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onAdminConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** One database and one Redis key prefix per test run, migrated from prisma/migrations, removed afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const name = `switchyard_test_${runId}`;
  const url = databaseUrl(name);
  execFileSync(
    process.execPath,
    ['--no-warnings', '--experimental-wasm-modules', path.join(root, 'scripts/db.mjs'), 'migrate'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const keyPrefix = `test_${runId}`;
  project.provide('databaseUrl', url);
  project.provide('redisUrl', redisUrl);
  project.provide('redisKeyPrefix', keyPrefix);
  return async () => {
    await onAdminConnection((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    await deleteKeys(keyPrefix);
  };
}
