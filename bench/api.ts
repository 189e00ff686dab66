// Authenticated GET /v1/account through the whole API stack against a bare Fastify hello-world, in one run.
// Usage: npm run bench:api [-- --seconds 10 --connections 50]
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { dropDatabase, load, migrate, printTable, root, startProcess, stopProcess } from './bench-support';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } },
});
const options = { seconds: Number(values.seconds), connections: Number(values.connections) };

async function main(): Promise<void> {
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/switchyard_bench_${Date.now()}`;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `bench_${Date.now()}`,
    AUTH_TOKEN_SECRET: 'bench-token-secret-of-at-least-32-chars',
    API_HOST: '127.0.0.1',
    API_PORT: '3100',
    // The production default; the start-up line it logs also tells the benchmark the API is listening.
    LOG_LEVEL: 'info',
  };
  migrate(databaseUrl);
  const seeded = execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/seed.ts'], {
    cwd: root,
    env,
  }).toString();
  const apiKey = /API key:\s+(\S+)/.exec(seeded)?.[1];
  if (!apiKey) throw new Error(`seed printed no API key:\n${seeded}`);

  const bare = await startProcess(
    ['-r', '@swc-node/register', 'bench/hello-fastify.ts', '3101'],
    env,
    /listening/,
  );
  const baseline = await load('bare Fastify hello-world', 'http://127.0.0.1:3101/', {}, options);
  await stopProcess(bare);

  const api = await startProcess(
    ['-r', '@swc-node/register', 'apps/api/src/main.ts'],
    env,
    /Server listening/,
  );
  const account = await load(
    'GET /v1/account (API key)',
    'http://127.0.0.1:3100/v1/account',
    { authorization: `Bearer ${apiKey}` },
    options,
  );
  await stopProcess(api);

  printTable([baseline, account]);
  const ratio = account.requestsPerSecond / baseline.requestsPerSecond;
  console.log(
    `ratio (authenticated read / bare): ${ratio.toFixed(2)} (goal ≥ 0.50) with ${options.connections} connections, ${options.seconds} s each, LOG_LEVEL=${env.LOG_LEVEL}`,
  );
  dropDatabase(databaseUrl);
}

void main();
