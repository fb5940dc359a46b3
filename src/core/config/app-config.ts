// The whole configuration surface, read once from the environment and validated at start-up.
// Both processes call loadConfig() before Nest boots so that bad env fails fast with one line.
import { parseTrustProxy } from './trust-proxy';

export interface AppConfig {
  nodeEnv: string;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /** Prefix for every BullMQ / rate-limit key, so several deployments or test runs share one Redis. */
  redisPrefix: string;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  importMaxBytes: number;
  importBatchSize: number;
  migrationsRun: boolean;
  workersInApi: boolean;
  adminEmail?: string;
  adminPassword?: string;
  logLevel: string;
  loginRateLimit: { limit: number; windowSeconds: number };
  verifyRateLimit: { limit: number; windowSeconds: number };
  reconcileEverySeconds: number;
  /** How long an api process reuses a computed report answer (0 = never). */
  reportCacheMs: number;
  /** Uploads received at once by one api process, and how long a silent upload may stall. */
  uploads: { perPartner: number; total: number; idleSeconds: number };
  /** Node's server limits: time to receive the headers, and a whole request (uploads included). */
  http: { headersTimeoutSeconds: number; requestTimeoutSeconds: number };
  /** Express `trust proxy`: a hop count (0 = trust no forwarded header) or addresses/CIDRs. */
  trustProxy: number | string[];
  /** Longest wait, in ms, for any Redis call made while answering a request. */
  redisTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is required but not set (see .env.example)');
  return value;
}

function url(env: Env, name: string, protocols: string[]): string {
  const value = required(env, name);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a valid URL (expected ${protocols[0]}//…)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(' or ')}//`);
  }
  return value;
}

function int(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new ConfigError(name, `must be a whole number ≥ ${min}`);
  }
  return Number(raw);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, 'must be true or false');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const jwtSecret = required(env, 'JWT_SECRET');
  if (jwtSecret.length < 16) throw new ConfigError('JWT_SECRET', 'must be at least 16 characters');
  const adminEmail = env.ADMIN_EMAIL?.trim() || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters');
  }
  return {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: env.REDIS_PREFIX?.trim() || 'sdt',
    jwtSecret,
    jwtExpiresInSeconds: int(env, 'JWT_EXPIRES_IN_SECONDS', 3600, 60),
    importMaxBytes: int(env, 'IMPORT_MAX_BYTES', 100 * 1024 * 1024, 1),
    importBatchSize: int(env, 'IMPORT_BATCH_SIZE', 10000, 1),
    migrationsRun: bool(env, 'MIGRATIONS_RUN', true),
    workersInApi: bool(env, 'WORKERS_IN_API', nodeEnv !== 'production'),
    adminEmail,
    adminPassword,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
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
    uploads: {
      perPartner: int(env, 'UPLOADS_PER_PARTNER', 4, 1),
      total: int(env, 'UPLOADS_TOTAL', 32, 1),
      idleSeconds: int(env, 'UPLOAD_IDLE_SECONDS', 30, 1),
    },
    http: {
      headersTimeoutSeconds: int(env, 'HTTP_HEADERS_TIMEOUT_SECONDS', 20, 1),
      requestTimeoutSeconds: int(env, 'HTTP_REQUEST_TIMEOUT_SECONDS', 900, 1),
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    redisTimeoutMs: int(env, 'REDIS_TIMEOUT_MS', 1000, 50),
  };
}

/** Injection token for the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
