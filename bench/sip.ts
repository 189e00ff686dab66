// Authenticated REGISTERs (401 challenge, then the answer) and outbound call setups (INVITE, 407, INVITE with
// Proxy-Authorization, B2BUA to the carrier trunk, 200, ACK, BYE) through the drachtio test server into the sip app,
// which runs as its own process with Postgres and Redis, against OPTIONS answered by the same app on the same path.
// Usage: node -r @swc-node/register bench/sip.ts [--seconds 10 --concurrency 128 --devices 500]
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { issueApiKey } from '@switchyard/auth';
import { newId } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { DrachtioTestServer, type Endpoint, type SipPeer } from '../libs/testing/src/drachtio';
import { insertActiveNumber } from '../libs/testing/src/number-fixtures';
import {
  dropDatabase,
  migrate,
  percentile,
  processCpuSeconds,
  startProcess,
  stopProcess,
} from './bench-support';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '128' },
    devices: { type: 'string', default: '500' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const deviceCount = Number(values.devices);
const parentDomain = 'sip.bench.test';
const password = 'bench-password-0123456789';
const trunk: Endpoint = { address: '127.0.9.1', port: 5060 };
const offer = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0',
  '',
].join('\r\n');

interface Device {
  readonly username: string;
  readonly peer: SipPeer;
}

interface Measurement {
  readonly operations: number;
  readonly transactions: number;
  readonly latenciesMs: number[];
  readonly appCpuPercent: number;
  readonly benchCpuPercent: number;
  readonly elapsedMs: number;
}

async function provision(databaseUrl: string): Promise<{ domain: string; usernames: string[] }> {
  const database = new Database({ url: databaseUrl, poolSize: 2 });
  const accountId = newId('account');
  const ownerId = newId('user');
  const subdomain = 'bench';
  const domain = `${subdomain}.${parentDomain}`;
  const issued = issueApiKey();
  await database.root.account.create({
    data: {
      id: accountId,
      name: 'Bench',
      country: 'US',
      timezone: 'UTC',
      users: {
        create: { id: ownerId, email: `bench-${ownerId}@example.test`, name: 'Bench', role: 'owner' },
      },
      apiKeys: {
        create: {
          id: newId('apiKey'),
          name: 'bench',
          prefix: issued.prefix,
          secretHash: issued.secretHash,
          scopes: ['*'],
        },
      },
    },
  });
  await database.root.accountSipDomain.create({ data: { accountId, subdomain, createdAt: new Date() } });
  const usernames = Array.from({ length: deviceCount }, (_, index) => `${1000 + index}`);
  const hash = (algorithm: string, username: string) =>
    createHash(algorithm).update(`${username}:${domain}:${password}`).digest('hex');
  await database.root.device.createMany({
    data: usernames.map((username) => ({
      id: newId('device'),
      accountId,
      userId: ownerId,
      name: `Bench ${username}`,
      kind: 'softphone' as const,
      username,
      ha1Md5: hash('md5', username),
      ha1Sha256: hash('sha256', username),
      transports: ['udp' as const],
      enabled: true,
      createdAt: new Date(),
    })),
  });
  await insertActiveNumber(database, { accountId, phoneNumber: '+14155550100' });
  // Limits far above the load, so that every call is admitted and the benchmark measures the call path.
  await database.root.callPolicy.create({
    data: {
      accountId,
      allowedCountries: ['US'],
      blockedPrefixes: ['+1900'],
      maxConcurrentCalls: 10_000,
      maxCallDurationSeconds: 3_600,
      callsPerSecond: 1_000,
      updatedAt: new Date(),
    },
  });
  await database.close();
  return { domain, usernames };
}

/** One authenticated registration: REGISTER, 401, REGISTER with Authorization, 200. */
async function registerOnce(device: Device, domain: string, latencies: number[]): Promise<void> {
  const aor = `sip:${device.username}@${domain}`;
  const started = performance.now();
  const request = device.peer.request('REGISTER', {
    requestUri: `sip:${domain}`,
    from: `<${aor}>`,
    to: `<${aor}>`,
    headers: { Expires: '600', 'User-Agent': 'bench/1.0' },
  });
  const challenge = await request.expectResponse(401, { timeoutMs: 10_000 });
  const answered = performance.now();
  latencies.push(answered - started);
  await request
    .authenticate(challenge, { username: device.username, password })
    .expectResponse(200, { timeoutMs: 10_000 });
  latencies.push(performance.now() - answered);
}

/**
 * One outbound call: INVITE, 407, INVITE with Proxy-Authorization, the app's INVITE to the trunk, 200, ACK, BYE.
 * The latency recorded is the app's call setup: authenticated INVITE in, INVITE to the trunk out.
 */
async function callOnce(
  device: Device,
  domain: string,
  destination: string,
  latencies: number[],
): Promise<void> {
  const call = device.peer.invite({
    requestUri: `sip:${destination}@${domain}`,
    from: `<sip:${device.username}@${domain}>`,
    to: `<sip:${destination}@${domain}>`,
    sdp: offer,
  });
  const challenge = await call.expectResponse(407, { timeoutMs: 10_000 });
  const authenticated = call.authenticate(challenge, { username: device.username, password });
  const started = performance.now();
  const outbound = await server.waitForAppRequest('INVITE', {
    to: trunk,
    uri: `sip:${destination}@${trunk.address}:${trunk.port}`,
    timeoutMs: 10_000,
  });
  latencies.push(performance.now() - started);
  outbound.respond(200, { sdp: offer });
  await authenticated.expectResponse(200, { timeoutMs: 10_000 });
  authenticated.ack();
  const bye = authenticated.bye();
  const trunkBye = await outbound.dialog.expectRequest('BYE', { timeoutMs: 10_000 });
  trunkBye.respond(200);
  await bye.expectResponse(200, { timeoutMs: 10_000 });
}

async function optionsOnce(device: Device, domain: string, latencies: number[]): Promise<void> {
  const started = performance.now();
  await device.peer
    .request('OPTIONS', { requestUri: `sip:${domain}` })
    .expectResponse(200, { timeoutMs: 10_000 });
  latencies.push(performance.now() - started);
}

/** Runs `operation` from `concurrency` loops over the devices for `durationMs`. */
async function drive(
  devices: readonly Device[],
  durationMs: number,
  appPid: number,
  operation: (device: Device, latencies: number[]) => Promise<void>,
  transactionsPerOperation: number,
): Promise<Measurement> {
  const latenciesMs: number[] = [];
  let operations = 0;
  let next = 0;
  const appCpuBefore = processCpuSeconds(appPid);
  const benchCpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const device = devices[next++ % devices.length]!;
        await operation(device, latenciesMs);
        operations += 1;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  return {
    operations,
    transactions: operations * transactionsPerOperation,
    latenciesMs: latenciesMs.sort((a, b) => a - b),
    appCpuPercent: ((processCpuSeconds(appPid) - appCpuBefore) / (elapsedMs / 1000)) * 100,
    benchCpuPercent: ((benchCpu.user + benchCpu.system) / 1000 / elapsedMs) * 100,
    elapsedMs,
  };
}

function row(name: string, measurement: Measurement) {
  const perSecond = (count: number) => Math.round(count / (measurement.elapsedMs / 1000));
  return {
    scenario: name,
    'operations/s': perSecond(measurement.operations),
    'SIP transactions/s': perSecond(measurement.transactions),
    'p50 ms': Number(percentile(measurement.latenciesMs, 0.5).toFixed(2)),
    'p99 ms': Number(percentile(measurement.latenciesMs, 0.99).toFixed(2)),
    'sip app CPU %': Math.round(measurement.appCpuPercent),
    // CPU time per operation moves far less than the rates when other work shares the machine.
    'sip app CPU ms/operation': Number(
      ((measurement.appCpuPercent * 10 * measurement.elapsedMs) / 1000 / measurement.operations).toFixed(3),
    ),
    'bench+test server CPU %': Math.round(measurement.benchCpuPercent),
  };
}

let server: DrachtioTestServer;

async function main(): Promise<void> {
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/switchyard_bench_sip_${Date.now()}`;
  migrate(databaseUrl);
  const { domain, usernames } = await provision(databaseUrl);
  server = await DrachtioTestServer.start({ timeoutMs: 10_000 });
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `bench_sip_${Date.now()}`,
    DRACHTIO_HOST: '127.0.0.1',
    DRACHTIO_PORT: String(server.port),
    DRACHTIO_SECRET: 'cymru',
    SIP_NONCE_SECRET: 'bench-nonce-secret-of-at-least-32-chars',
    SIP_DOMAIN: parentDomain,
    SIP_HEALTH_HOST: '127.0.0.1',
    SIP_HEALTH_PORT: '0',
    SIP_TRUNK_URI: `sip:${trunk.address}:${trunk.port}`,
    LOG_LEVEL: 'info',
  };
  const app = await startProcess(
    ['-r', '@swc-node/register', 'apps/sip/src/main.ts'],
    env,
    /connected to drachtio-server/,
  );
  await server.waitForRoutes(['options', 'register', 'invite']);
  // Every device speaks from an address of its own, as phones do, so the per-source rate limit stays in force.
  const devices: Device[] = usernames.map((username, index) => ({
    username,
    peer: server.peer(
      { address: `127.0.${10 + Math.floor(index / 250)}.${(index % 250) + 1}`, port: 5060 },
      username,
    ),
  }));
  const pid = app.pid!;
  const loadBefore = loadavg();
  try {
    await drive(devices, 2_000, pid, (device, latencies) => optionsOnce(device, domain, latencies), 1);
    const options = await drive(
      devices,
      seconds * 1000,
      pid,
      (device, latencies) => optionsOnce(device, domain, latencies),
      1,
    );
    await drive(devices, 2_000, pid, (device, latencies) => registerOnce(device, domain, latencies), 2);
    const registers = await drive(
      devices,
      seconds * 1000,
      pid,
      (device, latencies) => registerOnce(device, domain, latencies),
      2,
    );
    // Each loop dials its own numbers, so the trunk side can tell the calls apart by Request-URI.
    let callSequence = 0;
    const callOperation = (device: Device, latencies: number[]) =>
      callOnce(device, domain, `+1415${String(2_000_000 + (callSequence++ % 7_000_000))}`, latencies);
    await drive(devices, 2_000, pid, callOperation, 6);
    const calls = await drive(devices, seconds * 1000, pid, callOperation, 6);
    console.table([
      row('OPTIONS (baseline)', options),
      row('authenticated REGISTER: REGISTER, 401, REGISTER with Authorization, 200', registers),
      row('outbound call: INVITE, 407, INVITE, trunk INVITE, 200, ACK, BYE ×2', calls),
    ]);
    const ratio = registers.transactions / registers.elapsedMs / (options.transactions / options.elapsedMs);
    const callRatio = calls.transactions / calls.elapsedMs / (options.transactions / options.elapsedMs);
    console.log(
      `SIP transactions/s vs OPTIONS: authenticated registration ${ratio.toFixed(2)}, outbound calls ${callRatio.toFixed(2)} ` +
        `(a call counts 6 transactions; call latency is authenticated INVITE in → INVITE to the trunk out); ` +
        `${deviceCount} devices, ${concurrency} in flight, ${seconds} s each; latency per SIP transaction as the peer sees it; ` +
        `load average before: ${loadBefore.map((load) => load.toFixed(2)).join(' ')}`,
    );
  } finally {
    await stopProcess(app);
    await server.close();
    dropDatabase(databaseUrl);
  }
}

void main();
