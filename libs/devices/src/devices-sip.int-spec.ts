import 'reflect-metadata';
import { Writable } from 'node:stream';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadSipConfig, type SipConfig } from '@switchyard/config';
import { CLOCK, fixedClock, newId } from '@switchyard/contracts';
import { createLogger } from '@switchyard/logging';
import { Database, DatabaseModule } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { testEnvironment } from '@switchyard/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallerOutcome,
  type CallerRequest,
  CallerAuthenticator,
} from './application/caller-authenticator';
import { DeviceDirectory } from './application/device-directory';
import { RegistrarService } from './application/registrar.service';
import { sipBanResource } from './application/sip-ban-resource';
import { SipDomainService } from './application/sip-domain.service';
import { DevicesModule } from './devices.module';
import { type SipTransport } from './domain/device';
import { type DigestAlgorithm, digestHa1, digestResponse, parseDigestParameters } from './domain/digest';
import { DeviceRepository } from './infrastructure/device.repository';

const sipDomain = 'sip.devices.test';
const password = 'Xk3mP9qR2sT7vW4yZ8bC6dF5';

interface TestDevice {
  readonly id: string;
  readonly userId: string;
  readonly username: string;
}

describe('devices in the sip app: caller authentication, device directory, ban events', () => {
  const clock = fixedClock('2026-11-23T10:00:00Z');
  const logLines: Record<string, unknown>[] = [];
  let config: SipConfig;
  let app: INestApplicationContext;
  let database: Database;
  let redis: Redis;
  let accountId: string;
  let ownerId: string;
  let realm: string;
  let address = 0;
  /** Each test speaks from addresses of its own, so failure counts and bans never mix. */
  const nextSource = (protocol = 'udp') => ({
    address: `198.51.100.${(address += 1)}`,
    port: 5062,
    protocol,
  });

  beforeAll(async () => {
    config = loadSipConfig(
      testEnvironment({
        DRACHTIO_SECRET: 'cymru',
        SIP_NONCE_SECRET: 'test-nonce-secret-of-at-least-32-chars',
        SIP_DOMAIN: sipDomain,
      }),
    );
    const logger = createLogger(
      { service: 'sip', level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
          done();
        },
      }),
    );
    app = await NestFactory.createApplicationContext(
      {
        module: class DevicesSipTestModule {},
        global: true,
        imports: [DatabaseModule.forRoot({ url: config.database.url }), DevicesModule.forSip(config, logger)],
        providers: [
          { provide: CLOCK, useValue: clock },
          { provide: QueueConnection, useValue: new QueueConnection(config.redis) },
        ],
        exports: [CLOCK, QueueConnection],
      },
      { logger: false },
    );
    await app.init();
    database = app.get(Database);
    redis = new Redis(config.redis.url);
    accountId = newId('account');
    ownerId = newId('user');
    await database.root.account.create({
      data: {
        id: accountId,
        name: 'Acme Plumbing',
        country: 'US',
        timezone: 'America/New_York',
        users: {
          create: { id: ownerId, email: `owner-${ownerId}@example.test`, name: 'Owner', role: 'owner' },
        },
      },
    });
    realm = await app.get(SipDomainService).domainOf(accountId);
  });
  afterAll(async () => {
    redis?.disconnect();
    await app?.close();
  });

  async function createDevice(
    username: string,
    options: { userId?: string; enabled?: boolean; transports?: SipTransport[] } = {},
  ): Promise<TestDevice> {
    const device = await app.get(DeviceRepository).create({
      id: newId('device', clock.now().getTime()),
      accountId,
      userId: options.userId ?? ownerId,
      name: `Phone ${username}`,
      kind: 'desk_phone',
      username,
      ha1Md5: digestHa1('MD5', username, realm, password),
      ha1Sha256: digestHa1('SHA-256', username, realm, password),
      transports: options.transports ?? ['udp', 'tcp', 'tls', 'wss'],
      enabled: options.enabled ?? true,
      createdAt: clock.now(),
    });
    return { id: device.id, userId: device.userId, username };
  }

  /** The Authorization a phone sends in answer to the first (or the `algorithm`) challenge. */
  function answer(
    challenges: readonly string[],
    request: {
      method: string;
      uri: string;
      username: string;
      password?: string;
      algorithm?: DigestAlgorithm;
    },
    nc = '00000001',
  ): string {
    const algorithm = request.algorithm ?? 'SHA-256';
    const line = challenges.find((challenge) => challenge.includes(`algorithm=${algorithm}`))!;
    const parameters = parseDigestParameters(line)!;
    const [challengeRealm, nonce] = [parameters.get('realm')!, parameters.get('nonce')!];
    const fields = { algorithm, nonce, nc, cnonce: 'c0ffee', uri: request.uri };
    const ha1 = digestHa1(algorithm, request.username, challengeRealm, request.password ?? password);
    const response = digestResponse(ha1, fields, request.method);
    return (
      `Digest username="${request.username}", realm="${challengeRealm}", nonce="${nonce}", uri="${request.uri}", ` +
      `response="${response}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="c0ffee"`
    );
  }

  function invite(options: {
    from: string;
    source: CallerRequest['source'];
    authorization?: string;
    requestUri?: string;
  }): CallerRequest {
    return {
      method: 'INVITE',
      requestUri: options.requestUri ?? `sip:+14155550123@${realm}`,
      from: `"Front desk" <sip:${options.from}@${realm}>;tag=a1b2`,
      authorization: options.authorization,
      source: options.source,
    };
  }

  const challengesOf = (outcome: CallerOutcome): readonly string[] => {
    if (outcome.kind !== 'challenge') throw new Error(`expected a challenge, got ${outcome.kind}`);
    return outcome.challenges;
  };

  /** Challenge, then answer as `username` with `password`; returns the answer and the verdict. */
  async function authenticatedInvite(
    from: string,
    options: {
      username?: string;
      password?: string;
      algorithm?: DigestAlgorithm;
      source?: CallerRequest['source'];
    } = {},
  ) {
    const callers = app.get(CallerAuthenticator);
    const source = options.source ?? nextSource();
    const first = invite({ from, source });
    const challenges = challengesOf(await callers.authenticate(first));
    const authorization = answer(challenges, {
      method: 'INVITE',
      uri: first.requestUri,
      username: options.username ?? from,
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.algorithm === undefined ? {} : { algorithm: options.algorithm }),
    });
    const retry = { ...first, authorization };
    return { challenges, retry, outcome: await callers.authenticate(retry), source };
  }

  const failuresOf = (source: { address: string }) =>
    redis.zcard(`${config.redis.keyPrefix}:sip:fail:${source.address}`);

  describe('caller authentication', () => {
    let desk: TestDevice;

    beforeAll(async () => {
      desk = await createDevice('2001');
      await createDevice('2002');
    });

    it.each(['SHA-256', 'MD5'] as const)(
      'challenges, then authenticates the device with %s',
      async (algorithm) => {
        const { challenges, outcome } = await authenticatedInvite('2001', { algorithm });
        expect(challenges).toHaveLength(2);
        expect(challenges[0]).toMatch(
          new RegExp(`^Digest realm="${realm}", nonce="[^"]+", algorithm=SHA-256, qop="auth"$`),
        );
        expect(challenges[1]).toContain('algorithm=MD5');
        expect(outcome).toEqual({
          kind: 'authenticated',
          caller: { deviceId: desk.id, accountId, userId: ownerId, username: '2001', domain: realm },
        });
      },
    );

    it('refuses a wrong password and counts the failure against the source', async () => {
      const { outcome, source } = await authenticatedInvite('2001', { password: 'wrong-password' });
      expect(outcome).toEqual({ kind: 'forbidden' });
      expect(await failuresOf(source)).toBe(1);
    });

    it('refuses calling as another user of the account with the right credentials of one', async () => {
      const { outcome, source } = await authenticatedInvite('2002', { username: '2001' });
      expect(outcome).toEqual({ kind: 'forbidden' });
      expect(await failuresOf(source)).toBe(1);
    });

    it('answers an unknown user exactly like a known one with a wrong password', async () => {
      const normalize = (challenges: readonly string[]) =>
        challenges.map((line) => line.replace(/nonce="[^"]*"/, 'nonce="<nonce>"'));
      const known = await authenticatedInvite('2001', { password: 'wrong-password' });
      const unknown = await authenticatedInvite('ghost', { password: 'wrong-password' });
      expect(normalize(unknown.challenges)).toEqual(normalize(known.challenges));
      expect(unknown.outcome).toEqual(known.outcome);
      expect(await failuresOf(unknown.source)).toBe(1);
    });

    it('challenges again when a nonce count is replayed', async () => {
      const callers = app.get(CallerAuthenticator);
      const { retry, outcome } = await authenticatedInvite('2001');
      expect(outcome.kind).toBe('authenticated');
      const replayed = challengesOf(await callers.authenticate(retry));
      expect(replayed).toHaveLength(2);
      expect(replayed.join()).not.toContain('stale');
    });

    it('answers an expired nonce with stale=true once the password is proven, and the fresh nonce works', async () => {
      const callers = app.get(CallerAuthenticator);
      const source = nextSource();
      const first = invite({ from: '2001', source });
      const challenges = challengesOf(await callers.authenticate(first));
      clock.advance(config.registrar.nonceTtlSeconds * 1000 + 1_000);
      const late = {
        ...first,
        authorization: answer(challenges, { method: 'INVITE', uri: first.requestUri, username: '2001' }),
      };
      const stale = challengesOf(await callers.authenticate(late));
      expect(stale.every((line) => line.endsWith('stale=true'))).toBe(true);
      const fresh = {
        ...first,
        authorization: answer(stale, { method: 'INVITE', uri: first.requestUri, username: '2001' }),
      };
      expect((await callers.authenticate(fresh)).kind).toBe('authenticated');
    });

    it('refuses an answer made for another Request-URI as a bad request', async () => {
      const callers = app.get(CallerAuthenticator);
      const first = invite({ from: '2001', source: nextSource() });
      const challenges = challengesOf(await callers.authenticate(first));
      const authorization = answer(challenges, {
        method: 'INVITE',
        uri: `sip:1999@${realm}`,
        username: '2001',
      });
      expect(await callers.authenticate({ ...first, authorization })).toEqual({
        kind: 'bad_request',
        reason: 'Digest URI Mismatch',
      });
    });

    it('refuses a disabled device and a transport the device may not use, like a wrong password', async () => {
      await createDevice('2003', { enabled: false });
      await createDevice('2004', { transports: ['tls'] });
      expect((await authenticatedInvite('2003')).outcome).toEqual({ kind: 'forbidden' });
      expect((await authenticatedInvite('2004', { source: nextSource('udp') })).outcome).toEqual({
        kind: 'forbidden',
      });
      expect((await authenticatedInvite('2004', { source: nextSource('tls') })).outcome.kind).toBe(
        'authenticated',
      );
    });

    it('refuses a From that is not at an account SIP domain, before any challenge', async () => {
      const callers = app.get(CallerAuthenticator);
      const request = invite({ from: '2001', source: nextSource() });
      for (const from of [
        '<sip:2001@192.0.2.1>',
        `<sip:2001@${sipDomain}>`,
        '<sip:2001@other.example.org>',
      ]) {
        expect(await callers.authenticate({ ...request, from })).toEqual({ kind: 'forbidden' });
      }
    });
  });

  describe('device directory', () => {
    /** Registers `contact` for the device through the registrar, as the phone would. */
    async function register(
      device: TestDevice,
      contact: string,
      expiresSeconds: number,
      source = nextSource(),
    ) {
      const registrar = app.get(RegistrarService);
      const request = {
        requestUri: `sip:${realm}`,
        to: `<sip:${device.username}@${realm}>`,
        callId: `${newId('request')}@test`,
        cseq: 1,
        contact: `<${contact}>`,
        expires: String(expiresSeconds),
        userAgent: 'Yealink SIP-T46U',
        source,
      };
      const challenge = await registrar.register({ ...request, authorization: undefined });
      if (challenge.kind !== 'challenge') throw new Error(`expected a challenge, got ${challenge.kind}`);
      const authorization = answer(challenge.challenges, {
        method: 'REGISTER',
        uri: request.requestUri,
        username: device.username,
      });
      const registered = await registrar.register({ ...request, cseq: 2, authorization });
      expect(registered.kind).toBe('registered');
    }

    it("returns the live contacts of all the user's enabled devices, skipping expired ones and disabled devices", async () => {
      const userId = newId('user');
      await database.root.user.create({
        data: { id: userId, accountId, email: `agent-${userId}@example.test`, name: 'Agent', role: 'agent' },
      });
      const desk = await createDevice('3001', { userId });
      const softphone = await createDevice('3001-soft', { userId });
      const expiring = await createDevice('3001-app', { userId });
      const disabled = await createDevice('3001-old', { userId, enabled: false });
      const stranger = await createDevice('3002');
      const deskSource = { address: '203.0.113.7', port: 40123, protocol: 'tcp' };
      await register(desk, 'sip:3001@10.0.0.7:5062;transport=tcp', 3_600, deskSource);
      await register(softphone, 'sip:3001-soft@10.0.0.8:5070', 3_600);
      await register(expiring, 'sip:3001-app@10.0.0.9:5080', 60);
      await register(stranger, 'sip:3002@10.0.0.10:5060', 3_600);
      // A contact left from before the device was disabled.
      await app.get(DeviceRepository).update(accountId, disabled.id, { enabled: true });
      await register(disabled, 'sip:3001-old@10.0.0.11:5060', 3_600);
      await app.get(DeviceRepository).update(accountId, disabled.id, { enabled: false });
      clock.advance(61_000);

      const directory = app.get(DeviceDirectory);
      const dialed = await directory.dialExtension(accountId, '3001-SOFT');
      expect(dialed).toEqual({
        userId,
        deviceIds: [desk.id, softphone.id, expiring.id],
        contacts: [
          {
            deviceId: desk.id,
            contact: 'sip:3001@10.0.0.7:5062;transport=tcp',
            sourceAddress: '203.0.113.7',
            sourcePort: 40123,
            transport: 'tcp',
          },
          expect.objectContaining({ deviceId: softphone.id, contact: 'sip:3001-soft@10.0.0.8:5070' }),
        ],
      });
      expect(await directory.dialExtension(accountId, '3001')).toEqual(dialed);
      expect(await directory.dialExtension(accountId, '3001-old')).toBeNull();
      expect(await directory.dialExtension(accountId, '3999')).toBeNull();
      expect(await directory.dialExtension(accountId, 'not valid!')).toBeNull();
      expect(await directory.dialExtension(newId('account'), '3001')).toBeNull();
    });
  });

  describe('ban events', () => {
    const bannedEvents = async (source: { address: string }) =>
      (await database.root.event.findMany({ where: { type: 'sip.source_banned' } })).filter(
        (event) => (event.data as { id?: string }).id === source.address,
      );

    it('publishes exactly one sip.source_banned event to the account, however many failures follow', async () => {
      await createDevice('4001');
      const source = nextSource();
      for (let attempt = 0; attempt < config.edgeSecurity.authFailureLimit; attempt += 1) {
        await authenticatedInvite('4001', { password: `guess-${attempt}`, source });
      }
      // Requests already past the edge when the ban was made keep failing; on other instances too.
      for (let attempt = 0; attempt < config.edgeSecurity.authFailureLimit + 2; attempt += 1) {
        await authenticatedInvite('4001', { password: `late-${attempt}`, source });
      }
      const events = await bannedEvents(source);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        accountId,
        type: 'sip.source_banned',
        data: sipBanResource({
          address: source.address,
          domain: realm,
          failures: config.edgeSecurity.authFailureLimit,
          bannedAt: clock.now().getTime(),
          expiresAt: clock.now().getTime() + config.edgeSecurity.banSeconds * 1000,
        }),
      });
      expect(await database.root.eventOutbox.count({ where: { eventId: events[0]!.id } })).toBe(1);
    });

    it('bans once when failures of one source arrive concurrently', async () => {
      await createDevice('4002');
      const source = nextSource();
      const callers = app.get(CallerAuthenticator);
      const first = invite({ from: '4002', source });
      const challenges = challengesOf(await callers.authenticate(first));
      await Promise.all(
        Array.from({ length: config.edgeSecurity.authFailureLimit * 3 }, (_, attempt) =>
          callers.authenticate({
            ...first,
            authorization: answer(challenges, {
              method: 'INVITE',
              uri: first.requestUri,
              username: '4002',
              password: `guess-${attempt}`,
            }),
          }),
        ),
      );
      expect(await bannedEvents(source)).toHaveLength(1);
    });

    it('only logs a ban earned against a domain of no account', async () => {
      const callers = app.get(CallerAuthenticator);
      const source = nextSource();
      const foreign = `nobody-0000000000.${sipDomain}`;
      const first = { ...invite({ from: '5001', source }), from: `<sip:5001@${foreign}>` };
      for (let attempt = 0; attempt < config.edgeSecurity.authFailureLimit; attempt += 1) {
        const challenges = challengesOf(await callers.authenticate(first));
        const authorization = answer(challenges, {
          method: 'INVITE',
          uri: first.requestUri,
          username: '5001',
        });
        expect(await callers.authenticate({ ...first, authorization })).toEqual({ kind: 'forbidden' });
      }
      expect(await bannedEvents(source)).toEqual([]);
      expect(logLines).toContainEqual(
        expect.objectContaining({
          msg: 'source address banned after failed authentications',
          address: source.address,
          domain: foreign,
          accountId: null,
        }),
      );
    });
  });
});
