// Call-flow benchmark: how fast an inbound call gets its first actions, and how many executor steps run per second.
// Usage: node -r @swc-node/register bench/call-flows.ts [--calls 200000]
// A realistic flow (schedule → menu → ring group → voicemail) is published in a throwaway database. Each measured
// call loads its published version through PublishedFlowLookup (warm in-process cache, as on a busy node) and runs
// the executor to its first actions. The baseline, in the same run, is what the cache saves: one JSON.parse of the
// flow document per call. Needs Postgres (DATABASE_ADMIN_URL).
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  advance,
  CallFlowsModule,
  type ExecutionContext,
  type FlowDocument,
  PublishedFlowLookup,
  startExecution,
  validateFlow,
  validateSchedule,
} from '@switchyard/call-flows';
import { CLOCK, fixedClock, newId, systemClock } from '@switchyard/contracts';
import { Database, DatabaseModule } from '@switchyard/prisma';
import { dropDatabase, migrate } from './bench-support';

const { values: options } = parseArgs({ options: { calls: { type: 'string', default: '200000' } } });
const callCount = Number(options.calls);
const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const runId = `${Date.now().toString(36)}_${process.pid}`;
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/sy_bench_flows_${runId}` }).toString();
const warmUpCalls = 20_000;
/** From Monday 10:00 in New York, a call each millisecond after the warm-up ones: the schedule stays open. */
const firstCallAt = Date.parse('2026-11-23T15:00:00Z') + warmUpCalls;
const clockOfCall = (index: number) => fixedClock(new Date(firstCallAt + index));

const officeHours = {
  name: 'Head office',
  timeZone: 'America/New_York',
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
    day,
    start: '09:00',
    end: '17:00',
  })),
  exceptions: [
    { name: 'Christmas', dates: { type: 'yearly' as const, date: '12-25' }, status: 'closed' as const },
  ],
};

function receptionFlow(scheduleId: string): FlowDocument {
  const users = (...ids: string[]) => ids.map((id) => ({ type: 'user' as const, id }));
  return {
    startNodeId: 'hours',
    nodes: [
      { id: 'hours', kind: 'schedule', scheduleId, exits: { open: 'menu', closed: 'voicemail' } },
      {
        id: 'menu',
        kind: 'menu',
        prompt: { type: 'tts', text: 'Press 1 for sales, 2 for support.' },
        timeoutSeconds: 5,
        interDigitTimeoutSeconds: 3,
        maxDigits: 1,
        maxRetries: 2,
        invalidPrompt: { type: 'tts', text: 'Sorry, that is not an option.' },
        options: { '1': 'Sales', '2': 'Support' },
        directDial: false,
        exits: { 'digit:1': 'sales', 'digit:2': 'support', timeout: 'voicemail', invalid: 'voicemail' },
      },
      {
        id: 'sales',
        kind: 'ring',
        targets: users('usr_sales_1', 'usr_sales_2', 'usr_sales_3'),
        strategy: 'simultaneous',
        ringTimeoutSeconds: 20,
        exits: { answered: null, no_answer: 'voicemail', busy: 'voicemail' },
      },
      {
        id: 'support',
        kind: 'ring',
        targets: users('usr_support_1', 'usr_support_2'),
        strategy: 'sequential',
        ringTimeoutSeconds: 15,
        exits: { answered: null, no_answer: 'voicemail', busy: 'voicemail' },
      },
      { id: 'voicemail', kind: 'voicemail', boxId: 'box-main', exits: { done: null } },
    ],
  };
}

@Global()
@Module({})
class BenchModule {
  static forDatabase(url: string): DynamicModule {
    return {
      module: BenchModule,
      imports: [DatabaseModule.forRoot({ url, poolSize: 2 }), CallFlowsModule],
      providers: [{ provide: CLOCK, useValue: systemClock }],
      exports: [CLOCK],
    };
  }
}

/** Publishes the flow the way the API stores it, after the same validation. */
async function seed(
  database: Database,
): Promise<{ accountId: string; flowId: string; document: FlowDocument }> {
  const accountId = newId('account');
  const scheduleId = newId('schedule');
  const flowId = newId('flow');
  const versionId = newId('flowVersion');
  const checkedHours = validateSchedule(officeHours);
  const document = receptionFlow(scheduleId);
  const checkedFlow = validateFlow(document, { schedules: new Set([scheduleId]) });
  if (!checkedHours.valid || !checkedFlow.valid) throw new Error('the benchmark flow is not valid');
  const now = new Date();
  await database.root.businessHoursSchedule.create({
    data: { id: scheduleId, accountId, ...officeHours, createdAt: now },
  });
  await database.root.flow.create({
    data: {
      id: flowId,
      accountId,
      name: 'Reception',
      draft: document as object,
      lastVersionNumber: 1,
      createdAt: now,
    },
  });
  await database.root.flowVersion.create({
    data: { id: versionId, accountId, flowId, number: 1, document: document as object, createdAt: now },
  });
  await database.root.flow.update({ where: { id: flowId }, data: { currentVersionId: versionId } });
  return { accountId, flowId, document };
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function summary(samplesNs: Float64Array) {
  const sorted = samplesNs.slice().sort();
  const us = (ns: number) => Math.round(ns / 10) / 100;
  return {
    p50Us: us(percentile(sorted, 0.5)),
    p99Us: us(percentile(sorted, 0.99)),
    maxUs: us(sorted.at(-1)!),
  };
}

const callContext = (accountId: string, index: number): Omit<ExecutionContext, 'schedules'> => ({
  callId: `call_${index}`,
  accountId,
  from: '+14155550100',
  to: '+14155550123',
});

async function measureFirstActions(lookup: PublishedFlowLookup, accountId: string, flowId: string) {
  const samples = new Float64Array(callCount);
  for (let index = -warmUpCalls; index < callCount; index += 1) {
    const started = process.hrtime.bigint();
    const flow = await lookup.forFlow(accountId, flowId);
    if (!flow) throw new Error('the flow is not published');
    const result = startExecution(
      flow.document,
      { ...callContext(accountId, index), schedules: flow.schedules },
      clockOfCall(index),
    );
    const elapsed = Number(process.hrtime.bigint() - started);
    if (result.actions.length !== 2) throw new Error('the call did not reach the menu');
    if (index >= 0) samples[index] = elapsed;
  }
  return summary(samples);
}

/** The baseline: what a call would pay to read the document without the cache, before doing anything with it. */
function measureJsonParse(documentJson: string) {
  const samples = new Float64Array(callCount);
  let nodes = 0;
  for (let index = -warmUpCalls; index < callCount; index += 1) {
    const started = process.hrtime.bigint();
    nodes += (JSON.parse(documentJson) as FlowDocument).nodes.length;
    const elapsed = Number(process.hrtime.bigint() - started);
    if (index >= 0) samples[index] = elapsed;
  }
  if (nodes === 0) throw new Error('nothing parsed');
  return summary(samples);
}

/** Whole calls: start, key 1, nobody answers, a message is left. Four executor steps each. */
async function measureSteps(lookup: PublishedFlowLookup, accountId: string, flowId: string) {
  const flow = await lookup.forFlow(accountId, flowId);
  if (!flow) throw new Error('the flow is not published');
  let steps = 0;
  const started = performance.now();
  for (let index = 0; index < callCount; index += 1) {
    const clock = clockOfCall(index);
    let result = startExecution(
      flow.document,
      { ...callContext(accountId, index), schedules: flow.schedules },
      clock,
    );
    result = advance(result.state, { type: 'digits', digits: '1' }, clock);
    result = advance(result.state, { type: 'leg_result', outcome: 'no_answer' }, clock);
    result = advance(result.state, { type: 'voicemail_finished' }, clock);
    if (!result.finished) throw new Error('the call did not end');
    steps += 4;
  }
  return steps / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  migrate(databaseUrl);
  const app = await NestFactory.createApplicationContext(BenchModule.forDatabase(databaseUrl), {
    logger: false,
  });
  try {
    const { accountId, flowId, document } = await seed(app.get(Database));
    const lookup = app.get(PublishedFlowLookup);
    const loadBefore = loadavg()[0]!;
    const coldStarted = performance.now();
    await lookup.forFlow(accountId, flowId);
    const coldLoadMs = performance.now() - coldStarted;
    const firstActions = await measureFirstActions(lookup, accountId, flowId);
    const baseline = measureJsonParse(JSON.stringify(document));
    const stepsPerSecond = await measureSteps(lookup, accountId, flowId);
    console.log(
      JSON.stringify(
        {
          calls: callCount,
          flow: 'schedule → menu → ring group → voicemail',
          coldLoadMs: Math.round(coldLoadMs * 100) / 100,
          firstActionsWithCachedLookup: firstActions,
          baselineJsonParsePerCall: baseline,
          ratioP99ToBaseline: Math.round((firstActions.p99Us / baseline.p99Us) * 100) / 100,
          goalP99Under1ms: firstActions.p99Us < 1000,
          executorStepsPerSecond: Math.round(stepsPerSecond),
          // The machine's 1-minute load before and after: other work on the same cores skews every figure.
          loadAverage: [Math.round(loadBefore * 100) / 100, Math.round(loadavg()[0]! * 100) / 100],
        },
        null,
        2,
      ),
    );
  } finally {
    await app.close();
    dropDatabase(databaseUrl);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
