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

describe('loadSipConfig', () => {
  it('requires the drachtio secret', () => {
    expect(() => loadSipConfig(complete)).toThrow(/DRACHTIO_SECRET is required/);
    expect(loadSipConfig({ ...complete, DRACHTIO_SECRET: 'cymru' }).drachtio).toEqual({
      host: '127.0.0.1',
      port: 9022,
      secret: 'cymru',
    });
  });
});
