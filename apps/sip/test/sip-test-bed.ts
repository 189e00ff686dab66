import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type INestApplicationContext } from '@nestjs/common';
import { issueApiKey } from '@switchyard/auth';
import { CallRecorder } from '@switchyard/calls';
import { loadSipConfig } from '@switchyard/config';
import { type EventType, fixedClock, newId } from '@switchyard/contracts';
import { createLogger } from '@switchyard/logging';
import { Database } from '@switchyard/prisma';
import {
  type AppProcess,
  DrachtioTestServer,
  eventually,
  type NetworkCall,
  type PeerDialog,
  type PeerRequest,
  type ReceivedRequest,
  RtpPeer,
  SipMessage,
  type SipPeer,
  spawnApp,
  startRtpengine,
  testEnvironment,
} from '@switchyard/testing';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { createSipApp } from '../src/sip-app';

/** A logger whose lines the test can await, so nothing waits on the clock. */
export function observableLogger() {
  const lines: Record<string, unknown>[] = [];
  const waiters: { match: (line: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const line = JSON.parse(String(chunk)) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.match(line)) waiter.resolve();
        else waiters.push(waiter);
      }
      done();
    },
  });
  return {
    logger: createLogger({ service: 'sip', level: 'debug' }, stream),
    waitFor: (match: (line: Record<string, unknown>) => boolean) =>
      lines.some(match)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ match, resolve })),
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sipDomain = 'sip.switchyard.test';

export interface TestDevice {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  readonly sipDomain: string;
}

/**
 * The sip app on a controllable clock behind the drachtio test server, the real API (its own process, sharing the
 * database and Redis key prefix) for devices and registrations, and one provisioned account.
 */
export async function startSipTestBed(overrides: Record<string, string> = {}) {
  const environment = testEnvironment({
    DRACHTIO_SECRET: 'cymru',
    DRACHTIO_RECONNECT_MAX_MS: '200',
    SIP_NONCE_SECRET: 'test-nonce-secret-of-at-least-32-chars',
    SIP_DOMAIN: sipDomain,
    SIP_HEALTH_HOST: '127.0.0.1',
    SIP_HEALTH_PORT: '0',
    ...overrides,
  });
  const server = await DrachtioTestServer.start();
  const clock = fixedClock(new Date());
  const observed = observableLogger();
  const config = loadSipConfig({ ...environment, DRACHTIO_PORT: String(server.port) });
  const app: INestApplicationContext = await createSipApp(config, { logger: observed.logger, clock });
  const apiPort = await freePort();
  const api: AppProcess = spawnApp('apps/api/src/main.ts', {
    ...environment,
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    LOG_LEVEL: 'info',
  });
  const database = new Database({ url: config.database.url, poolSize: 2 });
  const redis = new Redis(config.redis.url);
  await Promise.all([
    server.waitForRoutes(['options', 'register']),
    api.waitForLog((line) => String(line.msg).startsWith('Server listening')),
  ]);
  const account = await provisionAccount(database);
  let appClosed: Promise<void> | undefined;
  const closeApp = () => (appClosed ??= app.close());

  async function apiRequest(method: string, path: string, body?: unknown) {
    const response = await fetch(`http://127.0.0.1:${apiPort}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${account.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
  }

  return {
    server,
    app,
    clock,
    logs: observed,
    redis,
    keyPrefix: config.redis.keyPrefix,
    account,
    apiRequest,
    async createDevice(username: string, body: Record<string, unknown> = {}): Promise<TestDevice> {
      const created = await apiRequest('POST', '/v1/devices', {
        userId: account.ownerId,
        name: `Phone ${username}`,
        kind: 'desk_phone',
        username,
        ...body,
      });
      if (created.status !== 201) throw new Error(`device not created: ${JSON.stringify(created.body)}`);
      return created.body as TestDevice;
    },
    /** Resolves once every call record change the sip app made so far is in Postgres. */
    settled: () => app.get(CallRecorder).settledAll(),
    /** Buys a sandbox number for the account through the API. */
    async buyNumber(): Promise<{ id: string; phoneNumber: string }> {
      const endsWith = String(1000 + Math.floor(Math.random() * 8999));
      const found = await apiRequest(
        'GET',
        `/v1/available-numbers?country=US&type=local&endsWith=${endsWith}`,
      );
      const phoneNumber = (found.body?.data?.[0] as { phoneNumber: string } | undefined)?.phoneNumber;
      if (phoneNumber === undefined) throw new Error(`no number ends with ${endsWith}`);
      const bought = await apiRequest('POST', '/v1/numbers', { phoneNumber });
      if (bought.status !== 201) throw new Error(`number not bought: ${JSON.stringify(bought.body)}`);
      return bought.body as { id: string; phoneNumber: string };
    },
    /** Stops the sip app as SIGTERM does; safe to call before `close`. */
    closeApp,
    async close() {
      await closeApp();
      await server.close();
      await api.stop();
      redis.disconnect();
      await database.close();
    },
  };
}

export type SipTestBed = Awaited<ReturnType<typeof startSipTestBed>>;

/**
 * The sip test bed with media anchored in a real rtpengine of its own, prompts and storage in a temporary directory
 * (`prompts/`, `storage/`), and a carrier peer at `carrierAddress`, which the sip app trusts.
 */
export async function startMediaTestBed(options: { carrierAddress: string; env?: Record<string, string> }) {
  const rtpengine = await startRtpengine();
  const directory = await mkdtemp(path.join(tmpdir(), 'sy-media-'));
  const storageDirectory = path.join(directory, 'storage');
  const removeDirectory = () => rm(directory, { recursive: true, force: true });
  const bed = await startSipTestBed({
    SIP_TRUSTED_SOURCES: options.carrierAddress,
    RTPENGINE_NG_HOST: rtpengine.host,
    RTPENGINE_NG_PORT: String(rtpengine.ngPort),
    RTPENGINE_DTMF_LOG_PORT: String(rtpengine.dtmfLogPort),
    RTPENGINE_RECORDING_DIR: rtpengine.recordingDirectory,
    PROMPT_CACHE_DIR: path.join(directory, 'prompts'),
    STORAGE_DIR: storageDirectory,
    ...options.env,
  }).catch(async (error: unknown) => {
    await rtpengine.stop();
    await removeDirectory();
    throw error;
  });
  const carrier = bed.server.peer({ address: options.carrierAddress, port: 5060 }, 'carrier');
  const phones: RtpPeer[] = [];

  /** A real RTP endpoint, closed by {@link closePhones}. */
  async function phone(): Promise<RtpPeer> {
    const opened = await RtpPeer.open();
    phones.push(opened);
    return opened;
  }

  /** Closes the phones opened so far (after each test). */
  function closePhones(): void {
    for (const opened of phones.splice(0)) opened.close();
  }

  /** An INVITE from the carrier to `phoneNumber`, as `caller` calls it, offering `sdp`. */
  function callFromCarrier(phoneNumber: string, sdp: string, caller = '+12125550100'): NetworkCall {
    return carrier.invite({
      requestUri: `sip:${phoneNumber}@${bed.server.sipAddress}`,
      from: `<sip:${caller}@carrier.example.test>`,
      to: `<sip:${phoneNumber}@${bed.server.sipAddress}>`,
      sdp,
    });
  }

  /** Answers a ringing desk with a new phone connected to the engine's offer; resolves once the ACK came. */
  async function answer(
    ringing: ReceivedRequest,
  ): Promise<{ rtp: RtpPeer; dialog: PeerDialog; sdp: string }> {
    const rtp = await phone();
    rtp.connectTo(ringing.message.body);
    const sdp = rtp.sdp();
    ringing.respond(200, { sdp });
    await ringing.dialog.expectRequest('ACK');
    return { rtp, dialog: ringing.dialog, sdp };
  }

  return {
    bed,
    rtpengine,
    /** Where the sip app and the API keep recordings, voicemails and uploads. */
    storageDirectory,
    carrier,
    phone,
    callFromCarrier,
    answer,
    /**
     * A call from a phone at the carrier to `phoneNumber`, rung at `desk` and answered there by a second phone; each
     * phone is connected to the engine's SDP it was given (`offer` to the desk, `callerAnswer` to the caller).
     */
    async bridgedCall(phoneNumber: string, desk: SipPeer) {
      const caller = await phone();
      const call = callFromCarrier(phoneNumber, caller.sdp());
      const ringing = await desk.expectRequest('INVITE', { timeoutMs: 5_000 });
      const agent = await answer(ringing);
      const ok = await call.expectResponse(200);
      call.ack();
      caller.connectTo(ok.body);
      return { call, caller, agent, offer: ringing.message.body, callerAnswer: ok.body };
    },
    closePhones,
    async close() {
      closePhones();
      await bed.close();
      await rtpengine.stop();
      await removeDirectory();
    },
  };
}

export type MediaTestBed = Awaited<ReturnType<typeof startMediaTestBed>>;

/** An agent user of the account with one device, `username`, not registered anywhere. */
export async function agentWithDevice(
  bed: SipTestBed,
  options: { username: string; name?: string },
): Promise<{ userId: string; device: TestDevice }> {
  const agent = await bed.apiRequest('POST', '/v1/users', {
    email: `agent-${options.username}-${Date.now()}@example.test`,
    name: options.name ?? `Agent ${options.username}`,
    role: 'agent',
  });
  if (agent.status !== 201) throw new Error(`user not created: ${JSON.stringify(agent.body)}`);
  const userId = agent.body.id as string;
  return { userId, device: await bed.createDevice(options.username, { userId }) };
}

/** An agent whose device is registered (authenticated REGISTER answered 200) from a desk phone at `address:port`. */
export async function registeredAgent(
  bed: SipTestBed,
  options: { username: string; address: string; port?: number; name?: string },
): Promise<{ userId: string; device: TestDevice; peer: SipPeer }> {
  const { userId, device } = await agentWithDevice(bed, options);
  const peer = bed.server.peer({ address: options.address, port: options.port ?? 5062 }, options.username);
  const { retry } = await authenticatedRegister(peer, device, { contact: peer.contact });
  await retry.expectResponse(200);
  return { userId, device, peer };
}

/**
 * A number bought for the account whose calls run `draft`, created and published as a flow (recorded as `recording`
 * says, when given).
 */
export async function numberWithFlow(
  bed: SipTestBed,
  options: { draft: Record<string, unknown>; name?: string; recording?: 'always' | 'on_demand' | 'never' },
): Promise<{ id: string; phoneNumber: string }> {
  const number = await bed.buyNumber();
  const flow = await bed.apiRequest('POST', '/v1/flows', {
    name: options.name ?? `Flow ${number.phoneNumber}`,
    draft: options.draft,
  });
  expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  const published = await bed.apiRequest('POST', `/v1/flows/${flow.body.id}/publish`);
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  const assigned = await bed.apiRequest('PATCH', `/v1/numbers/${number.id}`, {
    voice: { type: 'flow', flowId: flow.body.id, recording: options.recording },
  });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  return number;
}

/** A flow that rings the devices of `userId` and ends the call however the ring ends. */
export const ringUserDraft = (userId: string) => ({
  startNodeId: 'agent',
  nodes: [
    {
      id: 'agent',
      kind: 'ring',
      targets: [{ type: 'user', id: userId }],
      strategy: 'simultaneous',
      ringTimeoutSeconds: 20,
      exits: { answered: null, no_answer: null, busy: null },
    },
  ],
});

/** A call record's flow path as [node, exit] pairs. */
export const flowSteps = (record: { flow: { path: { nodeId: string; exit: string | null }[] } }) =>
  record.flow.path.map((step) => [step.nodeId, step.exit]);

/**
 * The types of the events about call `callId` (its own, its recordings' and its voicemail's), oldest first, once the
 * changes of its record reported so far are written.
 */
export async function callEventTypes(bed: SipTestBed, callId: string): Promise<string[]> {
  await bed.settled();
  const events = await bed.app.get(Database).root.event.findMany({
    where: {
      accountId: bed.account.accountId,
      OR: [{ data: { path: ['id'], equals: callId } }, { data: { path: ['callId'], equals: callId } }],
    },
    orderBy: { id: 'asc' },
    select: { type: true },
  });
  return events.map((event) => event.type);
}

/**
 * {@link callEventTypes} once an event of type `late` is among them, those moved to the end: such an event (a message
 * or recording stored as the hang-up ends the call) is written in a transaction of its own, which may commit before
 * or after the call's end.
 */
export async function callEventTypesEndingWith(
  bed: SipTestBed,
  callId: string,
  late: EventType,
): Promise<string[]> {
  const types = await eventually(async () => {
    const found = await callEventTypes(bed, callId);
    return found.includes(late) ? found : undefined;
  });
  return [...types.filter((type) => type !== late), ...types.filter((type) => type === late)];
}

async function provisionAccount(database: Database) {
  const accountId = newId('account');
  const ownerId = newId('user');
  const issued = issueApiKey();
  await database.root.account.create({
    data: {
      id: accountId,
      name: 'Acme Plumbing',
      country: 'US',
      timezone: 'America/New_York',
      users: {
        create: { id: ownerId, email: `owner-${ownerId}@example.test`, name: 'Owner', role: 'owner' },
      },
      apiKeys: {
        create: {
          id: newId('apiKey'),
          name: 'test',
          prefix: issued.prefix,
          secretHash: issued.secretHash,
          scopes: ['*'],
        },
      },
    },
  });
  return { accountId, ownerId, apiKey: issued.key };
}

/** A REGISTER for `user@domain` from `peer`, with the Contact (or none) and headers given. */
export function registerRequest(
  peer: SipPeer,
  options: {
    user: string;
    domain: string;
    contact?: string | null;
    headers?: Record<string, string>;
    requestUri?: string;
  },
): SipMessage {
  const aor = `sip:${options.user}@${options.domain}`;
  const message = peer.buildRequest(
    'REGISTER',
    options.requestUri ?? `sip:${options.domain}`,
    {
      from: `<${aor}>;tag=${Math.random().toString(36).slice(2, 12)}`,
      to: `<${aor}>`,
      callId: `${newId('request')}@test`,
      cseq: 1,
    },
    { headers: options.headers ?? {} },
  );
  if (options.contact === null) message.remove('Contact');
  else if (options.contact !== undefined) message.set('Contact', options.contact);
  return message;
}

/** Only the challenge of one algorithm, to answer it instead of the preferred one listed first. */
export function challengeFor(challenge: SipMessage, algorithm: 'MD5' | 'SHA-256'): SipMessage {
  const line = challenge.getAll('www-authenticate').find((value) => value.includes(`algorithm=${algorithm}`));
  if (!line) throw new Error(`no ${algorithm} challenge in ${challenge.toString()}`);
  return challenge.clone().remove('www-authenticate').add('WWW-Authenticate', line);
}

/** REGISTER, take the 401, answer it with the device's credentials: resolves with the retried request. */
export async function authenticatedRegister(
  peer: SipPeer,
  device: { username: string; password: string; sipDomain: string },
  options: {
    contact?: string | null;
    headers?: Record<string, string>;
    algorithm?: 'MD5' | 'SHA-256';
    user?: string;
  } = {},
): Promise<{ challenge: SipMessage; retry: PeerRequest }> {
  const request = peer.sendRequest(
    registerRequest(peer, {
      user: options.user ?? device.username,
      domain: device.sipDomain,
      contact: options.contact,
      headers: options.headers,
    }),
  );
  const challenge = await request.expectResponse(401);
  const answered = options.algorithm === undefined ? challenge : challengeFor(challenge, options.algorithm);
  return {
    challenge,
    retry: request.authenticate(answered, { username: device.username, password: device.password }),
  };
}

/** A request sent again as is (same Authorization) in a new transaction: a replay. */
export function replay(peer: SipPeer, request: SipMessage): PeerRequest {
  const copy = request.clone();
  copy.set(
    'Via',
    (request.get('via') ?? '').replace(/branch=[^;,\s]+/, `branch=z9hG4bK-replay${Date.now()}`),
  );
  copy.set('CSeq', `${request.cseq.seq + 1} ${request.cseq.method}`);
  copy.remove('content-length').add('Content-Length', '0');
  return peer.sendRequest(SipMessage.parse(copy.toString()));
}

export const callerOffer = [
  'v=0',
  'o=phone 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0 8',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=sendrecv',
  '',
].join('\r\n');

export const calleeAnswer = [
  'v=0',
  'o=callee 2 2 IN IP4 127.0.0.2',
  's=-',
  'c=IN IP4 127.0.0.2',
  't=0 0',
  'm=audio 7000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');

/**
 * A device's INVITE to `dialed` (user part of the Request-URI), answered to the 407 with its credentials; a caller ID
 * it asks for goes in P-Preferred-Identity.
 */
export async function dial(
  peer: SipPeer,
  device: TestDevice,
  dialed: string,
  options: { callerId?: string } = {},
): Promise<NetworkCall> {
  const call = peer.invite({
    requestUri: `sip:${dialed}@${device.sipDomain}`,
    from: `<sip:${device.username}@${device.sipDomain}>`,
    to: `<sip:${dialed}@${device.sipDomain}>`,
    sdp: callerOffer,
    headers:
      options.callerId === undefined
        ? {}
        : { 'P-Preferred-Identity': `<sip:${options.callerId}@${device.sipDomain}>` },
  });
  const challenge = await call.expectResponse(407);
  return call.authenticate(challenge, { username: device.username, password: device.password });
}
