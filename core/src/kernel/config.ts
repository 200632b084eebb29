import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** Environment flags arrive as strings; accept the usual spellings. */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  /** PostgreSQL connection as the schema owner; unset = embedded PGlite. */
  DATABASE_URL: z.url().optional(),
  KADO_DATA_DIR: z.string().min(1).default('./data'),
  /** Uploaded files and deliverables; default `<KADO_DATA_DIR>/files` (a temp folder for an in-memory database). */
  KADO_FILES_DIR: z.string().min(1).optional(),
  UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(10_000).default(200),
  REDIS_URL: z.url().optional(),
  /** Connections each process keeps to PostgreSQL (or to PgBouncer in front of it). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** How long a running job is presumed alive without renewal; a dead worker's job runs again after it. */
  JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Jobs one `kado worker` runs at once. */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** On SIGTERM: how long in-flight requests and running jobs may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(25),
  /**
   * On SIGTERM, answer /api/ready with 503 this long before closing the listener, so a load balancer that
   * polls readiness stops sending new requests first (Kubernetes does this with a preStop sleep instead).
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(0),
  /** The server runs jobs itself (the embedded default); false when `kado worker` processes run them. */
  JOBS_IN_PROCESS: flag.default(true),
  /** OpenTelemetry traces over OTLP/HTTP when set (e.g. http://otel-collector:4318); off when unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('kado'),
  /** Serve Prometheus metrics on this port only (not on the main app's /metrics), kept off the public listener. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Redis stream the realtime adapter fans events through; one per deployment. */
  REALTIME_STREAM: z.string().min(1).default('kado:realtime'),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().min(3).default('KADO <no-reply@kado.localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'e.g. 100kb')
    .default('100kb'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  COOKIE_SECURE: flag.optional(),
  INVITATION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  SIGNIN_SLOWDOWN_AFTER: z.coerce.number().int().min(1).default(3),
  SIGNIN_LOCK_AFTER: z.coerce.number().int().min(2).default(10),
  SIGNIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  SIGNIN_DELAY_MS: z.coerce.number().int().min(0).default(250),
  /** AES-256-GCM key for data encrypted at rest (workers' bank accounts): 32 bytes in base64. */
  KADO_ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      '32 bytes in base64, e.g. `openssl rand -base64 32`',
    )
    .optional(),
  KADO_DEMO: flag.default(true),
  /** With the demo: a running order of each work type in the hub and Matsumoto, with work to do. */
  KADO_DEMO_WORK: flag.default(true),
});

export type Config = ReturnType<typeof toConfig>;

/** Not a secret: the key of development and test data only (loadConfig refuses it in production). */
const DEVELOPMENT_KEY = Buffer.from('kado-development-key-not-secret!').toString('base64');

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`設定が正しくありません / Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

function toConfig(env: z.output<typeof ConfigSchema>) {
  const production = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    database: env.DATABASE_URL
      ? ({ kind: 'postgres', url: env.DATABASE_URL } as const)
      : ({ kind: 'pglite', dataDir: env.KADO_DATA_DIR } as const),
    filesDir:
      env.KADO_FILES_DIR ??
      (env.KADO_DATA_DIR.startsWith('memory://')
        ? join(tmpdir(), 'kado-files')
        : join(env.KADO_DATA_DIR, 'files')),
    uploadLimitBytes: env.UPLOAD_LIMIT_MB * 1024 * 1024,
    redisUrl: env.REDIS_URL,
    dbPoolSize: env.DB_POOL_SIZE,
    jobs: {
      leaseMs: env.JOB_LEASE_SECONDS * 1000,
      concurrency: env.JOB_CONCURRENCY,
      inProcess: env.JOBS_IN_PROCESS,
    },
    shutdown: { timeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000, drainMs: env.SHUTDOWN_DRAIN_SECONDS * 1000 },
    otel: env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME }
      : undefined,
    metricsPort: env.METRICS_PORT,
    realtimeStream: env.REALTIME_STREAM,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.BODY_LIMIT,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    cookieSecure: env.COOKIE_SECURE ?? production,
    invitationTtlHours: env.INVITATION_TTL_HOURS,
    signIn: {
      slowDownAfter: env.SIGNIN_SLOWDOWN_AFTER,
      lockAfter: env.SIGNIN_LOCK_AFTER,
      lockMinutes: env.SIGNIN_LOCK_MINUTES,
      delayMs: env.SIGNIN_DELAY_MS,
    },
    /** Development and tests fall back to a fixed key (never for real data); production must set one. */
    encryptionKey: Buffer.from(env.KADO_ENCRYPTION_KEY ?? DEVELOPMENT_KEY, 'base64'),
    demo: env.KADO_DEMO,
    demoWork: env.KADO_DEMO_WORK,
  };
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(present[String(i.path[0])])})`,
      ),
    );
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.KADO_ENCRYPTION_KEY)
    throw new ConfigError([
      'KADO_ENCRYPTION_KEY: 本番環境では必須です / required in production (`openssl rand -base64 32`)',
    ]);
  return toConfig(parsed.data);
}
