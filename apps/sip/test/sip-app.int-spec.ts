import { type INestApplicationContext } from '@nestjs/common';
import { loadSipConfig } from '@switchyard/config';
import { DrachtioTestServer, testEnvironment } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSipApp } from '../src/sip-app';
import { freePort, observableLogger } from './sip-test-bed';

async function health(port: number, path: string) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('sip app', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startApp(drachtioPort: number, healthPort: number) {
    const observed = observableLogger();
    const config = loadSipConfig(
      testEnvironment({
        DRACHTIO_PORT: String(drachtioPort),
        DRACHTIO_SECRET: 'cymru',
        SIP_NONCE_SECRET: 'test-nonce-secret-of-at-least-32-chars',
        DRACHTIO_RECONNECT_MAX_MS: '200',
        SIP_HEALTH_HOST: '127.0.0.1',
        SIP_HEALTH_PORT: String(healthPort),
      }),
    );
    const app: INestApplicationContext = await createSipApp(config, { logger: observed.logger });
    cleanups.push(() => app.close());
    return observed;
  }

  it('connects, answers OPTIONS with 200 and reports ready', async () => {
    const server = await DrachtioTestServer.start();
    cleanups.push(() => server.close());
    const healthPort = await freePort();
    const observed = await startApp(server.port, healthPort);
    await server.waitForRoutes(['options']);
    await observed.waitFor((line) => line.msg === 'connected to drachtio-server');

    const response = await server.peer({ port: 5070 }, 'monitor').request('OPTIONS').expectResponse(200);
    expect(response.get('Allow')).toContain('INVITE');
    expect(await health(healthPort, '/health/ready')).toEqual({
      status: 200,
      body: { status: 'ok', checks: { drachtio: 'connected' } },
    });
  });

  it('retries with backoff while drachtio-server is unreachable, then connects', async () => {
    const drachtioPort = await freePort();
    const healthPort = await freePort();
    const observed = await startApp(drachtioPort, healthPort);
    await observed.waitFor(
      (line) => line.msg === 'drachtio-server unreachable; retrying' && Number(line.attempt) >= 3,
    );
    expect(await health(healthPort, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await health(healthPort, '/health/ready')).status).toBe(503);

    const server = await DrachtioTestServer.start({ port: drachtioPort });
    cleanups.push(() => server.close());
    await server.waitForRoutes(['options']);
    await observed.waitFor((line) => line.msg === 'connected to drachtio-server');
    expect((await health(healthPort, '/health/ready')).status).toBe(200);
  });

  it('reconnects after losing the server', async () => {
    const server = await DrachtioTestServer.start();
    const healthPort = await freePort();
    const observed = await startApp(server.port, healthPort);
    await server.waitForRoutes(['options']);
    const port = server.port;
    await server.close();
    await observed.waitFor((line) => line.msg === 'lost the connection to drachtio-server; reconnecting');

    const restarted = await DrachtioTestServer.start({ port });
    cleanups.push(() => restarted.close());
    await restarted.waitForRoutes(['options']);
    await restarted.peer({ port: 5070 }, 'monitor').request('OPTIONS').expectResponse(200);
  });
});
