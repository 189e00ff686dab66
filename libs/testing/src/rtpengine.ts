import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real rtpengine daemon in userspace for one test file, on ports of its own. */
export interface RtpengineProcess {
  /** Of the daemon itself (it runs in the foreground), e.g. to read its CPU time from /proc. */
  readonly pid: number;
  readonly host: '127.0.0.1';
  readonly ngPort: number;
  readonly cliPort: number;
  /** Where it sends DTMF log datagrams; nothing listens there until the code under test binds it. */
  readonly dtmfLogPort: number;
  readonly portMin: number;
  readonly portMax: number;
  /** Its `recording-dir` (pcap method): captures under `pcaps/`, metadata under `metadata/`. */
  readonly recordingDirectory: string;
  /** What it logged so far, for failure messages. */
  readonly log: () => string;
  stop(): Promise<void>;
}

export interface RtpengineOptions {
  /** Size of its media port range; 100 by default, room for about 25 calls. */
  readonly mediaPorts?: number;
  /** Its `log-level` (syslog levels, 3 = errors only); rtpengine's own default when left out. */
  readonly logLevel?: number;
}

const installHint =
  'rtpengine is not installed; install it with `apt-get install -y rtpengine-daemon rtpengine-utils`';
const host = '127.0.0.1';
const startupTimeoutMs = 10_000;
/**
 * Media ports are taken below Linux's ephemeral range (32768+), so the tests' own sockets never sit in it, in blocks
 * aligned to the range's size: two runs asking for the same size get the same block or disjoint ones.
 */
const mediaPortBase = 20_000;
const mediaPortEnd = 32_768;

/**
 * Starts rtpengine with a temporary config and recording directory on free ports (ng, cli, DTMF log, a media port
 * range), resolves once it answers an ng ping, and fails with the install command when the binary is missing.
 */
export async function startRtpengine(options: RtpengineOptions = {}): Promise<RtpengineProcess> {
  const { mediaPorts = 100, logLevel } = options;
  const mediaPortBlocks = Math.floor((mediaPortEnd - mediaPortBase) / mediaPorts);
  if (!Number.isInteger(mediaPorts) || mediaPorts < 2 || mediaPortBlocks < 1)
    throw new RangeError(`${mediaPorts} media ports do not fit in ${mediaPortBase}-${mediaPortEnd - 1}`);
  const directory = await mkdtemp(path.join(tmpdir(), 'sy-rtpengine-'));
  const [ngPort, dtmfLogPort, cliPort] = [await freeUdpPort(), await freeUdpPort(), await freeTcpPort()];
  const portMin = mediaPortBase + randomInt(mediaPortBlocks) * mediaPorts;
  const portMax = portMin + mediaPorts - 1;
  const recordingDirectory = path.join(directory, 'recordings');
  const configFile = path.join(directory, 'rtpengine.conf');
  await writeFile(
    configFile,
    [
      '[rtpengine]',
      'table = -1',
      `interface = ${host}`,
      `listen-ng = ${host}:${ngPort}`,
      `listen-cli = ${host}:${cliPort}`,
      `port-min = ${portMin}`,
      `port-max = ${portMax}`,
      `recording-dir = ${recordingDirectory}`,
      'recording-method = pcap',
      `dtmf-log-dest = ${host}:${dtmfLogPort}`,
      'num-threads = 2',
      // Ports of a deleted call are freed at once, so consecutive tests do not run out of the small range.
      'delete-delay = 0',
      'foreground = true',
      ...(logLevel === undefined ? [] : [`log-level = ${logLevel}`]),
      'log-stderr = true',
      '',
    ].join('\n'),
  );
  const child = spawn(
    'rtpengine',
    [`--config-file=${configFile}`, `--pidfile=${path.join(directory, 'rtpengine.pid')}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    await stopProcess(child, exited);
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'ENOENT' ? new Error(installHint) : error),
      );
      child.once('spawn', resolve);
    });
    await Promise.race([
      ngPing(ngPort, startupTimeoutMs),
      exited.then(() => Promise.reject(new Error(`rtpengine exited during startup:\n${log}`))),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid: child.pid!,
    host,
    ngPort,
    cliPort,
    dtmfLogPort,
    portMin,
    portMax,
    recordingDirectory,
    log: () => log,
    stop,
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(killer);
}

/** Resolves once rtpengine answers `ping` on its ng port; the request repeats until then (it may still be binding). */
function ngPing(port: number, timeoutMs: number): Promise<void> {
  const socket = createSocket('udp4');
  const cookie = randomBytes(6).toString('hex');
  const request = Buffer.from(`${cookie} d7:command4:pinge`, 'latin1');
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearInterval(repeat);
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve();
    };
    socket.on('error', () => undefined);
    socket.on('message', (message) => {
      if (message.toString('latin1').startsWith(`${cookie} `) && message.includes('pong')) finish();
    });
    const send = () => socket.send(request, port, host, () => undefined);
    const repeat = setInterval(send, 100);
    const timer = setTimeout(
      () => finish(new Error(`rtpengine did not answer ping within ${timeoutMs} ms`)),
      timeoutMs,
    );
    send();
  });
}

function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function freeTcpPort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
