import {
  CallPolicyService,
  CallRecorder,
  defaultBlockedPrefixes,
  LiveCallRegistry,
  OrphanedCalls,
} from '@switchyard/calls';
import { fixedClock } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { createIsolatedDatabase, type IsolatedDatabase, testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { type CallsSip, outboundCall, startCallsSip, trunkLeg } from './call-fixtures';
import { signedInUser } from './number-fixtures';

const start = new Date('2030-01-01T12:00:00.000Z');
const startMs = start.getTime();

describe('call policy', () => {
  const clock = fixedClock(start);
  const env = testEnvironment();
  let api: TestApi;
  let sip: CallsSip;
  let account: TestAccount;

  beforeAll(async () => {
    api = await startTestApi({ env, clock });
    sip = await startCallsSip(env, clock);
    account = await api.provisionAccount();
  });
  afterAll(async () => {
    await sip?.close();
    await api?.close();
  });

  const patch = (body: unknown, token = account.apiKey) =>
    api.request('PATCH', '/v1/call-policy', { token, body });

  it('answers the defaults for the account’s country until the policy is changed', async () => {
    const read = await api.request('GET', '/v1/call-policy', { token: account.apiKey });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body).toEqual({
      object: 'call_policy',
      allowedCountries: ['US'],
      blockedPrefixes: [...defaultBlockedPrefixes],
      maxConcurrentCalls: 10,
      maxCallDurationSeconds: 14_400,
      callsPerSecond: 5,
      updatedAt: null,
    });
  });

  it('changes the fields given, upper-casing countries, and the sip side applies it', async () => {
    const owner = await api.provisionAccount('Policy owner');
    const changed = await patch({ allowedCountries: ['us', 'ca'], maxConcurrentCalls: 3 }, owner.apiKey);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      allowedCountries: ['US', 'CA'],
      blockedPrefixes: [...defaultBlockedPrefixes],
      maxConcurrentCalls: 3,
      callsPerSecond: 5,
      updatedAt: start.toISOString(),
    });
    const read = await api.request('GET', '/v1/call-policy', { token: owner.apiKey });
    expect(read.body).toEqual(changed.body);
    expect(await sip.context.get(CallPolicyService).policyOf(owner.accountId)).toMatchObject({
      allowedCountries: ['US', 'CA'],
      maxConcurrentCalls: 3,
    });
    const admin = await signedInUser(api, owner, 'admin');
    const byAdmin = await patch({ blockedPrefixes: ['+1900'] }, admin.token);
    expect(byAdmin.body).toMatchObject({ blockedPrefixes: ['+1900'], allowedCountries: ['US', 'CA'] });
  });

  it('refuses invalid policies with field errors and keeps the one in force', async () => {
    const refused = await patch({
      allowedCountries: ['US', 'XX', 'US'],
      blockedPrefixes: ['1900'],
      maxConcurrentCalls: 0,
      callsPerSecond: 5_000,
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'allowedCountries.1', code: 'invalid_country' }),
        expect.objectContaining({ field: 'allowedCountries.2', code: 'duplicate' }),
        expect.objectContaining({ field: 'blockedPrefixes.0', code: 'invalid_prefix' }),
        expect.objectContaining({ field: 'maxConcurrentCalls', code: 'out_of_range' }),
        expect.objectContaining({ field: 'callsPerSecond', code: 'out_of_range' }),
      ]),
    );
    expect((await patch({ maxCallDurationSeconds: 'long' })).status).toBe(400);
    expect((await patch({ unknownField: true })).status).toBe(400);
    const read = await api.request('GET', '/v1/call-policy', { token: account.apiKey });
    expect(read.body.updatedAt).toBeNull();
  });

  it('lets agents read the policy but not change it', async () => {
    const agent = await signedInUser(api, account);
    expect((await api.request('GET', '/v1/call-policy', { token: agent.token })).status).toBe(200);
    const refused = await patch({ maxConcurrentCalls: 100 }, agent.token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('insufficient_scope');
  });
});

describe('live call limits', () => {
  const clock = fixedClock(start);
  const env = testEnvironment();
  let first: CallsSip;
  let second: CallsSip;
  let registry: LiveCallRegistry;

  beforeAll(async () => {
    // Two sip instances, each with its own Redis client, under one deployment's key prefix.
    first = await startCallsSip(env, clock);
    second = await startCallsSip(env, clock);
    registry = first.context.get(LiveCallRegistry);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  const admission = (
    accountId: string,
    callId: string,
    nowMs: number,
    limits: Partial<Record<string, number>> = {},
  ) => ({
    accountId,
    callId,
    maxConcurrent: 2,
    callsPerSecond: 100,
    maxDurationMs: 3_600_000,
    nowMs,
    ...limits,
  });

  it('admits up to the concurrency limit, again after a release, and the same call only once', async () => {
    const admit = (callId: string, nowMs = startMs) =>
      registry.admit(admission('acc_concurrency', callId, nowMs));
    expect(await admit('call_a')).toEqual({ admitted: true });
    expect(await admit('call_b')).toEqual({ admitted: true });
    expect(await admit('call_b')).toEqual({ admitted: true });
    expect(await admit('call_c')).toEqual({ admitted: false, reason: 'concurrency_limit' });
    await registry.release('acc_concurrency', 'call_a');
    expect(await admit('call_c', startMs + 5_000)).toEqual({ admitted: true });
    expect(await registry.admit(admission('acc_other', 'call_d', startMs))).toEqual({ admitted: true });
  });

  it('admits at most callsPerSecond calls in any second', async () => {
    const admit = (callId: string, nowMs: number) =>
      registry.admit(admission('acc_rate', callId, nowMs, { maxConcurrent: 100, callsPerSecond: 2 }));
    expect(await admit('call_1', startMs)).toEqual({ admitted: true });
    expect(await admit('call_2', startMs + 400)).toEqual({ admitted: true });
    expect(await admit('call_3', startMs + 900)).toEqual({ admitted: false, reason: 'rate_limit' });
    expect(await admit('call_4', startMs + 1_001)).toEqual({ admitted: true });
  });

  it('lets entries expire by themselves a minute after the longest allowed call', async () => {
    const admit = (callId: string, nowMs: number) =>
      registry.admit(admission('acc_expiry', callId, nowMs, { maxConcurrent: 1, maxDurationMs: 1_000 }));
    expect(await admit('call_lost', startMs)).toEqual({ admitted: true });
    expect(await admit('call_next', startMs + 60_999)).toEqual({
      admitted: false,
      reason: 'concurrency_limit',
    });
    expect(await admit('call_next', startMs + 61_000)).toEqual({ admitted: true });
  });

  it('agrees across sip instances on separate Redis clients', async () => {
    const registries = [registry, second.context.get(LiveCallRegistry)];
    const verdicts = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        registries[index % 2]!.admit(admission('acc_shared', `call_${index}`, startMs, { maxConcurrent: 3 })),
      ),
    );
    expect(verdicts.filter((verdict) => verdict.admitted)).toHaveLength(3);
    await registries[1]!.release('acc_shared', `call_${verdicts.findIndex((verdict) => verdict.admitted)}`);
    expect(
      await registries[0]!.admit(admission('acc_shared', 'call_late', startMs, { maxConcurrent: 3 })),
    ).toEqual({
      admitted: true,
    });
  });
});

describe('calls of vanished sip instances', () => {
  const clock = fixedClock(start);
  let database: IsolatedDatabase;
  let sip: CallsSip;

  beforeAll(async () => {
    // A database of its own: the sweep looks at every account's live calls, and other files leave theirs live.
    database = await createIsolatedDatabase();
    sip = await startCallsSip(testEnvironment({ DATABASE_URL: database.url }), clock);
  });
  afterAll(async () => {
    await sip?.close();
    await database?.drop();
  });

  it('ends the live calls of instances without a heartbeat, and leaves those of live instances alone', async () => {
    const recorder = sip.context.get(CallRecorder);
    const registry = sip.context.get(LiveCallRegistry);
    await registry.heartbeat('sip-alive', 60_000);
    const place = (sipInstanceId: string) => {
      const { call, callerLeg } = outboundCall('acc_orphans', start, { sipInstanceId });
      return { call, record: recorder.begin(call, callerLeg) };
    };
    const answered = place('sip-dead');
    const far = trunkLeg(answered.call, start);
    answered.record.addLeg(far);
    answered.record.legAnswered(far.id, new Date(startMs + 3_000));
    answered.record.answered(new Date(startMs + 3_000));
    const ringing = place('sip-dead');
    ringing.record.ringing(new Date(startMs + 1_000));
    const finished = place('sip-dead');
    finished.record.ended({ sipStatus: 486, sipReason: 'Busy Here', hangupSource: 'callee', at: start });
    const alive = place('sip-alive');
    await recorder.settledAll();

    const now = new Date(startMs + 60_000);
    const orphans = sip.context.get(OrphanedCalls);
    expect(await orphans.closeCallsOfVanishedInstances(now)).toBe(2);
    expect(await orphans.closeCallsOfVanishedInstances(now)).toBe(0);

    const calls = sip.context.get(Database).root.call;
    const statusOf = (id: string) =>
      calls.findUniqueOrThrow({ where: { id }, include: { legs: { orderBy: { startedAt: 'asc' } } } });
    expect(await statusOf(answered.call.id)).toMatchObject({
      status: 'completed',
      sipReason: 'SIP instance lost',
      hangupSource: 'system',
      endedAt: now,
      legs: [{ status: 'failed' }, { id: far.id, status: 'completed', endedAt: now }],
    });
    expect(await statusOf(ringing.call.id)).toMatchObject({
      status: 'failed',
      sipReason: 'SIP instance lost',
    });
    expect(await statusOf(finished.call.id)).toMatchObject({ status: 'busy' });
    expect(await statusOf(alive.call.id)).toMatchObject({ status: 'initiated', endedAt: null });

    const events = await sip.context.get(Database).root.event.findMany({
      where: { accountId: 'acc_orphans' },
      orderBy: { id: 'asc' },
    });
    const typesOf = (id: string) =>
      events.filter((event) => (event.data as { id: string }).id === id).map((event) => event.type);
    expect(typesOf(answered.call.id)).toEqual(['call.initiated', 'call.answered', 'call.completed']);
    expect(typesOf(ringing.call.id)).toEqual(['call.initiated', 'call.ringing', 'call.failed']);
  });
});
