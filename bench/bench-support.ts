import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export const root = path.resolve(__dirname, '..');

export interface LoadResult {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
}

/** Runs a node entry point as its own process and resolves once `ready` appears in its output. */
export async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (seen === null) return;
      seen += chunk.toString();
      if (ready.test(seen)) {
        seen = '';
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  child.stdout!.resume();
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

export async function load(
  name: string,
  url: string,
  headers: Record<string, string>,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  // A short warm-up lets the JIT and connection pools settle before measuring.
  await autocannon({ url, headers, connections: options.connections, duration: 2 });
  const result = await autocannon({
    url,
    headers,
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}

export function migrate(databaseUrl: string): void {
  execFileSync(
    process.execPath,
    ['--no-warnings', '--experimental-wasm-modules', 'scripts/db.mjs', 'migrate'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: 'ignore',
    },
  );
}

export function printTable(results: readonly LoadResult[]): void {
  const rows = results.map((result) => ({
    scenario: result.name,
    'req/s': Math.round(result.requestsPerSecond),
    'p50 ms': result.p50Ms,
    'p99 ms': result.p99Ms,
    'non-2xx': result.non2xx,
  }));
  console.table(rows);
}

/** Removes a benchmark's own database, closing whatever connections it still has. */
export function dropDatabase(databaseUrl: string): void {
  const name = new URL(databaseUrl).pathname.slice(1);
  execFileSync('psql', [
    `--dbname=${databaseUrl.replace(/\/[^/]*$/, '/postgres')}`,
    '-q',
    '-c',
    `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
  ]);
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds every core of the machine has been busy so far (all processes), from /proc/stat. */
export function machineBusyCpuSeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/** The sample at `fraction` (0.99 for p99) of samples sorted ascending; 0 when there are none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}
