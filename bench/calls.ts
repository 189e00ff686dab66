// Concurrent inbound IVR calls: a carrier's INVITEs through the drachtio test server into the sip app (its own
// process, with Postgres and Redis), answered by a published menu whose long spoken prompt real rtpengine plays.
// Each caller is an RtpPeer on a UDP port of its own. The calls open at a steady rate (by default ramping from 50/s
// to 200/s), stay in the menu until `--concurrent` of them are up together, are held for `--hold-seconds` while the
// bench counts which still receive prompt audio, then all hang up.
// Prints call setups/s (200s received from the first INVITE to the last 200), calls held, p50/p99 INVITE→200 and
// INVITE→first prompt packet (per second of the ramp and overall), and CPU: the sip app, rtpengine, the bench itself
// (test server and callers) and everything else on the machine (Postgres, Redis, other work), from /proc.
// Baseline, measured in the same run before the load: single calls one after another. Latencies under load are
// printed as ratios to the baseline's median, and CPU per call (set up and hung up) as ratios to the baseline's.
// Usage: node -r @swc-node/register bench/calls.ts [--concurrent 500 --rate 100 --hold-seconds 5]
// Needs Postgres, Redis, rtpengine, espeak-ng and sox (apt-get install rtpengine-daemon espeak-ng sox).
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type FlowDocument, validateFlow } from '@switchyard/call-flows';
import { newId } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { DrachtioTestServer, type NetworkCall, type SipPeer } from '../libs/testing/src/drachtio';
import { insertActiveNumber } from '../libs/testing/src/number-fixtures';
import { RtpPeer } from '../libs/testing/src/rtp-peer';
import { startRtpengine } from '../libs/testing/src/rtpengine';
import {
  dropDatabase,
  machineBusyCpuSeconds,
  migrate,
  percentile,
  processCpuSeconds,
  startProcess,
  stopProcess,
} from './bench-support';

const { values } = parseArgs({
  options: {
    concurrent: { type: 'string', default: '500' },
    rate: { type: 'string' },
    'hold-seconds': { type: 'string', default: '5' },
  },
});
const concurrent = Number(values.concurrent);
const fixedRate = values.rate === undefined ? undefined : Number(values.rate);
const holdSeconds = Number(values['hold-seconds']);
const ramp = { from: 50, to: 200 };
const baselineCalls = 20;
const callTimeoutMs = 10_000;
const carrierAddress = '127.0.9.1';
const calledNumber = '+14155550100';
/** Ports rtpengine takes per call: RTP and RTCP for the caller's side and for the silent side prompts stand in for. */
const portsPerCall = 4;

/** Over two minutes of speech (then the menu waits 60 s for a key), so callers stay in the menu while held. */
const longPrompt = Array.from(
  { length: 14 },
  (_, index) =>
    `Thank you for calling the benchmark line, this is part ${index + 1} of a long menu. ` +
    'For sales press one, for support press two, for billing press three, or stay on the line.',
).join(' ');

const menuFlow: FlowDocument = {
  startNodeId: 'menu',
  nodes: [
    {
      id: 'menu',
      kind: 'menu',
      prompt: { type: 'tts', text: longPrompt },
      timeoutSeconds: 60,
      interDigitTimeoutSeconds: 5,
      maxDigits: 1,
      maxRetries: 0,
      options: { '1': 'Sales' },
      directDial: false,
      exits: { 'digit:1': 'goodbye', timeout: 'goodbye', invalid: 'goodbye' },
    },
    { id: 'goodbye', kind: 'hangup', exits: {} },
  ],
};

/** One caller: when its INVITE left, and when the 200 and the first prompt packet came (ms after the INVITE). */
interface Call {
  readonly phone: RtpPeer;
  readonly sentAt: number;
  dialog?: NetworkCall;
  answeredMs?: number;
  firstPacketMs?: number;
  failure?: string;
}

/** CPU milliseconds each process used over a stretch of wall-clock time. */
interface CpuWindow {
  readonly appMs: number;
  readonly rtpengineMs: number;
  readonly benchMs: number;
  /** Every other process on the machine: Postgres, Redis, and whatever else runs there. */
  readonly othersMs: number;
  readonly elapsedMs: number;
}

/** Measures the CPU the sip app, rtpengine and this process use from now until the returned function is called. */
function cpuWindow(appPid: number, rtpenginePid: number): () => CpuWindow {
  const app = processCpuSeconds(appPid);
  const rtpengine = processCpuSeconds(rtpenginePid);
  const bench = process.cpuUsage();
  const machine = machineBusyCpuSeconds();
  const started = performance.now();
  return () => {
    const benchUsage = process.cpuUsage(bench);
    const appMs = (processCpuSeconds(appPid) - app) * 1000;
    const rtpengineMs = (processCpuSeconds(rtpenginePid) - rtpengine) * 1000;
    const benchMs = (benchUsage.user + benchUsage.system) / 1000;
    const machineMs = (machineBusyCpuSeconds() - machine) * 1000;
    return {
      appMs,
      rtpengineMs,
      benchMs,
      othersMs: Math.max(0, machineMs - appMs - rtpengineMs - benchMs),
      elapsedMs: performance.now() - started,
    };
  };
}

function combined(windows: readonly CpuWindow[]): CpuWindow {
  const sum = (field: keyof CpuWindow) => windows.reduce((total, window) => total + window[field], 0);
  return {
    appMs: sum('appMs'),
    rtpengineMs: sum('rtpengineMs'),
    benchMs: sum('benchMs'),
    othersMs: sum('othersMs'),
    elapsedMs: sum('elapsedMs'),
  };
}

async function provision(databaseUrl: string): Promise<void> {
  const database = new Database({ url: databaseUrl, poolSize: 2 });
  const checked = validateFlow(menuFlow);
  if (!checked.valid) throw new Error(`the benchmark flow is not valid: ${JSON.stringify(checked)}`);
  const accountId = newId('account');
  const flowId = newId('flow');
  const versionId = newId('flowVersion');
  const now = new Date();
  await database.root.account.create({
    data: { id: accountId, name: 'Bench', country: 'US', timezone: 'UTC' },
  });
  await database.root.flow.create({
    data: {
      id: flowId,
      accountId,
      name: 'Long menu',
      draft: menuFlow as object,
      lastVersionNumber: 1,
      createdAt: now,
    },
  });
  await database.root.flowVersion.create({
    data: { id: versionId, accountId, flowId, number: 1, document: menuFlow as object, createdAt: now },
  });
  await database.root.flow.update({ where: { id: flowId }, data: { currentVersionId: versionId } });
  const numberId = await insertActiveNumber(database, { accountId, phoneNumber: calledNumber });
  await database.root.phoneNumber.update({
    where: { id: numberId },
    data: { voice: { type: 'flow', flowId } },
  });
  await database.close();
}

/** INVITE with a real RTP endpoint; resolves once the first prompt packet arrived, or the call failed. */
async function placeCall(carrier: SipPeer, sipAddress: string): Promise<Call> {
  const phone = await RtpPeer.open();
  const call: Call = { phone, sentAt: performance.now() };
  const dialog = carrier.invite({
    requestUri: `sip:${calledNumber}@${sipAddress}`,
    from: '<sip:+12125550100@carrier.example.test>',
    to: `<sip:${calledNumber}@${sipAddress}>`,
    sdp: phone.sdp(),
  });
  const firstPacket = phone.waitFor((received) => received.length > 0, callTimeoutMs);
  try {
    const ok = await dialog.expectResponse(200, { timeoutMs: callTimeoutMs });
    call.answeredMs = performance.now() - call.sentAt;
    call.dialog = dialog;
    dialog.ack();
    phone.connectTo(ok.body);
    await firstPacket;
    call.firstPacketMs = phone.received[0]!.arrivedAt - call.sentAt;
  } catch (error) {
    firstPacket.catch(() => undefined);
    call.failure = (error as Error).message.split(' (unclaimed')[0];
  }
  return call;
}

/** Seconds after the start at which call `index` is due: a constant rate, or a linear ramp over all the calls. */
function dueAtSeconds(index: number): number {
  if (fixedRate !== undefined) return index / fixedRate;
  const duration = (2 * concurrent) / (ramp.from + ramp.to);
  const slope = (ramp.to - ramp.from) / duration;
  return (-ramp.from + Math.sqrt(ramp.from ** 2 + 2 * slope * index)) / slope;
}

/** Opens `concurrent` calls on schedule; resolves when every one is in the menu or failed. */
async function openCalls(
  carrier: SipPeer,
  sipAddress: string,
): Promise<{ calls: Call[]; startedAt: number }> {
  const placing: Promise<Call>[] = [];
  const startedAt = performance.now();
  while (placing.length < concurrent) {
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    while (placing.length < concurrent && dueAtSeconds(placing.length) <= elapsedSeconds) {
      placing.push(placeCall(carrier, sipAddress));
    }
    await delay(2);
  }
  return { calls: await Promise.all(placing), startedAt };
}

/** The calls whose prompt audio keeps arriving over `seconds`. */
async function stillPlaying(calls: readonly Call[], seconds: number): Promise<number> {
  const before = calls.map((call) => call.phone.received.length);
  await delay(seconds * 1000);
  return calls.filter((call, index) => call.phone.received.length > before[index]!).length;
}

/** A call alone on the system: placed, in the menu, hung up. */
async function singleCall(carrier: SipPeer, sipAddress: string): Promise<Call> {
  const call = await placeCall(carrier, sipAddress);
  if (call.failure !== undefined) throw new Error(`a single call failed: ${call.failure}`);
  await hangUpAll([call]);
  return call;
}

async function hangUpAll(calls: readonly Call[]): Promise<number> {
  const results = await Promise.allSettled(
    calls.map((call) => call.dialog?.bye().expectResponse(200, { timeoutMs: callTimeoutMs })),
  );
  for (const call of calls) call.phone.close();
  return results.filter((result) => result.status === 'rejected').length;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const sorted = (samples: (number | undefined)[]) =>
  samples.filter((sample): sample is number => sample !== undefined).sort((a, b) => a - b);

function latencyColumns(calls: readonly Call[]) {
  const answered = sorted(calls.map((call) => call.answeredMs));
  const firstPackets = sorted(calls.map((call) => call.firstPacketMs));
  return {
    'INVITE→200 p50 ms': round(percentile(answered, 0.5)),
    'INVITE→200 p99 ms': round(percentile(answered, 0.99)),
    'INVITE→first prompt packet p50 ms': round(percentile(firstPackets, 0.5)),
    'INVITE→first prompt packet p99 ms': round(percentile(firstPackets, 0.99)),
  };
}

/** One row per second of the opening phase, by when each INVITE left. */
function perSecond(calls: readonly Call[], startedAt: number) {
  const seconds = new Map<number, Call[]>();
  for (const call of calls) {
    const second = Math.floor((call.sentAt - startedAt) / 1000);
    seconds.set(second, [...(seconds.get(second) ?? []), call]);
  }
  return [...seconds.entries()].map(([second, inSecond]) => ({
    second,
    INVITEs: inSecond.length,
    failed: inSecond.filter((call) => call.failure !== undefined).length,
    ...latencyColumns(inSecond),
  }));
}

/** CPU % of one core over the window, and per call when the window set up and hung up `calls` calls. */
function cpuColumns(window: CpuWindow, calls?: number) {
  const percent = (ms: number) => Math.round((ms * 100) / window.elapsedMs);
  const perCall = (ms: number) => (calls === undefined ? '' : round(ms / calls, 2));
  return {
    'sip app CPU %': percent(window.appMs),
    'rtpengine CPU %': percent(window.rtpengineMs),
    'bench+test server+callers CPU %': percent(window.benchMs),
    'everything else CPU %': percent(window.othersMs),
    'sip app CPU ms/call': perCall(window.appMs),
    'rtpengine CPU ms/call': perCall(window.rtpengineMs),
  };
}

async function main(): Promise<void> {
  const runId = `${Date.now()}_${process.pid}`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/switchyard_bench_calls_${runId}`;
  migrate(databaseUrl);
  await provision(databaseUrl);
  const promptDirectory = await mkdtemp(path.join(tmpdir(), 'sy-bench-prompts-'));
  // Room for twice the calls: a hung-up call's ports are free again at once (delete-delay 0). Errors only in its
  // log: a line per call would slow it down.
  const rtpengine = await startRtpengine({ mediaPorts: concurrent * portsPerCall * 2, logLevel: 3 });
  const server = await DrachtioTestServer.start({ timeoutMs: callTimeoutMs });
  const app = await startProcess(
    ['-r', '@swc-node/register', 'apps/sip/src/main.ts'],
    {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `bench_calls_${runId}`,
      DRACHTIO_HOST: '127.0.0.1',
      DRACHTIO_PORT: String(server.port),
      DRACHTIO_SECRET: 'cymru',
      SIP_NONCE_SECRET: 'bench-nonce-secret-of-at-least-32-chars',
      SIP_HEALTH_HOST: '127.0.0.1',
      SIP_HEALTH_PORT: '0',
      SIP_TRUSTED_SOURCES: carrierAddress,
      RTPENGINE_NG_HOST: rtpengine.host,
      RTPENGINE_NG_PORT: String(rtpengine.ngPort),
      RTPENGINE_DTMF_LOG_PORT: String(rtpengine.dtmfLogPort),
      RTPENGINE_RECORDING_DIR: rtpengine.recordingDirectory,
      PROMPT_CACHE_DIR: promptDirectory,
      LOG_LEVEL: 'info',
    },
    /connected to drachtio-server/,
  );
  const carrier = server.peer({ address: carrierAddress, port: 5060 }, 'carrier');
  const loadBefore = loadavg();
  try {
    await server.waitForRoutes(['invite']);
    const pids = [app.pid!, rtpengine.pid] as const;

    // A first call synthesizes the prompt: it warms up and is not measured.
    await singleCall(carrier, server.sipAddress);
    const baselineCpu = cpuWindow(...pids);
    const baseline: Call[] = [];
    for (let index = 0; index < baselineCalls; index++) {
      baseline.push(await singleCall(carrier, server.sipAddress));
    }
    const baselineWindow = baselineCpu();

    const setupCpu = cpuWindow(...pids);
    const { calls, startedAt } = await openCalls(carrier, server.sipAddress);
    const setupWindow = setupCpu();
    const answered = calls.filter((call) => call.answeredMs !== undefined);
    const lastAnswer = Math.max(...answered.map((call) => call.sentAt + call.answeredMs!));
    const setupsPerSecond = answered.length / ((lastAnswer - startedAt) / 1000);
    const held = calls.filter((call) => call.firstPacketMs !== undefined);

    const holdCpu = cpuWindow(...pids);
    const playing = await stillPlaying(held, holdSeconds);
    const holdWindow = holdCpu();
    const hangUpCpu = cpuWindow(...pids);
    const byeFailures = await hangUpAll(calls);
    const hangUpWindow = hangUpCpu();

    const failures = new Map<string, number>();
    for (const call of calls) {
      if (call.failure !== undefined) failures.set(call.failure, (failures.get(call.failure) ?? 0) + 1);
    }
    console.log(
      `Opening ${concurrent} calls ${fixedRate === undefined ? `ramping ${ramp.from}→${ramp.to}/s` : `at ${fixedRate}/s`}, per second:`,
    );
    console.table(perSecond(calls, startedAt));
    const summary = {
      calls: calls.length,
      'setups/s': round(setupsPerSecond),
      'in the menu together': held.length,
      [`still getting prompt audio over ${holdSeconds} s`]: playing,
      failed: calls.length - held.length,
    };
    console.table([summary]);
    const baselineLatency = latencyColumns(baseline);
    const loadedLatency = latencyColumns(calls);
    console.table([
      { scenario: `baseline: ${baselineCalls} single calls in a row`, ...baselineLatency },
      { scenario: `${concurrent} calls opened under load`, ...loadedLatency },
    ]);
    const loadedWindow = combined([setupWindow, hangUpWindow]);
    console.table([
      { phase: 'baseline: single calls, set up and hung up', ...cpuColumns(baselineWindow, baseline.length) },
      { phase: 'opening the calls', ...cpuColumns(setupWindow) },
      { phase: `holding ${held.length} calls in the menu`, ...cpuColumns(holdWindow) },
      { phase: 'hanging up', ...cpuColumns(hangUpWindow) },
      { phase: 'opening and hanging up', ...cpuColumns(loadedWindow, calls.length) },
    ]);
    const ratio = (loaded: number, base: number) => (loaded / base).toFixed(2);
    console.log(
      `Against the baseline's median: INVITE→200 p50 ×${ratio(loadedLatency['INVITE→200 p50 ms'], baselineLatency['INVITE→200 p50 ms'])}, ` +
        `p99 ×${ratio(loadedLatency['INVITE→200 p99 ms'], baselineLatency['INVITE→200 p50 ms'])}; ` +
        `INVITE→first prompt packet p50 ×${ratio(loadedLatency['INVITE→first prompt packet p50 ms'], baselineLatency['INVITE→first prompt packet p50 ms'])}, ` +
        `p99 ×${ratio(loadedLatency['INVITE→first prompt packet p99 ms'], baselineLatency['INVITE→first prompt packet p50 ms'])}; ` +
        `CPU per call set up and hung up: sip app ×${ratio(loadedWindow.appMs / calls.length, baselineWindow.appMs / baseline.length)}, ` +
        `rtpengine ×${ratio(loadedWindow.rtpengineMs / calls.length, baselineWindow.rtpengineMs / baseline.length)}.`,
    );
    const goals = [
      [`≥ 100 call setups/s`, setupsPerSecond >= 100],
      [`≥ 500 calls held with prompt audio`, playing >= 500],
      [`first prompt packet p99 < 150 ms`, loadedLatency['INVITE→first prompt packet p99 ms'] < 150],
    ] as const;
    console.log(`Goals: ${goals.map(([goal, met]) => `${goal} ${met ? 'met' : 'NOT met'}`).join('; ')}.`);
    if (failures.size > 0) console.log('Failures:', Object.fromEntries(failures));
    if (byeFailures > 0) console.log(`${byeFailures} BYEs got no 200 (calls the app had ended already).`);
    const rtpengineErrors = rtpengine.log().trim().split('\n').filter(Boolean);
    if (rtpengineErrors.length > 0)
      console.log(
        `rtpengine logged ${rtpengineErrors.length} lines at error level, the last:\n${rtpengineErrors.slice(-10).join('\n')}`,
      );
    console.log(
      `Load average before: ${loadBefore.map((load) => load.toFixed(2)).join(' ')}; ` +
        `${holdSeconds} s hold; CPU % is of one core, ${cpus().length} cores; "everything else" is Postgres, Redis and ` +
        'any other work on the machine, which slows every process here when it is busy.',
    );
  } finally {
    await stopProcess(app);
    await server.close();
    await rtpengine.stop();
    await rm(promptDirectory, { recursive: true, force: true });
    dropDatabase(databaseUrl);
  }
}

void main();
