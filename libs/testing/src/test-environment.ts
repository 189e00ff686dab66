import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

/** The environment an app would get in production, pointing at this run's database and key prefix. */
export function testEnvironment(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    // Each test file gets its own prefix below the run's, so queues of parallel files never meet.
    REDIS_KEY_PREFIX: `${inject('redisKeyPrefix')}_${randomUUID().slice(0, 8)}`,
    AUTH_TOKEN_SECRET: 'test-token-secret-of-at-least-32-chars',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}
