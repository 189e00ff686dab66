import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './config-loader';
import { loadApiConfig, loadSipConfig } from './app-config';

const complete = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/app',
  REDIS_URL: 'redis://127.0.0.1:6379',
  AUTH_TOKEN_SECRET: 'x'.repeat(32),
};

describe('loadApiConfig', () => {
  it('builds the typed tree with defaults', () => {
    const config = loadApiConfig(complete);
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3000 });
    expect(config.redis).toEqual({ url: complete.REDIS_URL, keyPrefix: 'sy' });
    expect(config.auth.accessTokenTtlSeconds).toBe(900);
  });

  it('names every missing variable', () => {
    expect(() => loadApiConfig({ REDIS_URL: complete.REDIS_URL })).toThrow(
      new ConfigurationError(['DATABASE_URL is required', 'AUTH_TOKEN_SECRET is required']),
    );
  });

  it('names a malformed variable with the reason', () => {
    expect(() => loadApiConfig({ ...complete, API_PORT: '70000' })).toThrow(/API_PORT: /);
    expect(() => loadApiConfig({ ...complete, AUTH_TOKEN_SECRET: 'short' })).toThrow(
      /AUTH_TOKEN_SECRET: must be at least 32 characters/,
    );
  });

  it('treats an empty variable as missing', () => {
    expect(() => loadApiConfig({ ...complete, DATABASE_URL: '' })).toThrow(/DATABASE_URL is required/);
  });
});

describe('carrier configuration', () => {
  it('uses the sandbox by default, with a three-day release grace and local storage', () => {
    const config = loadApiConfig(complete);
    expect(config.carrier).toEqual({ kind: 'sandbox' });
    expect(config.numbers).toEqual({ releaseGraceHours: 72 });
    expect(config.storage).toEqual({ directory: './var/storage' });
  });

  it('needs an API key for Telnyx and defaults its base URL', () => {
    expect(() => loadApiConfig({ ...complete, CARRIER: 'telnyx' })).toThrow(/TELNYX_API_KEY is required/);
    expect(loadApiConfig({ ...complete, CARRIER: 'telnyx', TELNYX_API_KEY: 'KEY' }).carrier).toEqual({
      kind: 'telnyx',
      apiKey: 'KEY',
      baseUrl: 'https://api.telnyx.com/v2',
      connectionId: undefined,
      messagingProfileId: undefined,
    });
    expect(() => loadApiConfig({ ...complete, CARRIER: 'twilio' })).toThrow(/CARRIER: /);
  });
});

describe('loadSipConfig', () => {
  const sipSecrets = { DRACHTIO_SECRET: 'cymru', SIP_NONCE_SECRET: 'n'.repeat(32) };

  it('requires the drachtio secret', () => {
    expect(() => loadSipConfig(complete)).toThrow(/DRACHTIO_SECRET is required/);
    expect(loadSipConfig({ ...complete, ...sipSecrets }).drachtio).toEqual({
      host: '127.0.0.1',
      port: 9022,
      secret: 'cymru',
    });
  });

  it('requires a nonce secret of at least 32 characters and checks the expiry bounds', () => {
    expect(() => loadSipConfig({ ...complete, DRACHTIO_SECRET: 'cymru' })).toThrow(
      /SIP_NONCE_SECRET is required/,
    );
    expect(() => loadSipConfig({ ...complete, ...sipSecrets, SIP_NONCE_SECRET: 'short' })).toThrow(
      /SIP_NONCE_SECRET: must be at least 32 characters/,
    );
    expect(() => loadSipConfig({ ...complete, ...sipSecrets, SIP_REGISTER_MIN_EXPIRES: '900' })).toThrow(
      /SIP_REGISTER_MIN_EXPIRES <= SIP_REGISTER_DEFAULT_EXPIRES/,
    );
  });

  it('reads the registrar and edge security settings with their defaults', () => {
    const config = loadSipConfig({
      ...complete,
      ...sipSecrets,
      SIP_DOMAIN: 'SIP.Example.com',
      SIP_TRUSTED_SOURCES: '192.0.2.0/24, 2001:db8::1',
    });
    expect(config.registrar).toMatchObject({
      domain: 'sip.example.com',
      nonceTtlSeconds: 300,
      minExpiresSeconds: 60,
      defaultExpiresSeconds: 600,
      maxExpiresSeconds: 3600,
    });
    expect(config.edgeSecurity).toMatchObject({
      rateLimitRequests: 30,
      rateLimitWindowSeconds: 2,
      authFailureLimit: 5,
      authFailureWindowSeconds: 600,
      banSeconds: 600,
      trustedSources: ['192.0.2.0/24', '2001:db8::1'],
    });
    expect(config.edgeSecurity.scannerUserAgents).toContain('friendly-scanner');
    expect(() => loadSipConfig({ ...complete, ...sipSecrets, SIP_TRUSTED_SOURCES: '10.0.0.0/33' })).toThrow(
      /SIP_TRUSTED_SOURCES: /,
    );
  });

  it("keeps flows' webhooks off private addresses unless WEBHOOKS_ALLOW_PRIVATE_TARGETS says otherwise", () => {
    expect(loadSipConfig({ ...complete, ...sipSecrets }).flowWebhooks).toEqual({
      allowPrivateTargets: false,
    });
    expect(
      loadSipConfig({ ...complete, ...sipSecrets, WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' }).flowWebhooks,
    ).toEqual({ allowPrivateTargets: true });
  });
});
