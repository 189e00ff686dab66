import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_SDP } from './capture-replay';
import { DrachtioTestServer } from './drachtio-test-server';
import { encodeFrame } from './drachtio-wire';
import { digestAuthorization, parseDigestParameters } from './sip-digest';
import { SIPP_ANSWER, SIPP_OFFER } from './sipp-messages';
import { SrfTestApp } from './srf-test-app';

describe('DrachtioTestServer', () => {
  let server: DrachtioTestServer;
  let app: SrfTestApp;

  beforeEach(async () => {
    server = await DrachtioTestServer.start();
    app = new SrfTestApp(server);
  });

  afterEach(async () => {
    await app.disconnect();
    await server.close();
  });

  it('plays the caller of an inbound call', async () => {
    app.srf.invite(async (req, res) => {
      const dialog = await app.srf.createUAS(req, res, { localSdp: APP_SDP });
      app.log.write('answered');
      dialog.on('destroy', () => app.log.write('caller hung up'));
    });
    await server.waitForRoutes(['invite']);

    const call = server.invite({ from: '<sip:alice@127.0.0.1:5070>', sdp: SIPP_OFFER });
    await call.expectResponse(100);
    const ok = await call.expectResponse(200);
    call.ack();
    // srf attaches dialog listeners only after createUAS resolves; a BYE sent earlier would find none
    await app.log.waitFor('answered');
    const bye = await call.bye().expectResponse(200);

    expect(ok.body).toBe(APP_SDP);
    expect(ok.get('Content-Type')).toBe('application/sdp');
    expect(ok.get('Contact')).toBe(`<sip:${server.sipAddress}>`);
    expect(bye.cseq).toEqual({ seq: 2, method: 'BYE' });
    await app.log.waitFor('caller hung up');
  });

  it('plays the callee of an outbound call that hangs up first', async () => {
    app.srf.on('connect', () => {
      void app.srf.createUAC('sip:bob@127.0.0.1:5090', { localSdp: APP_SDP }).then((dialog) => {
        app.log.write('answered');
        dialog.on('destroy', () => app.log.write('callee hung up'));
      });
    });

    const invite = await server.waitForAppRequest('INVITE', { to: { address: '127.0.0.1', port: 5090 } });
    invite.respond(180);
    invite.respond(200, { sdp: SIPP_ANSWER });
    await invite.dialog.expectRequest('ACK');
    await app.log.waitFor('answered');
    await invite.dialog.bye().expectResponse(200);

    expect(invite.message.body).toBe(APP_SDP);
    expect(invite.message.get('From')).toMatch(/^<sip:127\.0\.0\.1:5060>;tag=/);
    await app.log.waitFor('callee hung up');
  });

  it('lets the caller cancel: 200 to the CANCEL, 487 to the INVITE, cancel event in the app', async () => {
    app.srf.invite((req, res) => {
      req.on('cancel', () => app.log.write('cancelled'));
      res.send(180);
    });
    await server.waitForRoutes(['invite']);

    const call = server.invite({ sdp: SIPP_OFFER });
    await call.expectResponse(180);
    await call.cancel().expectResponse(200);
    await call.expectResponse(487);

    await app.log.waitFor('cancelled');
  });

  it('answers digest challenges, for a registrar and for an INVITE', async () => {
    const challenge = 'Digest realm="switchyard", nonce="n0nce", qop="auth"';
    app.srf.register((req, res) => {
      const authorization = req.get('Authorization');
      if (!authorization) return res.send(401, { headers: { 'WWW-Authenticate': challenge } });
      const { cnonce = '', uri = '' } = parseDigestParameters(authorization);
      const expected = digestAuthorization(
        challenge,
        { method: 'REGISTER', uri },
        { username: 'alice', password: 'pw' },
        cnonce,
      );
      res.send(authorization === expected ? 200 : 403);
    });
    app.srf.invite((req, res) => {
      if (!req.get('Proxy-Authorization'))
        return res.send(407, { headers: { 'Proxy-Authenticate': challenge } });
      res.send(486);
    });
    await server.waitForRoutes(['register', 'invite']);
    const alice = server.peer({ port: 5080 }, 'alice');
    const credentials = { username: 'alice', password: 'pw' };

    const register = alice.request('REGISTER', {
      requestUri: `sip:${server.sipAddress}`,
      headers: { Expires: '3600' },
    });
    const unauthorized = await register.expectResponse(401);
    const registered = await register.authenticate(unauthorized, credentials).expectResponse(200);
    const call = alice.invite({ sdp: SIPP_OFFER });
    const retried = call.authenticate(await call.expectResponse(407), credentials);
    await retried.expectResponse(486);

    expect(registered.cseq.seq).toBe(2);
    expect(retried.invite.message.get('Proxy-Authorization')).toMatch(/^Digest username="alice"/);
  });

  it('fails waits with what was awaited and what arrived instead', async () => {
    const call = server.invite();

    await expect(call.expectResponse(200)).rejects.toThrow(
      /^expected 200 to INVITE sip:service@127\.0\.0\.1:5060 SIP\/2\.0 but received SIP\/2\.0 503 Service Unavailable$/,
    );
    await expect(server.waitForAppRequest('OPTIONS', { timeoutMs: 20 })).rejects.toThrow(
      'Timed out after 20 ms waiting for OPTIONS from the app',
    );
    await expect(app.log.waitFor('never', { timeoutMs: 20 })).rejects.toThrow(
      'waiting for app log line never',
    );
  });

  it('records every frame of both directions', async () => {
    app.srf.options((_req, res) => res.send(200));
    await server.waitForRoutes(['options']);

    await server.peer().request('OPTIONS').expectResponse(200);

    const kinds = server.frames.map((frame) => `${frame.direction} ${frame.payload.split('|')[1]}`);
    expect(kinds).toEqual([
      'app->server authenticate',
      'server->app response',
      'app->server route',
      'server->app response',
      'server->app sip',
      'app->server sip',
      'server->app response',
    ]);
    expect(server.frames.every((frame) => frame.connection === 1)).toBe(true);
  });
});

describe('DrachtioTestServer on the wire', () => {
  let server: DrachtioTestServer;

  beforeEach(async () => {
    server = await DrachtioTestServer.start({ secret: 's3cret' });
  });

  afterEach(async () => {
    await server.close();
  });

  /** A raw control-protocol client; resolves with everything the server sent once it closes the connection. */
  function rawClient(): { socket: Socket; closed: Promise<string> } {
    const socket = connect(server.port, server.host);
    const closed = new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      socket.on('close', () => resolve(received));
    });
    return { socket, closed };
  }

  it('refuses a wrong secret with NO and closes the connection', async () => {
    const { socket, closed } = rawClient();

    socket.write(encodeFrame('m1|authenticate|wrong|'));

    expect(await closed).toMatch(/^\d+#[0-9a-f-]{36}\|response\|m1\|NO\|incorrect secret$/);
  });

  it('reassembles a frame sent byte by byte and answers ping with pong', async () => {
    const { socket, closed } = rawClient();
    const frames = Buffer.from(encodeFrame('m1|authenticate|s3cret|') + encodeFrame('m2|ping'));

    for (const byte of frames) socket.write(Buffer.from([byte]));
    await server.waitForFrame((frame) => frame.payload.endsWith('|response|m2|OK|pong'), 'pong');
    socket.end();

    expect(await closed).toContain(
      '|response|m1|OK|tcp/127.0.0.1:5060,udp/127.0.0.1:5060|9c2dd4cb-snapshot|',
    );
  });

  it('drops a client whose length prefix has more than five digits', async () => {
    const { socket, closed } = rawClient();

    socket.write('123456#');

    expect(await closed).toBe('');
  });
});
