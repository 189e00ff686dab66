import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { type INestApplicationContext } from '@nestjs/common';
import { issueApiKey } from '@switchyard/auth';
import { CallRecorder } from '@switchyard/calls';
import { loadSipConfig } from '@switchyard/config';
import { fixedClock, newId } from '@switchyard/contracts';
import { createLogger } from '@switchyard/logging';
import { Database } from '@switchyard/prisma';
import {
  type AppProcess,
  DrachtioTestServer,
  type NetworkCall,
  type PeerRequest,
  SipMessage,
  type SipPeer,
  spawnApp,
  testEnvironment,
} from '@switchyard/testing';
import { Redis } from 'ioredis';
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
