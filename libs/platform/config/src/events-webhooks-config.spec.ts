import { describe, expect, it } from 'vitest';
import { loadApiConfig, loadWorkerConfig } from './app-config';

const complete = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/app',
  REDIS_URL: 'redis://127.0.0.1:6379',
  AUTH_TOKEN_SECRET: 'x'.repeat(32),
};

describe('events and webhooks configuration', () => {
  it('defaults to safe production values', () => {
    const { webhooks, events } = loadWorkerConfig(complete);
    expect(webhooks).toEqual({
      allowPrivateTargets: false,
      secretRotationGraceSeconds: 86_400,
      timeoutMs: 10_000,
      retryBaseMs: 30_000,
      retryMaxDelayMs: 14_400_000,
      maxAttempts: 15,
      disableAfterSeconds: 259_200,
      endpointConcurrency: 10,
      deliveryRetentionDays: 30,
    });
    expect(events).toEqual({
      retentionDays: 30,
      relayBatchSize: 500,
      relaySweepMs: 1_000,
      streamMaxLength: 10_000,
      streamHeartbeatSeconds: 15,
    });
  });

  it('lets local development reach private targets and refuses nonsense', () => {
    expect(
      loadApiConfig({ ...complete, WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' }).webhooks.allowPrivateTargets,
    ).toBe(true);
    expect(() => loadApiConfig({ ...complete, WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(
      /WEBHOOKS_ALLOW_PRIVATE_TARGETS: /,
    );
    expect(() => loadWorkerConfig({ ...complete, WEBHOOKS_MAX_ATTEMPTS: '0' })).toThrow(
      /WEBHOOKS_MAX_ATTEMPTS: /,
    );
  });
});
