import { spawnApp, testEnvironment } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticatedRegister,
  registerRequest,
  replay,
  type SipTestBed,
  startSipTestBed,
  type TestDevice,
} from './sip-test-bed';

describe('registrar', () => {
  let bed: SipTestBed;
  let desk: TestDevice;
  let other: TestDevice;
  let address = 0;
  /** Each test speaks from addresses of its own, so rate limits and failure counts never mix. */
  const nextPeer = (port = 5062) => bed.server.peer({ address: `127.0.1.${(address += 1)}`, port }, 'phone');

  beforeAll(async () => {
    bed = await startSipTestBed();
    [desk, other] = await Promise.all([bed.createDevice('1001'), bed.createDevice('1002')]);
  });
  afterAll(() => bed.close());

  const registrations = async (device: TestDevice) => {
    const response = await bed.apiRequest('GET', `/v1/devices/${device.id}/registrations`);
    expect(response.status).toBe(200);
    return response.body.data as Record<string, unknown>[];
  };

  it.each(['SHA-256', 'MD5'] as const)(
    'challenges with SHA-256 then MD5 and registers with %s; the contact shows in the API',
    async (algorithm) => {
      const peer = nextPeer(5070);
      const contact = `<sip:1001@${peer.endpoint.address}:5070;transport=udp>`;
      const { challenge, retry } = await authenticatedRegister(peer, desk, {
        algorithm,
        contact,
        headers: { 'User-Agent': 'Yealink SIP-T46U', Expires: '300' },
      });
      const challenges = challenge.getAll('www-authenticate');
      expect(challenges).toHaveLength(2);
      expect(challenges[0]).toMatch(
        new RegExp(`^Digest realm="${desk.sipDomain}", nonce="[^"]+", algorithm=SHA-256, qop="auth"$`),
      );
      expect(challenges[1]).toContain('algorithm=MD5');
      expect(retry.message.get('authorization')).toContain(`algorithm=${algorithm}`);

      const ok = await retry.expectResponse(200);
      expect(ok.get('contact')).toContain(
        `<sip:1001@${peer.endpoint.address}:5070;transport=udp>;expires=300`,
      );
      const listed = await registrations(desk);
      expect(listed).toContainEqual({
        object: 'registration',
        contact: `sip:1001@${peer.endpoint.address}:5070;transport=udp`,
        userAgent: 'Yealink SIP-T46U',
        expiresAt: new Date(bed.clock.now().getTime() + 300_000).toISOString(),
        registeredAt: bed.clock.now().toISOString(),
        sourceAddress: peer.endpoint.address,
        sourcePort: 5070,
        transport: 'udp',
      });
    },
  );

  it('keeps several contacts with their own expiry, and unregisters one, then all with *', async () => {
    const device = await bed.createDevice('multi');
    const peer = nextPeer();
    const first = await authenticatedRegister(peer, device, {
      contact: '<sip:multi@127.0.9.1:5060>;expires=120',
    });
    await first.retry.expectResponse(200);
    const second = await authenticatedRegister(peer, device, {
      contact: '<sip:multi@127.0.9.2:5060>;expires=600',
    });
    const both = await second.retry.expectResponse(200);
    expect(both.get('contact')).toBe(
      '<sip:multi@127.0.9.1:5060>;expires=120, <sip:multi@127.0.9.2:5060>;expires=600',
    );
    expect((await registrations(device)).map((binding) => binding.contact)).toEqual([
      'sip:multi@127.0.9.1:5060',
      'sip:multi@127.0.9.2:5060',
    ]);

    const removeOne = await authenticatedRegister(peer, device, {
      contact: '<sip:multi@127.0.9.1:5060>;expires=0',
    });
    const remaining = await removeOne.retry.expectResponse(200);
    expect(remaining.get('contact')).toBe('<sip:multi@127.0.9.2:5060>;expires=600');
    expect((await registrations(device)).map((binding) => binding.contact)).toEqual([
      'sip:multi@127.0.9.2:5060',
    ]);

    const removeAll = await authenticatedRegister(peer, device, { contact: '*', headers: { Expires: '0' } });
    const none = await removeAll.retry.expectResponse(200);
    expect(none.get('contact')).toBeUndefined();
    expect(await registrations(device)).toEqual([]);
  });

  it('lets a registration expire: Redis holds it no longer than asked, and the registrar drops it after', async () => {
    const device = await bed.createDevice('expiring');
    const peer = nextPeer();
    const { retry } = await authenticatedRegister(peer, device, {
      contact: '<sip:expiring@127.0.9.3>;expires=60',
    });
    await retry.expectResponse(200);
    const ttl = await bed.redis.pttl(`${bed.keyPrefix}:sip:loc:${device.id}`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    bed.clock.advance(61_000);
    const query = await authenticatedRegister(peer, device, { contact: null });
    const answer = await query.retry.expectResponse(200);
    expect(answer.get('contact')).toBeUndefined();
    expect(await registrations(device)).toEqual([]);
    expect(await bed.redis.exists(`${bed.keyPrefix}:sip:loc:${device.id}`)).toBe(0);
  });

  it('answers a too brief expiry with 423 and Min-Expires, and shortens a too long one', async () => {
    const peer = nextPeer();
    const brief = await authenticatedRegister(peer, other, { headers: { Expires: '30' } });
    const tooBrief = await brief.retry.expectResponse(423);
    expect(tooBrief.get('min-expires')).toBe('60');
    const long = await authenticatedRegister(peer, other, { contact: '<sip:1002@127.0.9.4>;expires=86400' });
    expect((await long.retry.expectResponse(200)).get('contact')).toBe('<sip:1002@127.0.9.4>;expires=3600');
  });

  it('refuses a wrong password with 403 and counts the failure against the source', async () => {
    const peer = nextPeer();
    const { retry } = await authenticatedRegister(peer, { ...desk, password: 'wrong-password' });
    await retry.expectResponse(403);
    expect(await bed.redis.zcard(`${bed.keyPrefix}:sip:fail:${peer.endpoint.address}`)).toBe(1);
  });

  it('refuses to register one user’s address with another user’s credentials (hijack) with 403', async () => {
    const peer = nextPeer();
    const { retry } = await authenticatedRegister(peer, desk, { user: other.username });
    await retry.expectResponse(403);
  });

  it('challenges again when a nonce count is replayed', async () => {
    const peer = nextPeer();
    const { retry } = await authenticatedRegister(peer, desk, { contact: '<sip:1001@127.0.9.5>' });
    await retry.expectResponse(200);
    const replayed = await replay(peer, retry.message).expectResponse(401);
    expect(replayed.getAll('www-authenticate')).toHaveLength(2);
    expect(replayed.get('www-authenticate')).not.toContain('stale');
  });

  it('answers an expired nonce with stale=true, and the fresh nonce works', async () => {
    const peer = nextPeer();
    const request = peer.sendRequest(registerRequest(peer, { user: desk.username, domain: desk.sipDomain }));
    const challenge = await request.expectResponse(401);
    bed.clock.advance(301_000);
    const late = request.authenticate(challenge, desk);
    const stale = await late.expectResponse(401);
    expect(stale.getAll('www-authenticate').every((line) => line.endsWith('stale=true'))).toBe(true);
    await late.authenticate(stale, desk).expectResponse(200);
  });

  it('works with the new password at once after a rotation through the API, and not with the old one', async () => {
    const device = await bed.createDevice('rotated');
    const peer = nextPeer();
    await (await authenticatedRegister(peer, device)).retry.expectResponse(200);
    const rotated = await bed.apiRequest('POST', `/v1/devices/${device.id}/rotate-password`);
    expect(rotated.status).toBe(200);
    await (
      await authenticatedRegister(peer, { ...device, password: rotated.body.password })
    ).retry.expectResponse(200);
    await (await authenticatedRegister(peer, device)).retry.expectResponse(403);
  });

  it('refuses REGISTERs whose domain is an IP address with 403, before any challenge', async () => {
    const peer = nextPeer();
    await peer.sendRequest(registerRequest(peer, { user: '1001', domain: '127.0.0.1' })).expectResponse(403);
    await peer
      .sendRequest(
        registerRequest(peer, { user: '1001', domain: desk.sipDomain, requestUri: 'sip:127.0.0.1:5060' }),
      )
      .expectResponse(403);
  });

  it('refuses a disabled device and a transport the device may not use, like a wrong password', async () => {
    const tlsOnly = await bed.createDevice('tls-only', { transports: ['tls'] });
    const peer = nextPeer();
    await (await authenticatedRegister(peer, tlsOnly)).retry.expectResponse(403);
    await bed.apiRequest('PATCH', `/v1/devices/${other.id}`, { enabled: false });
    await (await authenticatedRegister(peer, other)).retry.expectResponse(403);
  });
});

describe('sip app configuration', () => {
  it('exits at boot, naming SIP_NONCE_SECRET, when it is missing', async () => {
    const app = spawnApp('apps/sip/src/main.ts', testEnvironment({ DRACHTIO_SECRET: 'cymru' }));
    const { code } = await app.waitForExit();
    expect(code).toBe(78);
    expect(app.stderr()).toContain('SIP_NONCE_SECRET is required');
  });
});
