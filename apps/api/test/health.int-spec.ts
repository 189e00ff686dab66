import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './api-test-harness';

describe('health', () => {
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('is live and ready while Postgres and Redis answer', async () => {
    api = await startTestApi();
    expect((await api.request('GET', '/health/live')).body).toEqual({ status: 'ok' });
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });

  it('turns 503 when Redis is unreachable', async () => {
    api = await startTestApi({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.body).toEqual({ status: 'unavailable', checks: { postgres: 'up', redis: 'down' } });
  });

  it('turns 503 when Postgres is unreachable', async () => {
    api = await startTestApi({ env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' } });
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ postgres: 'down', redis: 'up' });
  });
});
