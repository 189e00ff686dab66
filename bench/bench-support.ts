import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RtpengineClient } from '@switchyard/media';
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

export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

export interface BenchRtpengine {
  readonly pid: number;
  readonly host: '127.0.0.1';
  readonly ngPort: number;
  readonly dtmfLogPort: number;
  readonly recordingDirectory: string;
  stop(): Promise<void>;
}

function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/**
 * rtpengine in userspace with a media port range of `mediaPorts` ports, configured like `startRtpengine()` from
 * libs/testing, whose fixed 100-port range holds about 25 calls: too few for load. The range stays below Linux's
 * ephemeral ports (32768+), where the callers' own sockets are.
 */
export async function startBenchRtpengine(options: { mediaPorts: number }): Promise<BenchRtpengine> {
  const host = '127.0.0.1';
  const directory = await mkdtemp(path.join(tmpdir(), 'sy-bench-rtpengine-'));
  const [ngPort, dtmfLogPort] = [await freeUdpPort(), await freeUdpPort()];
  const lowestPort = 10_000;
  const portMin = lowestPort + randomInt(Math.max(1, 32_768 - lowestPort - options.mediaPorts));
  const recordingDirectory = path.join(directory, 'recordings');
  const configFile = path.join(directory, 'rtpengine.conf');
  await writeFile(
    configFile,
    [
      '[rtpengine]',
      'table = -1',
      `interface = ${host}`,
      `listen-ng = ${host}:${ngPort}`,
      `port-min = ${portMin}`,
      `port-max = ${Math.min(32_767, portMin + options.mediaPorts - 1)}`,
      `recording-dir = ${recordingDirectory}`,
      'recording-method = pcap',
      `dtmf-log-dest = ${host}:${dtmfLogPort}`,
      'num-threads = 2',
      'delete-delay = 0',
      'foreground = true',
      // Errors only: a per-call line would flood the benchmark's output.
      'log-level = 3',
      'log-stderr = true',
      '',
    ].join('\n'),
  );
  const child = spawn('rtpengine', [`--config-file=${configFile}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  };
  const client = await RtpengineClient.connect({
    host,
    port: ngPort,
    timeoutMs: 10_000,
    retransmitAfterMs: 100,
  });
  try {
    await Promise.race([
      client.ping(),
      exited.then(() => Promise.reject(new Error('rtpengine exited during startup'))),
    ]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await client.close();
  }
  return { pid: child.pid!, host, ngPort, dtmfLogPort, recordingDirectory, stop };
}
