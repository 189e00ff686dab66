import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname as hostName } from 'node:os';
import { z } from 'zod';
import { ConfigurationError, env, type EnvironmentSource, loadEnvironment } from './config-loader';

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
export interface EventsConfig {
  /** Events older than this are purged from Postgres (the REST API stops listing them). */
  readonly retentionDays: number;
  /** Most outbox rows the relay hands to the queue in one transaction. */
  readonly relayBatchSize: number;
  /** Safety-net poll of the outbox, for rows whose NOTIFY was missed (e.g. no worker was listening). */
  readonly relaySweepMs: number;
  /** Events kept per account in Redis for live-stream resume (Last-Event-ID); also kept at most a day. */
  readonly streamMaxLength: number;
  /** Comment lines on idle live streams, so proxies keep them open. */
  readonly streamHeartbeatSeconds: number;
}
export interface WebhooksConfig {
  /** Lets webhook URLs point at private, loopback and link-local addresses; for local development and tests. */
  readonly allowPrivateTargets: boolean;
  /** How long the secret before a rotation still signs deliveries. */
  readonly secretRotationGraceSeconds: number;
  readonly timeoutMs: number;
  /** First retry delay; each further one doubles, up to retryMaxDelayMs, with jitter. */
  readonly retryBaseMs: number;
  readonly retryMaxDelayMs: number;
  /** Tries per event and endpoint, the first included. */
  readonly maxAttempts: number;
  /** An endpoint failing without a single success for this long is disabled. */
  readonly disableAfterSeconds: number;
  /** Deliveries in flight to one endpoint at once, across all workers. */
  readonly endpointConcurrency: number;
  readonly deliveryRetentionDays: number;
}
/** The carrier that sells numbers and carries their calls and messages; the sandbox needs no account. */
export type CarrierConfig =
  | { readonly kind: 'sandbox' }
  | {
      readonly kind: 'telnyx';
      readonly apiKey: string;
      readonly baseUrl: string;
      /** Telnyx connection that receives the calls of bought numbers; unset leaves them unrouted. */
      readonly connectionId: string | undefined;
      /** Telnyx messaging profile of bought numbers; unset leaves SMS unrouted. */
      readonly messagingProfileId: string | undefined;
    };
export interface NumbersConfig {
  /** How long a released number stays restorable before it goes back to the carrier. */
  readonly releaseGraceHours: number;
}
export interface StorageConfig {
  /** Directory of the local-disk store of uploaded documents and recordings. */
  readonly directory: string;
}
/** Where devices register: every account gets `<its subdomain>.<domain>`, which is also its digest realm. */
export interface SipDomainConfig {
  readonly domain: string;
}
export interface SipRegistrarConfig extends SipDomainConfig {
  /** HMAC key of digest nonces, shared by every sip instance so that any of them verifies any nonce. */
  readonly nonceSecret: string;
  readonly nonceTtlSeconds: number;
  /** Shorter requested registrations are refused with 423 Interval Too Brief. */
  readonly minExpiresSeconds: number;
  /** Longer requested registrations are shortened to this. */
  readonly maxExpiresSeconds: number;
  /** For a REGISTER that names no expiry. */
  readonly defaultExpiresSeconds: number;
}
export interface SipEdgeSecurityConfig {
  /** REGISTER and INVITE requests one source address may send per window (a token bucket of that size). */
  readonly rateLimitRequests: number;
  readonly rateLimitWindowSeconds: number;
  /** Failed digest authentications from one address within the window that get it banned. */
  readonly authFailureLimit: number;
  readonly authFailureWindowSeconds: number;
  readonly banSeconds: number;
  /** User-Agent fragments (case-insensitive) whose requests are dropped unanswered. */
  readonly scannerUserAgents: readonly string[];
  /** CIDRs of carriers' trunks: never rate limited, banned or screened. */
  readonly trustedSources: readonly string[];
}
/** How the api checks that carrier callbacks come from the carrier; a carrier left unset has every call refused. */
export interface CarrierWebhooksConfig {
  /** HMAC-SHA256 secret the sandbox carrier signs its callbacks with. */
  readonly sandboxSecret?: string;
  /** Telnyx's ed25519 public key (base64, as the portal shows it). */
  readonly telnyxPublicKey?: string;
}

/** MMS media: carriers download it from signed URLs of this API; without both settings, MMS cannot be sent. */
export interface MessagingMediaConfig {
  /** This API's address as carriers reach it, e.g. https://api.example.com. */
  readonly publicBaseUrl?: string;
  /** HMAC-SHA256 key of the media download URLs. */
  readonly urlSecret?: string;
}

/** Carrier throughput of outbound messages, in message segments per second, shared by every worker. */
export interface MessagingPacingConfig {
  /** Off: messages go to the carrier as fast as workers take them (benchmarks, carriers that pace for us). */
  readonly enabled: boolean;
  /** Per sending number, by kind of number; a long code is a local or mobile number. */
  readonly senderSegmentsPerSecond: {
    readonly longCode: number;
    readonly tollFree: number;
    readonly shortCode: number;
  };
  /** Per account, across all of its numbers. */
  readonly accountSegmentsPerSecond: number;
  /** A message that would wait longer than this for its turn fails with backlog_too_long instead. */
  readonly maxBacklogSeconds: number;
}

/** Limits of an account's outbound calls until it sets its own call policy. */
export interface CallLimitsConfig {
  readonly maxConcurrentCalls: number;
  readonly maxCallDurationSeconds: number;
  readonly callsPerSecond: number;
}

/** Where outbound calls leave: a carrier's SIP trunk, or none for the sandbox carrier's simulated far end. */
export interface SipTrunkConfig {
  /** e.g. sip:sip.telnyx.com;transport=tcp */
  readonly uri: string;
  /** Digest credentials the trunk challenges for, when it does. */
  readonly username?: string;
  readonly password?: string;
}

export interface CallsConfig {
  readonly defaultLimits: CallLimitsConfig;
}

/** rtpengine as the media engine of the sip app: unset, calls carry no media and flows needing it are refused. */
export interface SipMediaConfig {
  readonly ngHost: string;
  readonly ngPort: number;
  /** Where rtpengine's `dtmf-log-dest` sends digits: this app listens there. */
  readonly dtmfLogHost: string;
  readonly dtmfLogPort: number;
  /** rtpengine's `recording-dir` as this app sees it. */
  readonly recordingDirectory: string;
  /** Where synthesized prompts are cached. */
  readonly promptDirectory: string;
}

export interface SipCallsConfig extends CallsConfig {
  /** Unset: outbound calls are answered by the sandbox carrier's simulated far end inside the sip app. */
  readonly trunk?: SipTrunkConfig;
  /** Names this process in live call records, so calls of a vanished instance can be closed by the others. */
  readonly instanceId: string;
  /** How long SIGTERM lets live calls run before hanging them up. */
  readonly drainTimeoutSeconds: number;
  readonly media?: SipMediaConfig;
}

export interface ApiConfig {
  readonly serviceName: 'api';
  readonly http: { readonly host: string; readonly port: number };
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly logging: LoggingConfig;
  readonly auth: AuthConfig;
  readonly events: EventsConfig;
  readonly webhooks: WebhooksConfig;
  readonly carrier: CarrierConfig;
  readonly numbers: NumbersConfig;
  readonly storage: StorageConfig;
  readonly sip: SipDomainConfig;
  readonly carrierWebhooks: CarrierWebhooksConfig;
  readonly messagingMedia: MessagingMediaConfig;
  readonly calls: CallsConfig;
  readonly messagingPacing: MessagingPacingConfig;
}
export interface WorkerConfig {
  readonly serviceName: 'worker';
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly logging: LoggingConfig;
  /** How long SIGTERM waits for in-flight jobs before handing them back to the queue. */
  readonly shutdownGraceSeconds: number;
  readonly concurrency: number;
  readonly events: EventsConfig;
  readonly webhooks: WebhooksConfig;
  readonly carrier: CarrierConfig;
  readonly numbers: NumbersConfig;
  readonly messagingPacing: MessagingPacingConfig;
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
  readonly registrar: SipRegistrarConfig;
  readonly edgeSecurity: SipEdgeSecurityConfig;
  readonly calls: SipCallsConfig;
  /** Where voicemail messages and call recordings are stored; the api serves them from the same place. */
  readonly storage: StorageConfig;
  /** Call flows' webhook nodes; private targets follow WEBHOOKS_ALLOW_PRIVATE_TARGETS, as event webhooks do. */
  readonly flowWebhooks: Pick<WebhooksConfig, 'allowPrivateTargets'>;
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

const eventsAndWebhooksShape = {
  EVENTS_RETENTION_DAYS: env.int(30, 1),
  EVENTS_RELAY_BATCH_SIZE: env.int(500, 1),
  EVENTS_RELAY_SWEEP_MS: env.int(1_000, 10),
  EVENTS_STREAM_MAX_LENGTH: env.int(10_000, 10),
  EVENTS_STREAM_HEARTBEAT_SECONDS: env.int(15, 1),
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: env.boolean(false),
  WEBHOOKS_SECRET_ROTATION_GRACE_SECONDS: env.int(86_400, 0),
  WEBHOOKS_TIMEOUT_MS: env.int(10_000, 100),
  WEBHOOKS_RETRY_BASE_MS: env.int(30_000, 1),
  WEBHOOKS_RETRY_MAX_DELAY_MS: env.int(4 * 3_600_000, 1),
  WEBHOOKS_MAX_ATTEMPTS: env.int(15, 1),
  WEBHOOKS_DISABLE_AFTER_SECONDS: env.int(3 * 86_400, 1),
  WEBHOOKS_ENDPOINT_CONCURRENCY: env.int(10, 1),
  WEBHOOKS_DELIVERY_RETENTION_DAYS: env.int(30, 1),
};

type EventsAndWebhooksEnvironment = z.infer<z.ZodObject<typeof eventsAndWebhooksShape>>;

function eventsAndWebhooksTree(values: EventsAndWebhooksEnvironment) {
  return {
    events: {
      retentionDays: values.EVENTS_RETENTION_DAYS,
      relayBatchSize: values.EVENTS_RELAY_BATCH_SIZE,
      relaySweepMs: values.EVENTS_RELAY_SWEEP_MS,
      streamMaxLength: values.EVENTS_STREAM_MAX_LENGTH,
      streamHeartbeatSeconds: values.EVENTS_STREAM_HEARTBEAT_SECONDS,
    },
    webhooks: {
      allowPrivateTargets: values.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
      secretRotationGraceSeconds: values.WEBHOOKS_SECRET_ROTATION_GRACE_SECONDS,
      timeoutMs: values.WEBHOOKS_TIMEOUT_MS,
      retryBaseMs: values.WEBHOOKS_RETRY_BASE_MS,
      retryMaxDelayMs: values.WEBHOOKS_RETRY_MAX_DELAY_MS,
      maxAttempts: values.WEBHOOKS_MAX_ATTEMPTS,
      disableAfterSeconds: values.WEBHOOKS_DISABLE_AFTER_SECONDS,
      endpointConcurrency: values.WEBHOOKS_ENDPOINT_CONCURRENCY,
      deliveryRetentionDays: values.WEBHOOKS_DELIVERY_RETENTION_DAYS,
    },
  };
}

const numbersShape = {
  CARRIER: z.enum(['sandbox', 'telnyx']).default('sandbox'),
  TELNYX_API_KEY: z.string().min(1).optional(),
  TELNYX_BASE_URL: z.url().default('https://api.telnyx.com/v2'),
  TELNYX_CONNECTION_ID: z.string().min(1).optional(),
  TELNYX_MESSAGING_PROFILE_ID: z.string().min(1).optional(),
  NUMBER_RELEASE_GRACE_HOURS: env.int(72, 0),
};

type NumbersEnvironment = z.infer<z.ZodObject<typeof numbersShape>>;

function numbersTree(values: NumbersEnvironment): { carrier: CarrierConfig; numbers: NumbersConfig } {
  const numbers = { releaseGraceHours: values.NUMBER_RELEASE_GRACE_HOURS };
  if (values.CARRIER === 'sandbox') return { carrier: { kind: 'sandbox' }, numbers };
  if (values.TELNYX_API_KEY === undefined) {
    throw new ConfigurationError(['TELNYX_API_KEY is required when CARRIER=telnyx']);
  }
  return {
    carrier: {
      kind: 'telnyx',
      apiKey: values.TELNYX_API_KEY,
      baseUrl: values.TELNYX_BASE_URL,
      connectionId: values.TELNYX_CONNECTION_ID,
      messagingProfileId: values.TELNYX_MESSAGING_PROFILE_ID,
    },
    numbers,
  };
}

const messagingPacingShape = {
  MESSAGING_PACING_ENABLED: env.boolean(true),
  MESSAGING_LONG_CODE_SEGMENTS_PER_SECOND: env.int(1, 1),
  MESSAGING_TOLL_FREE_SEGMENTS_PER_SECOND: env.int(20, 1),
  MESSAGING_SHORT_CODE_SEGMENTS_PER_SECOND: env.int(100, 1),
  MESSAGING_ACCOUNT_SEGMENTS_PER_SECOND: env.int(200, 1),
  MESSAGING_MAX_BACKLOG_SECONDS: env.int(3_600, 1),
};

function messagingPacingTree(
  values: z.infer<z.ZodObject<typeof messagingPacingShape>>,
): MessagingPacingConfig {
  return {
    enabled: values.MESSAGING_PACING_ENABLED,
    senderSegmentsPerSecond: {
      longCode: values.MESSAGING_LONG_CODE_SEGMENTS_PER_SECOND,
      tollFree: values.MESSAGING_TOLL_FREE_SEGMENTS_PER_SECOND,
      shortCode: values.MESSAGING_SHORT_CODE_SEGMENTS_PER_SECOND,
    },
    accountSegmentsPerSecond: values.MESSAGING_ACCOUNT_SEGMENTS_PER_SECOND,
    maxBacklogSeconds: values.MESSAGING_MAX_BACKLOG_SECONDS,
  };
}

const hostname = /^(?=.{1,200}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]([a-z0-9-]*[a-z0-9])?$/;

const sipDomainShape = {
  SIP_DOMAIN: z
    .string()
    .toLowerCase()
    .regex(hostname, 'a DNS name such as sip.example.com')
    .default('sip.switchyard.local'),
};

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

const defaultScannerUserAgents =
  'friendly-scanner,sipvicious,sipcli,VaxSIPUserAgent,pplsip,sundayddr,iWar,SIVuS,smap,sip-scan,SIPScan';

const sipRegistrarShape = {
  ...sipDomainShape,
  SIP_NONCE_SECRET: env.secret(32),
  SIP_NONCE_TTL_SECONDS: env.int(300, 10),
  SIP_REGISTER_MIN_EXPIRES: env.int(60, 1),
  SIP_REGISTER_MAX_EXPIRES: env.int(3_600, 1),
  SIP_REGISTER_DEFAULT_EXPIRES: env.int(600, 1),
  SIP_RATE_LIMIT_REQUESTS: env.int(30, 1),
  SIP_RATE_LIMIT_WINDOW_SECONDS: env.int(2, 1),
  SIP_AUTH_FAILURE_LIMIT: env.int(5, 1),
  SIP_AUTH_FAILURE_WINDOW_SECONDS: env.int(600, 1),
  SIP_BAN_SECONDS: env.int(600, 1),
  SIP_SCANNER_USER_AGENTS: commaList.prefault(defaultScannerUserAgents),
  SIP_TRUSTED_SOURCES: commaList
    .refine((cidrs) => cidrs.every(isCidr), 'comma-separated addresses or CIDRs such as 192.0.2.0/24')
    .prefault(''),
};

const callLimitsShape = {
  CALL_MAX_CONCURRENT_DEFAULT: env.int(10, 1),
  CALL_MAX_DURATION_SECONDS_DEFAULT: env.int(14_400, 60),
  CALLS_PER_SECOND_DEFAULT: env.int(5, 1),
};

function callsTree(values: z.infer<z.ZodObject<typeof callLimitsShape>>): CallsConfig {
  return {
    defaultLimits: {
      maxConcurrentCalls: values.CALL_MAX_CONCURRENT_DEFAULT,
      maxCallDurationSeconds: values.CALL_MAX_DURATION_SECONDS_DEFAULT,
      callsPerSecond: values.CALLS_PER_SECOND_DEFAULT,
    },
  };
}

type SipRegistrarEnvironment = z.infer<z.ZodObject<typeof sipRegistrarShape>>;

function sipRegistrarTree(values: SipRegistrarEnvironment) {
  const expiries = [
    values.SIP_REGISTER_MIN_EXPIRES,
    values.SIP_REGISTER_DEFAULT_EXPIRES,
    values.SIP_REGISTER_MAX_EXPIRES,
  ];
  if (expiries.some((value, index) => index > 0 && value < expiries[index - 1]!)) {
    throw new ConfigurationError([
      'SIP_REGISTER_MIN_EXPIRES <= SIP_REGISTER_DEFAULT_EXPIRES <= SIP_REGISTER_MAX_EXPIRES must hold',
    ]);
  }
  return {
    registrar: {
      domain: values.SIP_DOMAIN,
      nonceSecret: values.SIP_NONCE_SECRET,
      nonceTtlSeconds: values.SIP_NONCE_TTL_SECONDS,
      minExpiresSeconds: values.SIP_REGISTER_MIN_EXPIRES,
      maxExpiresSeconds: values.SIP_REGISTER_MAX_EXPIRES,
      defaultExpiresSeconds: values.SIP_REGISTER_DEFAULT_EXPIRES,
    },
    edgeSecurity: {
      rateLimitRequests: values.SIP_RATE_LIMIT_REQUESTS,
      rateLimitWindowSeconds: values.SIP_RATE_LIMIT_WINDOW_SECONDS,
      authFailureLimit: values.SIP_AUTH_FAILURE_LIMIT,
      authFailureWindowSeconds: values.SIP_AUTH_FAILURE_WINDOW_SECONDS,
      banSeconds: values.SIP_BAN_SECONDS,
      scannerUserAgents: values.SIP_SCANNER_USER_AGENTS,
      trustedSources: values.SIP_TRUSTED_SOURCES,
    },
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
      ...eventsAndWebhooksShape,
      ...numbersShape,
      STORAGE_DIR: z.string().min(1).default('./var/storage'),
      ...sipDomainShape,
      SANDBOX_CARRIER_WEBHOOK_SECRET: z.string().min(16).optional(),
      TELNYX_PUBLIC_KEY: z.string().min(1).optional(),
      PUBLIC_API_URL: z.url().optional(),
      MEDIA_URL_SECRET: z.string().min(32).optional(),
      ...callLimitsShape,
      ...messagingPacingShape,
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
    ...eventsAndWebhooksTree(values),
    ...numbersTree(values),
    storage: { directory: values.STORAGE_DIR },
    sip: { domain: values.SIP_DOMAIN },
    carrierWebhooks: {
      ...(values.SANDBOX_CARRIER_WEBHOOK_SECRET && { sandboxSecret: values.SANDBOX_CARRIER_WEBHOOK_SECRET }),
      ...(values.TELNYX_PUBLIC_KEY && { telnyxPublicKey: values.TELNYX_PUBLIC_KEY }),
    },
    messagingMedia: {
      ...(values.PUBLIC_API_URL && { publicBaseUrl: values.PUBLIC_API_URL }),
      ...(values.MEDIA_URL_SECRET && { urlSecret: values.MEDIA_URL_SECRET }),
    },
    calls: callsTree(values),
    messagingPacing: messagingPacingTree(values),
  };
}

export function loadWorkerConfig(source?: EnvironmentSource): WorkerConfig {
  const values = loadEnvironment(
    {
      ...commonShape,
      WORKER_SHUTDOWN_GRACE_SECONDS: env.int(25, 1),
      WORKER_CONCURRENCY: env.int(16, 1),
      ...eventsAndWebhooksShape,
      ...numbersShape,
      ...messagingPacingShape,
    },
    source,
  );
  return {
    serviceName: 'worker',
    ...commonTree(values),
    shutdownGraceSeconds: values.WORKER_SHUTDOWN_GRACE_SECONDS,
    concurrency: values.WORKER_CONCURRENCY,
    ...eventsAndWebhooksTree(values),
    ...numbersTree(values),
    messagingPacing: messagingPacingTree(values),
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
      ...sipRegistrarShape,
      ...callLimitsShape,
      SIP_TRUNK_URI: z
        .string()
        .regex(/^sips?:[^\s]+$/, 'a SIP URI such as sip:sip.telnyx.com')
        .optional(),
      SIP_TRUNK_USERNAME: z.string().min(1).optional(),
      SIP_TRUNK_PASSWORD: z.string().min(1).optional(),
      SIP_INSTANCE_ID: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only')
        .default(`${hostName()}-${process.pid}-${randomBytes(3).toString('hex')}`),
      SIP_DRAIN_TIMEOUT_SECONDS: env.int(30, 0),
      RTPENGINE_NG_HOST: z.string().min(1).optional(),
      RTPENGINE_NG_PORT: env.port(22222),
      RTPENGINE_DTMF_LOG_HOST: z.string().min(1).default('127.0.0.1'),
      RTPENGINE_DTMF_LOG_PORT: env.port(22223),
      RTPENGINE_RECORDING_DIR: z.string().min(1).default('./var/recordings'),
      PROMPT_CACHE_DIR: z.string().min(1).default('./var/prompts'),
      STORAGE_DIR: z.string().min(1).default('./var/storage'),
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: eventsAndWebhooksShape.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
    },
    source,
  );
  const media =
    values.RTPENGINE_NG_HOST === undefined
      ? undefined
      : {
          ngHost: values.RTPENGINE_NG_HOST,
          ngPort: values.RTPENGINE_NG_PORT,
          dtmfLogHost: values.RTPENGINE_DTMF_LOG_HOST,
          dtmfLogPort: values.RTPENGINE_DTMF_LOG_PORT,
          recordingDirectory: values.RTPENGINE_RECORDING_DIR,
          promptDirectory: values.PROMPT_CACHE_DIR,
        };
  const trunk =
    values.SIP_TRUNK_URI === undefined
      ? undefined
      : {
          uri: values.SIP_TRUNK_URI,
          ...(values.SIP_TRUNK_USERNAME && { username: values.SIP_TRUNK_USERNAME }),
          ...(values.SIP_TRUNK_PASSWORD && { password: values.SIP_TRUNK_PASSWORD }),
        };
  return {
    serviceName: 'sip',
    ...commonTree(values),
    drachtio: { host: values.DRACHTIO_HOST, port: values.DRACHTIO_PORT, secret: values.DRACHTIO_SECRET },
    reconnectMaxDelayMs: values.DRACHTIO_RECONNECT_MAX_MS,
    health: { host: values.SIP_HEALTH_HOST, port: values.SIP_HEALTH_PORT },
    ...sipRegistrarTree(values),
    calls: {
      ...callsTree(values),
      ...(trunk && { trunk }),
      instanceId: values.SIP_INSTANCE_ID,
      drainTimeoutSeconds: values.SIP_DRAIN_TIMEOUT_SECONDS,
      ...(media && { media }),
    },
    storage: { directory: values.STORAGE_DIR },
    flowWebhooks: { allowPrivateTargets: values.WEBHOOKS_ALLOW_PRIVATE_TARGETS },
  };
}
