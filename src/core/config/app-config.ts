// The whole configuration surface, read once from the environment and validated at start-up.
// Every process (api, worker, seed, migration CLI) reads its settings here and nowhere else:
// to add a variable, add a field to AppConfig, one reader line in loadConfig, and a line in
// .env.example. A bad value stops the process with one line naming the variable.
import { createHash } from 'node:crypto';
import {
  bool,
  ConfigError,
  type Env,
  int,
  oneOf,
  optionalText,
  required,
  url,
} from './env-readers';
import { parseTrustProxy } from './trust-proxy';

export { ConfigError } from './env-readers';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  nodeEnv: string;
  port: number;
  databaseUrl: string;
  /** Connections in each process's Postgres pool. */
  databasePoolSize: number;
  redisUrl: string;
  /** Prefix for every BullMQ / rate-limit key, so several deployments or test runs share one Redis. */
  redisPrefix: string;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  importMaxBytes: number;
  importBatchSize: number;
  /** Imports one worker process runs at once. */
  importConcurrency: number;
  /** How long a worker holds an import job's lock before another worker may take it over. */
  importJobLockMs: number;
  /** How long a dry run's stored upload is kept for POST /imports/{id}/apply (and its rejected rows). */
  importPreviewKeepHours: number;
  /** How long an applied import's stored upload is kept (for GET /imports/{id}/rejected.csv). */
  importUploadKeepDays: number;
  migrationsRun: boolean;
  workersInApi: boolean;
  adminEmail?: string;
  adminPassword?: string;
  logLevel: LogLevel;
  loginRateLimit: { limit: number; windowSeconds: number };
  verifyRateLimit: { limit: number; windowSeconds: number };
  reconcileEverySeconds: number;
  /** How long an api process reuses a computed report answer (0 = never). */
  reportCacheMs: number;
  /** A partner whose last completed import is older than this many days is flagged stale. */
  staleAfterDays: number;
  /** How long SIGTERM waits for requests in flight and jobs in progress before exiting. */
  shutdownGraceMs: number;
  /** On SIGTERM, how long readiness answers 503 before the HTTP server stops accepting. */
  shutdownDrainSeconds: number;
  /** Port of the worker-only process's /health and /metrics (0 = a free port). */
  workerHttpPort: number;
  /** AES-256-GCM key (32 bytes) that encrypts webhook secrets at rest. */
  webhookSecretKey: Buffer;
  /** First retry delay of a failed webhook delivery; doubles each attempt (capped at 1 h). */
  webhookRetryBaseMs: number;
  /** How often the worker looks for webhook events not yet handed to the queue. */
  webhookOutboxPollMs: number;
  /** Uploads received at once by one api process, and how long a silent upload may stall. */
  uploads: { perPartner: number; total: number; idleSeconds: number };
  /**
   * Trainee exports prepared at once by one api process (each holds a database connection
   * while Postgres writes it), how long a client may read nothing before it is cut off, and how
   * long one export may last in all (a reader taking a few bytes now and then is never idle).
   */
  exports: { perOwner: number; total: number; idleSeconds: number; maxSeconds: number };
  /** Node's server limits: time to receive the headers, and a whole request (uploads included). */
  http: { headersTimeoutSeconds: number; requestTimeoutSeconds: number };
  /** Express `trust proxy`: a hop count (0 = trust no forwarded header) or addresses/CIDRs. */
  trustProxy: number | string[];
  /** Longest wait, in ms, for any Redis call made while answering a request. */
  redisTimeoutMs: number;
}

/** What the seed and the migration CLI need: the database, and the seed's admin. */
export interface DatabaseConfig {
  databaseUrl: string;
  databasePoolSize: number;
  adminEmail?: string;
  adminPassword?: string;
}

export function loadDatabaseConfig(env: Env = process.env): DatabaseConfig {
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  // A weak (common) one is refused where the admin is created (assertAdminPasswordStrong).
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters');
  }
  return {
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    adminEmail: optionalText(env, 'ADMIN_EMAIL'),
    adminPassword,
  };
}

/**
 * WEBHOOK_SECRET_KEY: 32 bytes as 64 hex characters or base64. Required in production;
 * elsewhere a key derived from JWT_SECRET is used so a development setup needs nothing more.
 */
function webhookKey(env: Env, nodeEnv: string, jwtSecret: string): Buffer {
  const raw = env.WEBHOOK_SECRET_KEY?.trim();
  if (!raw) {
    if (nodeEnv === 'production') {
      throw new ConfigError('WEBHOOK_SECRET_KEY', 'is required in production (see .env.example)');
    }
    return createHash('sha256').update(`sdt-webhook-secrets:${jwtSecret}`).digest();
  }
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('WEBHOOK_SECRET_KEY', 'must be 32 bytes: 64 hex characters or base64');
  }
  return key;
}

/** Secrets a template ships with (.env.example, old compose files): never to run in production. */
const PLACEHOLDER_SECRETS = ['change-me', 'changeme', 'deadbeefdeadbeef'];
const SECRET_VARIABLES = ['JWT_SECRET', 'ADMIN_PASSWORD', 'WEBHOOK_SECRET_KEY'] as const;

/**
 * In production a secret copied from a template stops the process: the first one found is named
 * (never echoed). DATABASE_URL's password counts too.
 */
export function refusePlaceholderSecrets(env: Env, nodeEnv: string): void {
  if (nodeEnv !== 'production') return;
  const looksPlaceholder = (value: string | undefined) =>
    !!value && PLACEHOLDER_SECRETS.some((p) => value.toLowerCase().includes(p));
  for (const name of SECRET_VARIABLES) {
    if (looksPlaceholder(env[name])) {
      throw new ConfigError(
        name,
        'is a placeholder (change-me…) and NODE_ENV is production: set a real secret, e.g. `openssl rand -hex 32`',
      );
    }
  }
  const database = optionalText(env, 'DATABASE_URL');
  if (database && URL.canParse(database)) {
    const password = decodeURIComponent(new URL(database).password);
    if (looksPlaceholder(password)) {
      throw new ConfigError(
        'DATABASE_URL',
        'has a placeholder password (change-me…) and NODE_ENV is production: set a real one',
      );
    }
  }
}

/**
 * EXPORT_MAX_SECONDS (default 600: a 50 MB export at 85 KB/s) bounds an export's whole time, so
 * a reader trickling bytes cannot hold an export slot; it must leave room for the idle limit.
 */
function exportLimits(env: Env): AppConfig['exports'] {
  const idleSeconds = int(env, 'EXPORT_IDLE_SECONDS', 60, 1);
  const maxSeconds = int(env, 'EXPORT_MAX_SECONDS', 600, 1, 24 * 60 * 60);
  if (maxSeconds < idleSeconds) {
    throw new ConfigError('EXPORT_MAX_SECONDS', 'must be at least EXPORT_IDLE_SECONDS');
  }
  return {
    perOwner: int(env, 'EXPORTS_PER_CALLER', 2, 1),
    total: int(env, 'EXPORTS_TOTAL', 4, 1),
    idleSeconds,
    maxSeconds,
  };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = optionalText(env, 'NODE_ENV') ?? 'development';
  const jwtSecret = required(env, 'JWT_SECRET');
  if (jwtSecret.length < 16) throw new ConfigError('JWT_SECRET', 'must be at least 16 characters');
  refusePlaceholderSecrets(env, nodeEnv);
  return {
    ...loadDatabaseConfig(env),
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: optionalText(env, 'REDIS_PREFIX') ?? 'sdt',
    jwtSecret,
    jwtExpiresInSeconds: int(env, 'JWT_EXPIRES_IN_SECONDS', 3600, 60),
    importMaxBytes: int(env, 'IMPORT_MAX_BYTES', 100 * 1024 * 1024, 1),
    importBatchSize: int(env, 'IMPORT_BATCH_SIZE', 10000, 1),
    importConcurrency: int(env, 'IMPORT_CONCURRENCY', 2, 1, 16),
    importJobLockMs: int(env, 'IMPORT_JOB_LOCK_MS', 30000, 1000),
    importPreviewKeepHours: int(env, 'IMPORT_PREVIEW_KEEP_HOURS', 24, 1),
    importUploadKeepDays: int(env, 'IMPORT_UPLOAD_KEEP_DAYS', 30, 1),
    migrationsRun: bool(env, 'MIGRATIONS_RUN', true),
    workersInApi: bool(env, 'WORKERS_IN_API', nodeEnv !== 'production'),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    loginRateLimit: {
      limit: int(env, 'LOGIN_RATE_LIMIT', 10, 1),
      windowSeconds: int(env, 'LOGIN_RATE_WINDOW_SECONDS', 60, 1),
    },
    verifyRateLimit: {
      limit: int(env, 'VERIFY_RATE_LIMIT', 60, 1),
      windowSeconds: int(env, 'VERIFY_RATE_WINDOW_SECONDS', 60, 1),
    },
    reconcileEverySeconds: int(env, 'RECONCILE_EVERY_SECONDS', 60, 1),
    reportCacheMs: int(env, 'REPORT_CACHE_MS', 1000, 0),
    staleAfterDays: int(env, 'STALE_AFTER_DAYS', 14, 1),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 8000, 0),
    shutdownDrainSeconds: int(env, 'SHUTDOWN_DRAIN_SECONDS', 3, 0, 300),
    workerHttpPort: int(env, 'WORKER_HTTP_PORT', 3001, 0, 65535),
    webhookSecretKey: webhookKey(env, nodeEnv, jwtSecret),
    webhookRetryBaseMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 30000, 1),
    webhookOutboxPollMs: int(env, 'WEBHOOK_OUTBOX_POLL_MS', 1000, 50),
    uploads: {
      perPartner: int(env, 'UPLOADS_PER_PARTNER', 4, 1),
      total: int(env, 'UPLOADS_TOTAL', 32, 1),
      idleSeconds: int(env, 'UPLOAD_IDLE_SECONDS', 30, 1),
    },
    exports: exportLimits(env),
    http: {
      headersTimeoutSeconds: int(env, 'HTTP_HEADERS_TIMEOUT_SECONDS', 20, 1),
      requestTimeoutSeconds: int(env, 'HTTP_REQUEST_TIMEOUT_SECONDS', 900, 1),
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    redisTimeoutMs: int(env, 'REDIS_TIMEOUT_MS', 1000, 50),
  };
}

/**
 * `npm start` on a laptop: with no DATABASE_URL outside production, the process starts an
 * embedded PostgreSQL (and a redis-server when REDIS_URL is unset and none answers locally).
 */
export function localServicesWanted(env: Env = process.env): boolean {
  const nodeEnv = optionalText(env, 'NODE_ENV') ?? 'development';
  return !optionalText(env, 'DATABASE_URL') && nodeEnv !== 'production';
}

let startup: AppConfig | undefined;

/**
 * The configuration as validated at start-up, for the few settings read while modules load
 * (decorator options). Entry points validate first and load the app modules after, so a bad
 * value is reported by them, not thrown from here.
 */
export function startupConfig(): AppConfig {
  startup ??= loadConfig();
  return startup;
}

/** Injection token for the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
