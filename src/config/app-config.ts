import { createHash } from 'node:crypto';

/**
 * Typed configuration, read once from the environment and validated at start-up.
 * A missing or malformed variable stops the process with a message that names it.
 */
export type NodeEnv = 'development' | 'test' | 'production';

export interface AppConfig {
  env: NodeEnv;
  /** trustedProxies: the proxies whose X-Forwarded-For names the client (Fastify's `trustProxy`); none by default. */
  http: { port: number; bodyLimit: string; processes: number; drainSeconds: number; trustedProxies: string[]; webDistDir?: string };
  /** url: the runtime role's connection (API and worker); ownerUrl: the owner's, for migrations only. */
  database: { url: string; ownerUrl: string; runMigrations: boolean; poolSize: number };
  redis: { url: string; prefix: string };
  auth: {
    jwtSecret: string;
    jwtTtlSeconds: number;
    /** The console's session cookie carries the Secure attribute (SESSION_COOKIE_SECURE; default: PUBLIC_APP_URL is https). */
    sessionCookieSecure: boolean;
    adminEmail?: string;
    adminPassword?: string;
    loginMaxFailures: number;
    loginWindowSeconds: number;
  };
  graphql: {
    introspection: boolean;
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxBatch: number;
    rateLimitPerMinute: number;
  };
  directory: { staleAfterDays: number };
  /** Directory imports: where uploads wait for the worker (shared by API and worker), the largest upload accepted. */
  imports: { dir: string; maxBytes: number };
  /** Publishing the directory (HSDS API and export): open to anyone (`hsdsApiPublic`) or to signed-in users only. */
  publish: { hsdsApiPublic: boolean };
  /**
   * Encrypts NIK/KK at rest and keys their duplicate-detection hash (32 bytes, base64 or hex); `previousKeys`
   * (DATA_ENCRYPTION_KEYS) only decrypt, for data not yet re-encrypted under the current key.
   */
  data: { encryptionKey: Buffer; previousKeys: Buffer[] };
  /**
   * Acceptance deadlines by urgency, in seconds (a service may override them in minutes). Deadlines due together
   * are applied in batches of up to `expiryBatchSize`; the worker looks for due ones every `timerPollMs`.
   * (`expiryBatchWaitMs`: how long expiry jobs queued by an earlier version are gathered.)
   */
  referrals: { deadlineSeconds: { EMERGENCY: number; URGENT: number; ROUTINE: number }; expiryBatchSize: number; expiryBatchWaitMs: number; timerPollMs: number };
  /**
   * The worker process: jobs processed at once per queue (the referrals queue gathers expiries into batches); the
   * job locks (a job held by a worker that died is taken back within about lockDurationMs + stalledIntervalMs;
   * a job that stalled more than maxStalledCount times fails); the reconciler that rebuilds timers from PostgreSQL.
   */
  worker: {
    concurrency: number;
    referralsConcurrency: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    maxStalledCount: number;
    reconcileIntervalSeconds: number;
    reconcileBatchSize: number;
  };
  followUps: FollowUpsConfig;
  matching: { weights: Record<string, number>; maxDistanceKm: number; maxExcluded: number };
  outbox: OutboxConfig;
  notifications: NotificationsConfig;
  log: { level: string };
  observability: ObservabilityConfig;
}

/**
 * Metrics (docs/operations.md). `/metrics` (API) and the worker's metrics port answer only a bearer
 * METRICS_TOKEN; without one they are off.
 */
export interface ObservabilityConfig {
  metricsToken?: string;
  /** The worker's own HTTP port for /metrics and /healthz; null: none. */
  workerMetricsPort: number | null;
}

/** The public demo secrets of docker-compose.yml: a production process using any of them warns at start. */
export const DEMO_SECRETS = {
  JWT_SECRET: 'demo-only-jwt-secret-change-me-0123456789abcdef',
  DATA_ENCRYPTION_KEY: '00000000000000000000000000000000000000000000000000000000000de305',
  ADMIN_PASSWORD: 'rujuk-demo',
} as const;

/** The names of the public demo secrets `env` uses (none outside production, where they are harmless). */
export function demoSecretsInUse(config: AppConfig, env: Env = process.env): string[] {
  if (config.env !== 'production') return [];
  return (Object.keys(DEMO_SECRETS) as (keyof typeof DEMO_SECRETS)[]).filter((name) => env[name]?.trim() === DEMO_SECRETS[name]);
}

/**
 * Follow-ups after a referral is accepted (src/follow-ups): when each check falls due, how long an overdue one
 * waits before the supervisors are told, when a quiet case gets a STALE_CASE task, how many scheduling jobs
 * are applied together.
 */
export interface FollowUpsConfig {
  /** Attendance check: the appointment plus this many hours. */
  attendanceAfterAppointmentHours: number;
  /** Attendance check without an appointment: the acceptance plus this many days. */
  attendanceWithoutAppointmentDays: number;
  /** Provider check every this many days while the referral is IN_PROGRESS. */
  providerCheckEveryDays: number;
  /** Outcome check (with a reassessment on the baseline's instrument): the completion plus this many days. */
  outcomeCheckAfterDays: number;
  /** A case with no activity for this many days gets a STALE_CASE task. */
  staleCaseAfterDays: number;
  /** An overdue follow-up is escalated to the supervisors this many hours after it fell due. */
  escalationGraceHours: number;
  /** Referrals whose follow-ups are reconciled in one transaction; scheduling jobs are gathered for at most `batchWaitMs`. */
  batchSize: number;
  batchWaitMs: number;
}

/** The transactional outbox relay (worker). */
export interface OutboxConfig {
  relayEnabled: boolean;
  batchSize: number;
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  retentionDays: number;
}

/** Delivery channels: webhooks, email (SMTP, or a file sink outside production), SMS. */
export interface NotificationsConfig {
  publicUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  mailSinkDir: string;
  smsAdapter: 'log';
  webhookTimeoutMs: number;
  webhookMaxAttempts: number;
  webhookBackoffMs: number;
  webhookAllowHttp: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  required(name: string, hint: string): string {
    const value = this.env[name];
    if (value === undefined || value.trim() === '') {
      this.problems.push(`${name} is required (${hint})`);
      return '';
    }
    return value.trim();
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  url(name: string, protocols: string[], hint: string): string {
    const value = this.required(name, hint);
    if (!value) return value;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return value;
  }
}

/** A 32-byte key written as 64 hex digits or base64; null when it is neither. */
function parseKey(raw: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) return null;
  const key = Buffer.from(raw, 'base64');
  return key.length === 32 ? key : null;
}

/**
 * DATA_ENCRYPTION_KEY is required in production. In development and test a key is derived from JWT_SECRET so
 * that a newcomer's first start works; such data must not be carried into production. DATA_ENCRYPTION_KEYS lists
 * previous keys (comma-separated) that still decrypt while data is re-encrypted (`npm run keys:reencrypt`).
 * Key values never appear in a message.
 */
function dataKeys(r: Reader, production: boolean, jwtSecret: string): AppConfig['data'] {
  const raw = r.optional('DATA_ENCRYPTION_KEY');
  let encryptionKey: Buffer;
  if (!raw) {
    if (production) r.problems.push('DATA_ENCRYPTION_KEY is required in production (32 bytes, base64 or hex)');
    encryptionKey = createHash('sha256').update(`rujuk-dev-data-key:${jwtSecret}`).digest();
  } else {
    const key = parseKey(raw);
    if (!key) r.problems.push('DATA_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64');
    encryptionKey = key ?? Buffer.alloc(32);
  }
  const previousKeys: Buffer[] = [];
  const list = r.optional('DATA_ENCRYPTION_KEYS');
  if (list) {
    list.split(',').forEach((part, i) => {
      const key = parseKey(part.trim());
      if (!key) r.problems.push(`DATA_ENCRYPTION_KEYS: entry ${i + 1} must be 32 bytes, as 64 hex digits or base64 (entries are comma-separated)`);
      else if (!key.equals(encryptionKey) && !previousKeys.some((k) => k.equals(key))) previousKeys.push(key);
    });
  }
  return { encryptionKey, previousKeys };
}

export const DEFAULT_MATCH_WEIGHTS = { distance: 0.3, capacity: 0.25, acceptance: 0.15, speed: 0.1, language: 0.1, cost: 0.1 };

/** MATCH_WEIGHTS, e.g. `distance=0.4,capacity=0.3`: overrides the default weights of the matching score. */
function matchWeights(r: Reader): Record<string, number> {
  const weights: Record<string, number> = { ...DEFAULT_MATCH_WEIGHTS };
  const raw = r.optional('MATCH_WEIGHTS');
  if (!raw) return weights;
  for (const part of raw.split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    const n = Number(v);
    if (!(k in weights) || !Number.isFinite(n) || n < 0) {
      r.problems.push(`MATCH_WEIGHTS: "${part}" must be one of ${Object.keys(weights).join(', ')} = a number >= 0`);
      continue;
    }
    weights[k] = n;
  }
  return weights;
}

const PROXY = /^(loopback|linklocal|uniquelocal|\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-f:]*:[0-9a-f:.]*(\/\d{1,3})?)$/i;

/**
 * TRUSTED_PROXIES, comma-separated addresses or CIDR ranges (or the names loopback, linklocal,
 * uniquelocal) of the reverse proxies in front of the API. Only a request from one of them has its
 * X-Forwarded-For believed (the client address the login limiter counts); by default none is.
 */
function trustedProxies(r: Reader): string[] {
  const raw = r.optional('TRUSTED_PROXIES');
  if (!raw) return [];
  const list = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = list.filter((p) => !PROXY.test(p));
  if (bad.length) r.problems.push(`TRUSTED_PROXIES: ${bad.join(', ')} must be an IP address, a CIDR range, loopback, linklocal or uniquelocal`);
  return list;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const r = new Reader(env);
  const nodeEnv = (r.optional('NODE_ENV') ?? 'development') as NodeEnv;
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    r.problems.push(`NODE_ENV must be development, test or production, got "${nodeEnv}"`);
  }
  const production = nodeEnv === 'production';
  const jwtSecret = r.required('JWT_SECRET', 'the secret that signs access tokens, at least 32 characters');
  if (jwtSecret && jwtSecret.length < 32) r.problems.push('JWT_SECRET must be at least 32 characters');

  const config: AppConfig = {
    env: nodeEnv,
    http: {
      port: r.int('PORT', 3000, 1, 65535), bodyLimit: r.optional('HTTP_BODY_LIMIT') ?? '100kb',
      // API processes sharing the port (node:cluster): one Node process runs JavaScript on one core.
      processes: r.int('API_PROCESSES', 1, 1, 64),
      // Seconds a stopping API keeps serving, not ready and closing keep-alive connections (shutdown-drain.ts);
      // within Docker's 10 s between SIGTERM and SIGKILL.
      drainSeconds: r.int('SHUTDOWN_DRAIN_SECONDS', production ? 5 : 0, 0, 300),
      trustedProxies: trustedProxies(r),
      // The built web console (npm run build -w web); default <repo>/web/dist (web-console/web-console.ts).
      webDistDir: r.optional('WEB_DIST_DIR'),
    },
    database: {
      url: r.url('DATABASE_URL', ['postgres:', 'postgresql:'], 'e.g. postgres://postgres@127.0.0.1:5432/rujuk'),
      ownerUrl: r.optional('DATABASE_OWNER_URL') ? r.url('DATABASE_OWNER_URL', ['postgres:', 'postgresql:'], 'the table owner, for migrations') : (env.DATABASE_URL ?? '').trim(),
      runMigrations: r.bool('RUN_MIGRATIONS', true),
      poolSize: r.int('DATABASE_POOL_SIZE', 10, 1, 200),
    },
    redis: {
      url: r.url('REDIS_URL', ['redis:', 'rediss:'], 'e.g. redis://127.0.0.1:6379'),
      prefix: r.optional('REDIS_PREFIX') ?? '{rujuk}',
    },
    auth: {
      jwtSecret,
      jwtTtlSeconds: r.int('JWT_TTL_SECONDS', 8 * 3600, 60, 7 * 24 * 3600),
      adminEmail: r.optional('ADMIN_EMAIL'),
      adminPassword: r.optional('ADMIN_PASSWORD'),
      loginMaxFailures: r.int('LOGIN_MAX_FAILURES', 5, 1, 1000),
      loginWindowSeconds: r.int('LOGIN_WINDOW_SECONDS', 900, 1, 86400),
      sessionCookieSecure: r.bool('SESSION_COOKIE_SECURE', /^https:/i.test(r.optional('PUBLIC_APP_URL') ?? '')),
    },
    graphql: {
      introspection: r.bool('GRAPHQL_INTROSPECTION', !production),
      maxDepth: r.int('GRAPHQL_MAX_DEPTH', 10, 2, 50),
      maxCost: r.int('GRAPHQL_MAX_COST', 5000, 10, 1_000_000),
      maxAliases: r.int('GRAPHQL_MAX_ALIASES', 15, 1, 1000),
      maxBatch: r.int('GRAPHQL_MAX_BATCH', 10, 1, 1000),
      rateLimitPerMinute: r.int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    },
    directory: { staleAfterDays: r.int('DIRECTORY_STALE_AFTER_DAYS', 180, 1, 3650) },
    imports: { dir: r.optional('IMPORT_DIR') ?? 'var/imports', maxBytes: r.int('IMPORT_MAX_MB', 200, 1, 10_000) * 1024 * 1024 },
    publish: { hsdsApiPublic: r.bool('HSDS_API_PUBLIC', false) },
    outbox: {
      relayEnabled: r.bool('OUTBOX_RELAY_ENABLED', true),
      batchSize: r.int('OUTBOX_BATCH_SIZE', 500, 1, 10_000),
      pollMs: r.int('OUTBOX_POLL_MS', 1000, 10, 60_000),
      retryBaseMs: r.int('OUTBOX_RETRY_BASE_MS', 1000, 10, 3_600_000),
      retryMaxMs: r.int('OUTBOX_RETRY_MAX_MS', 60_000, 10, 86_400_000),
      retentionDays: r.int('OUTBOX_RETENTION_DAYS', 7, 1, 3650),
    },
    notifications: {
      publicUrl: r.optional('PUBLIC_APP_URL') ?? 'http://localhost:3000',
      smtpUrl: r.optional('SMTP_URL'),
      mailFrom: r.optional('MAIL_FROM') ?? 'Rujuk <no-reply@rujuk.invalid>',
      mailSinkDir: r.optional('MAIL_SINK_DIR') ?? 'var/mail',
      smsAdapter: 'log',
      webhookTimeoutMs: r.int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      webhookMaxAttempts: r.int('WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
      webhookBackoffMs: r.int('WEBHOOK_BACKOFF_MS', 30_000, 10, 3_600_000),
      webhookAllowHttp: r.bool('WEBHOOK_ALLOW_HTTP', !production),
    },
    data: dataKeys(r, production, jwtSecret),
    referrals: {
      deadlineSeconds: {
        EMERGENCY: r.int('REFERRAL_DEADLINE_EMERGENCY_SECONDS', 2 * 3600, 1, 30 * 86400),
        URGENT: r.int('REFERRAL_DEADLINE_URGENT_SECONDS', 24 * 3600, 1, 30 * 86400),
        ROUTINE: r.int('REFERRAL_DEADLINE_ROUTINE_SECONDS', 72 * 3600, 1, 30 * 86400),
      },
      expiryBatchSize: r.int('REFERRAL_EXPIRY_BATCH_SIZE', 100, 1, 1000),
      expiryBatchWaitMs: r.int('REFERRAL_EXPIRY_BATCH_WAIT_MS', 20, 0, 1000),
      timerPollMs: r.int('REFERRAL_TIMER_POLL_MS', 50, 5, 10_000),
    },
    followUps: {
      attendanceAfterAppointmentHours: r.int('FOLLOWUP_ATTENDANCE_AFTER_APPOINTMENT_HOURS', 24, 0, 30 * 24),
      attendanceWithoutAppointmentDays: r.int('FOLLOWUP_ATTENDANCE_WITHOUT_APPOINTMENT_DAYS', 3, 0, 365),
      providerCheckEveryDays: r.int('FOLLOWUP_PROVIDER_CHECK_EVERY_DAYS', 14, 1, 365),
      outcomeCheckAfterDays: r.int('FOLLOWUP_OUTCOME_CHECK_AFTER_DAYS', 30, 0, 365),
      staleCaseAfterDays: r.int('FOLLOWUP_STALE_CASE_AFTER_DAYS', 30, 1, 3650),
      escalationGraceHours: r.int('FOLLOWUP_ESCALATION_GRACE_HOURS', 48, 0, 30 * 24),
      batchSize: r.int('FOLLOWUP_BATCH_SIZE', 1000, 1, 10_000),
      batchWaitMs: r.int('FOLLOWUP_BATCH_WAIT_MS', 20, 0, 1000),
    },
    worker: {
      concurrency: r.int('WORKER_CONCURRENCY', 10, 1, 1000),
      referralsConcurrency: r.int('WORKER_REFERRALS_CONCURRENCY', 200, 1, 5000),
      lockDurationMs: r.int('WORKER_LOCK_DURATION_MS', 8_000, 2_000, 600_000),
      stalledIntervalMs: r.int('WORKER_STALLED_INTERVAL_MS', 3_000, 500, 300_000),
      maxStalledCount: r.int('WORKER_MAX_STALLED_COUNT', 2, 0, 100),
      reconcileIntervalSeconds: r.int('RECONCILE_INTERVAL_SECONDS', 60, 0, 86_400),
      reconcileBatchSize: r.int('RECONCILE_BATCH_SIZE', 1000, 10, 50_000),
    },
    matching: {
      weights: matchWeights(r),
      maxDistanceKm: r.int('MATCH_MAX_DISTANCE_KM', 25, 1, 1000),
      maxExcluded: r.int('MATCH_MAX_EXCLUDED', 10, 0, 100),
    },
    log: { level: r.optional('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'warn' : 'info') },
    observability: {
      metricsToken: r.optional('METRICS_TOKEN'),
      workerMetricsPort: r.optional('WORKER_METRICS_PORT') ? r.int('WORKER_METRICS_PORT', 9464, 0, 65535) : null,
    },
  };
  if (config.observability.metricsToken !== undefined && config.observability.metricsToken.length < 16) {
    r.problems.push('METRICS_TOKEN must be at least 16 characters');
  }
  const sms = r.optional('SMS_ADAPTER') ?? 'log';
  if (sms !== 'log') r.problems.push(`SMS_ADAPTER must be "log" (the only adapter so far), got "${sms}"`);
  if (config.notifications.smtpUrl) {
    try {
      if (!['smtp:', 'smtps:'].includes(new URL(config.notifications.smtpUrl).protocol)) r.problems.push('SMTP_URL must use smtp: or smtps:');
    } catch {
      r.problems.push('SMTP_URL is not a valid URL');
    }
  }
  if ((config.auth.adminEmail === undefined) !== (config.auth.adminPassword === undefined)) {
    r.problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Validates configuration before anything else starts; a bad config stops the process naming the variable. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: err.message, problems: err.problems })}\n`);
      process.exit(1);
    }
    throw err;
  }
}
