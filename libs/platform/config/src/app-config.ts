import { z } from 'zod';
import { env, type EnvironmentSource, loadEnvironment } from './config-loader';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface DatabaseConfig {
  readonly url: string;
}
export interface RedisConfig {
  readonly url: string;
  /** Prefix of every Redis key this deployment writes, so several deployments or test runs share one server. */
  readonly keyPrefix: string;
}
export interface LoggingConfig {
  readonly level: LogLevel;
}
export interface AuthConfig {
  /** HMAC key of dashboard access tokens. */
  readonly tokenSecret: string;
  readonly accessTokenTtlSeconds: number;
}
export interface ApiConfig {
  readonly serviceName: 'api';
  readonly http: { readonly host: string; readonly port: number };
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly logging: LoggingConfig;
  readonly auth: AuthConfig;
}
export interface WorkerConfig {
  readonly serviceName: 'worker';
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly logging: LoggingConfig;
  /** How long SIGTERM waits for in-flight jobs before handing them back to the queue. */
  readonly shutdownGraceSeconds: number;
  readonly concurrency: number;
}
export interface SipConfig {
  readonly serviceName: 'sip';
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly logging: LoggingConfig;
  readonly drachtio: { readonly host: string; readonly port: number; readonly secret: string };
  /** Longest pause between reconnection attempts while drachtio-server is unreachable. */
  readonly reconnectMaxDelayMs: number;
  readonly health: { readonly host: string; readonly port: number };
}

const commonShape = {
  DATABASE_URL: env.url(),
  REDIS_URL: env.url(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9_:-]+$/i, 'letters, digits, _ : - only')
    .default('sy'),
  LOG_LEVEL: env.logLevel(),
};

type CommonEnvironment = z.infer<z.ZodObject<typeof commonShape>>;

function commonTree(values: CommonEnvironment) {
  return {
    database: { url: values.DATABASE_URL },
    redis: { url: values.REDIS_URL, keyPrefix: values.REDIS_KEY_PREFIX },
    logging: { level: values.LOG_LEVEL },
  };
}

export function loadApiConfig(source?: EnvironmentSource): ApiConfig {
  const values = loadEnvironment(
    {
      ...commonShape,
      API_HOST: z.string().min(1).default('0.0.0.0'),
      API_PORT: env.port(3000),
      AUTH_TOKEN_SECRET: env.secret(32),
      AUTH_ACCESS_TOKEN_TTL_SECONDS: env.int(900, 60),
    },
    source,
  );
  return {
    serviceName: 'api',
    ...commonTree(values),
    http: { host: values.API_HOST, port: values.API_PORT },
    auth: {
      tokenSecret: values.AUTH_TOKEN_SECRET,
      accessTokenTtlSeconds: values.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    },
  };
}

export function loadWorkerConfig(source?: EnvironmentSource): WorkerConfig {
  const values = loadEnvironment(
    {
      ...commonShape,
      WORKER_SHUTDOWN_GRACE_SECONDS: env.int(25, 1),
      WORKER_CONCURRENCY: env.int(16, 1),
    },
    source,
  );
  return {
    serviceName: 'worker',
    ...commonTree(values),
    shutdownGraceSeconds: values.WORKER_SHUTDOWN_GRACE_SECONDS,
    concurrency: values.WORKER_CONCURRENCY,
  };
}

export function loadSipConfig(source?: EnvironmentSource): SipConfig {
  const values = loadEnvironment(
    {
      ...commonShape,
      DRACHTIO_HOST: z.string().min(1).default('127.0.0.1'),
      DRACHTIO_PORT: env.port(9022),
      DRACHTIO_SECRET: z.string().min(1),
      DRACHTIO_RECONNECT_MAX_MS: env.int(30_000, 100),
      SIP_HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
      SIP_HEALTH_PORT: env.port(3002),
    },
    source,
  );
  return {
    serviceName: 'sip',
    ...commonTree(values),
    drachtio: { host: values.DRACHTIO_HOST, port: values.DRACHTIO_PORT, secret: values.DRACHTIO_SECRET },
    reconnectMaxDelayMs: values.DRACHTIO_RECONNECT_MAX_MS,
    health: { host: values.SIP_HEALTH_HOST, port: values.SIP_HEALTH_PORT },
  };
}
