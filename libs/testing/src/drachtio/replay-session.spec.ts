import { afterEach, describe, it, vi } from 'vitest';
import { replayCapture } from './capture-replay';

describe('replaying the session captures against DrachtioTestServer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a-connect-only: authenticate, one route per handler in registration order, disconnect', async () => {
    await replayCapture('a-connect-only', {
      app(app) {
        app.srf.on('connect', (error, hostport, version, localHostports) =>
          app.log.write(
            error
              ? `connect error ${error.message}`
              : `connected hostport=${hostport} version=${version} localHostports=${localHostports}`,
          ),
        );
        app.srf.invite((_req, res) => res.send(480));
        app.srf.register((_req, res) => res.send(403));
        app.srf.options((_req, res) => res.send(200));
        app.srf.subscribe((_req, res) => res.send(489));
        app.srf.message((_req, res) => res.send(200));
        app.srf.info((_req, res) => res.send(200));
      },
      async network(server, app) {
        await server.waitForRoutes(['invite', 'register', 'options', 'subscribe', 'message', 'info']);
        await app.log.waitFor(/^connected/);
        app.log.write('disconnecting');
      },
    });
  });

  it('n-ping-remove-route: remove_route, then two pings answered with pong', async () => {
    // srf pings from a setInterval; faking only that timer replaces the capture's 5 s waits
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await replayCapture('n-ping-remove-route', {
      // srf skips its server version check (which this build's version would fail) when NODE_ENV is test, as vitest sets it
      connect: { enablePing: true, pingInterval: 5000 },
      app(app) {
        app.srf.on('connect', (error, hostport) => {
          if (error) return app.log.write(`connect error ${error.message}`);
          app.log.write(`connected ${hostport}`);
          app.log.write('unregistering options');
          app.srf.unregisterForMessages('options');
        });
        app.srf.invite((_req, res) => res.send(480));
        app.srf.options((_req, res) => res.send(200));
      },
      async network(server, app) {
        const pongs = (): number =>
          server.frames.filter((frame) => frame.payload.endsWith('|OK|pong')).length;
        const removal = await server.waitForFrame(
          (frame) => frame.payload.includes('|remove_route|options'),
          'remove_route',
        );
        const [removalId] = removal.payload.split('|');
        await server.waitForFrame(
          (frame) => frame.payload.includes(`|response|${removalId}|OK`),
          'remove_route answered',
        );
        for (const expected of [1, 2]) {
          vi.advanceTimersByTime(5000);
          await server.waitForFrame(() => pongs() === expected, `pong ${expected}`);
        }
        app.log.write('disconnecting');
      },
    });
  });

  it('o-bad-secret: a wrong secret is refused with NO and the server closes the connection', async () => {
    await replayCapture('o-bad-secret', {
      connect: { secret: 'wrong-secret', reconnect: { maxAttempts: 1 } },
      app(app) {
        app.srf.on('connect', (error, hostport) =>
          app.log.write(
            error ? `connected=false (auth rejected): ${error.message}` : `connected ${hostport}`,
          ),
        );
        app.srf.invite((_req, res) => res.send(480));
      },
      async network(server, app) {
        await app.log.waitFor(/^connected=false/);
        await server.waitForDisconnect();
      },
    });
  });
});
