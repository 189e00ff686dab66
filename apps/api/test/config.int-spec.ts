import { spawnApp, testEnvironment } from '@switchyard/testing';
import { describe, expect, it } from 'vitest';

describe('configuration at boot', () => {
  it.each([
    ['apps/api/src/main.ts', 'DATABASE_URL'],
    ['apps/api/src/main.ts', 'AUTH_TOKEN_SECRET'],
    ['apps/worker/src/main.ts', 'REDIS_URL'],
    ['apps/sip/src/main.ts', 'DRACHTIO_SECRET'],
  ])('%s exits with a message naming a missing %s', async (entry, variable) => {
    const app = spawnApp(entry, { ...testEnvironment({ DRACHTIO_SECRET: 'cymru' }), [variable]: undefined });
    const { code } = await app.waitForExit();
    expect(code).toBe(78);
    expect(app.stderr()).toContain(`${variable} is required`);
  });

  it('names a malformed variable and why', async () => {
    const app = spawnApp('apps/api/src/main.ts', testEnvironment({ API_PORT: 'eighty' }));
    const { code } = await app.waitForExit();
    expect(code).toBe(78);
    expect(app.stderr()).toMatch(/API_PORT: /);
  });
});
