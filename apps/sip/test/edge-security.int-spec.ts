import { type SipMessage, type SipPeer } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticatedRegister,
  registerRequest,
  type SipTestBed,
  startSipTestBed,
  type TestDevice,
} from './sip-test-bed';

describe('edge security', () => {
  let bed: SipTestBed;
  let desk: TestDevice;

  beforeAll(async () => {
    bed = await startSipTestBed({ SIP_TRUSTED_SOURCES: '127.0.2.0/24' });
    desk = await bed.createDevice('1001');
  });
  afterAll(() => bed.close());

  const challengeRequest = (peer: SipPeer, headers: Record<string, string> = {}) =>
    peer.sendRequest(registerRequest(peer, { user: desk.username, domain: desk.sipDomain, headers }));

  /** Resolves once the app has decided to drop the request, then checks that nothing was sent back for it. */
  async function expectDropped(message: SipMessage, reason: 'scanner' | 'banned') {
    await bed.logs.waitFor(
      (line) => line.msg === 'dropped request' && line.callId === message.callId && line.reason === reason,
    );
    const answers = bed.server.frames.filter(
      (frame) => frame.direction === 'app->server' && frame.payload.includes(message.callId),
    );
    expect(answers).toEqual([]);
  }

  it('limits a burst of REGISTERs from one source with 503 and Retry-After; others are unaffected', async () => {
    const flooder = bed.server.peer({ address: '127.0.3.1', port: 5060 }, 'flood');
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => challengeRequest(flooder).expectResponse(401)),
    );
    expect(answers).toHaveLength(30);
    const limited = await challengeRequest(flooder).expectResponse(503);
    expect(limited.get('retry-after')).toBe('1');

    const neighbour = bed.server.peer({ address: '127.0.3.2', port: 5060 }, 'phone');
    await challengeRequest(neighbour).expectResponse(401);
    bed.clock.advance(2_000);
    await challengeRequest(flooder).expectResponse(401);
  });

  it('never limits or bans a trusted carrier source', async () => {
    const carrier = bed.server.peer({ address: '127.0.2.9', port: 5060 }, 'carrier');
    await Promise.all(Array.from({ length: 40 }, () => challengeRequest(carrier).expectResponse(401)));
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await (await authenticatedRegister(carrier, { ...desk, password: 'wrong' })).retry.expectResponse(403);
    }
    await challengeRequest(carrier).expectResponse(401);
  });

  it('bans a source after 5 failed authentications, shows the ban in the API and lifts it through the API', async () => {
    const guesser = bed.server.peer({ address: '127.0.3.3', port: 5060 }, 'guesser');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await (
        await authenticatedRegister(guesser, { ...desk, password: `guess-${attempt}` })
      ).retry.expectResponse(403);
    }
    const banned = challengeRequest(guesser).message;
    await expectDropped(banned, 'banned');

    const bans = await bed.apiRequest('GET', '/v1/sip/security/bans');
    expect(bans.body.data).toEqual([
      {
        id: '127.0.3.3',
        object: 'sip_ban',
        domain: desk.sipDomain,
        reason: 'authentication_failures',
        failures: 5,
        bannedAt: bed.clock.now().toISOString(),
        expiresAt: new Date(bed.clock.now().getTime() + 600_000).toISOString(),
      },
    ]);
    expect((await bed.apiRequest('DELETE', '/v1/sip/security/bans/127.0.3.3')).status).toBe(204);
    expect((await bed.apiRequest('GET', '/v1/sip/security/bans')).body.data).toEqual([]);
    await (await authenticatedRegister(guesser, desk)).retry.expectResponse(200);
  });

  it('answers an unknown user exactly like a known user with a wrong password', async () => {
    const prober = bed.server.peer({ address: '127.0.3.4', port: 5060 }, 'prober');
    const normalize = (message: SipMessage, user: string) =>
      message
        .toString()
        .replaceAll(user, '<user>')
        .replace(/nonce="[^"]*"/g, 'nonce="<nonce>"')
        .replace(/tag=[^;>\s,]+/g, 'tag=<tag>')
        .replace(/branch=[^;,\s]+/g, 'branch=<branch>')
        .replace(/^Call-ID: .*$/m, 'Call-ID: <call-id>');

    const known = await authenticatedRegister(prober, { ...desk, password: 'wrong-password' });
    const unknown = await authenticatedRegister(prober, {
      ...desk,
      username: 'ghost',
      password: 'wrong-password',
    });
    expect(normalize(unknown.challenge, 'ghost')).toBe(normalize(known.challenge, desk.username));
    const [knownAnswer, unknownAnswer] = [
      await known.retry.expectResponse(403),
      await unknown.retry.expectResponse(403),
    ];
    expect(normalize(unknownAnswer, 'ghost')).toBe(normalize(knownAnswer, desk.username));
  });

  it('drops requests of known scanners without an answer', async () => {
    const scanner = bed.server.peer({ address: '127.0.3.5', port: 5060 }, 'scanner');
    await expectDropped(challengeRequest(scanner, { 'User-Agent': 'friendly-scanner' }).message, 'scanner');
    await expectDropped(
      scanner.request('OPTIONS', { headers: { 'User-Agent': 'sipcli/v1.8' } }).message,
      'scanner',
    );
    await scanner.request('OPTIONS', { headers: { 'User-Agent': 'Yealink SIP-T46U' } }).expectResponse(200);
  });
});
