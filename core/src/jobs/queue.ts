import type { JobState } from '../db/schema.js';
import type { Logger } from '../kernel/logger.js';

export type { JobState };

/**
 * The background-job port. Two adapters keep the same contract: BullMQ on Redis (REDIS_URL set) and the
 * in-process adapter that keeps jobs in the database (embedded default). Tests run one suite on both.
 *
 * Delivery is AT LEAST ONCE. A job whose worker dies, stalls or loses its lease runs again, possibly while
 * the first run is still half-way, so every handler MUST be idempotent: key its effect in PostgreSQL (a
 * unique constraint, or a processed-jobs row written in the same transaction as the effect) so a second
 * run changes nothing. Never rely on a handler running exactly once.
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'database';
  /** The handler for jobs of `name`. Register before start(); one handler per name. */
  register<D = unknown, R = unknown>(name: string, handler: JobHandler<D, R>): void;
  /**
   * Accepts a job; works without start() (an API process may leave processing to `kado worker`). With
   * `jobId` it is idempotent: re-submitting the id returns the existing job (the re-submit's name and data
   * are ignored), which never runs twice — while the job is kept: BullMQ keeps a completed job 24 h, a
   * failed one 30 days; the database keeps them until deleted.
   */
  enqueue<D = unknown>(name: string, data: D, options: EnqueueOptions): Promise<{ id: string }>;
  /** The job of that tenant; another tenant's id answers undefined, exactly as an unknown one. */
  get(tenantId: string, id: string): Promise<JobInfo | undefined>;
  /** Newest first: the failed-jobs view is `list(tenant, { state: 'failed', limit })`. */
  list(tenantId: string, options: { state?: JobState; limit: number }): Promise<JobInfo[]>;
  /**
   * Jobs of this queue by state, across every tenant and every process (metrics). `delayed` are waiting
   * for a retry's backoff; completed ones are not counted.
   */
  counts(): Promise<JobCounts>;
  /** Puts a failed job back to waiting with a fresh set of attempts. */
  retry(tenantId: string, id: string): Promise<RetryOutcome>;
  /**
   * State and progress changes, as hints for realtime (browsers re-read from the API). BullMQ reports the
   * jobs of every process; the database adapter those of this process only. Returns an unsubscribe.
   */
  onEvent(listener: JobEventListener): () => void;
  /** Starts processing registered names. */
  start(options?: { concurrency?: number }): Promise<void>;
  /** Stops taking jobs, waits for the running ones to finish, and releases connections. */
  stop(): Promise<void>;
}

export interface JobContext<D = unknown> {
  /** The job's id (its jobId when one was given). */
  id: string;
  name: string;
  tenantId: string;
  data: D;
  /** 1 on the first run; a retry or a re-run after a dead worker counts up. */
  attempt: number;
  /** Reports 0–100, one write per call: report every few percent, not every row. */
  progress(percent: number): Promise<void>;
}

/** Returns a JSON-serialisable result; throwing fails the attempt (retried with backoff until attempts run out). */
export type JobHandler<D = unknown, R = unknown> = (job: JobContext<D>) => Promise<R> | R;

export const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type JobCounts = Record<(typeof COUNTED_STATES)[number], number>;

/** Wraps a handler as it is registered: the attempts this process runs get metrics and trace spans. */
export type JobInstrument = (handler: JobHandler) => JobHandler;

export interface EnqueueOptions {
  tenantId: string;
  /** Idempotency key: letters, digits, `_`, `.`, `-`; at most 200 characters. */
  jobId?: string;
  /** Runs at most this many times in all (default 3). */
  attempts?: number;
  /** Exponential backoff base: the n-th retry waits backoffMs × 2^(n−1) (default 1000). */
  backoffMs?: number;
}

export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  progress: number;
  /** Attempts started so far. */
  attempts: number;
  /** The last failure's message; null once completed. */
  error: string | null;
  result: unknown;
  createdAt: Date;
  finishedAt: Date | null;
}

export type RetryOutcome = 'retried' | 'not-found' | 'not-failed';

export interface JobEvent {
  tenantId: string;
  id: string;
  name: string;
  state: JobState;
  progress: number;
}

export type JobEventListener = (event: JobEvent) => void;

/** What the adapters need besides their connection; the defaults suit production. */
export interface JobQueueOptions {
  /** Queue name (the database adapter's `queue` column; BullMQ's queue). Default `kado`. */
  queueName?: string;
  /** BullMQ key prefix in Redis. Default `kado`. */
  prefix?: string;
  /** How long a running job is presumed alive without renewal (BullMQ lock duration). Default 30 s. */
  leaseMs?: number;
  /** Database adapter: how often an idle worker looks for due jobs. Default 1 s. */
  pollMs?: number;
  /** Applied to every registered handler (observability/job-instrument.ts). */
  instrument?: JobInstrument;
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

export const isTenantId = (value: string) => UUID.test(value);
export const isJobId = (value: string) => JOB_ID.test(value);

export class JobInputError extends Error {
  override name = 'JobInputError';
}

/** Checks what enqueue() was given and fills in the defaults. */
export function normaliseEnqueue(name: string, options: EnqueueOptions) {
  const problems: string[] = [];
  if (!name || name.length > 200) problems.push('name: 1–200 characters');
  if (!isTenantId(options.tenantId)) problems.push('tenantId: a UUID');
  if (options.jobId !== undefined && !isJobId(options.jobId))
    problems.push('jobId: letters, digits, _ . - (at most 200)');
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100) problems.push('attempts: 1–100');
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  if (!Number.isInteger(backoffMs) || backoffMs < 0 || backoffMs > 86_400_000)
    problems.push('backoffMs: 0–86400000');
  if (problems.length > 0)
    throw new JobInputError(`ジョブの指定が正しくありません / Invalid job: ${problems.join('; ')}`);
  return { tenantId: options.tenantId, jobId: options.jobId, attempts, backoffMs };
}

export function checkPercent(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100)
    throw new JobInputError(`進捗は 0〜100 です / Progress must be 0–100 (got ${percent})`);
  return percent;
}

/** The delay before retry number `failedAttempts` (1 after the first failure), as BullMQ's exponential. */
export const backoffDelay = (baseMs: number, failedAttempts: number) => baseMs * 2 ** (failedAttempts - 1);

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const noHandlerError = (name: string) =>
  new Error(`ジョブ「${name}」の処理が登録されていません / No handler registered for job "${name}"`);

/** Listener bookkeeping shared by the adapters: one faulty listener never breaks the queue or the others. */
export class JobEventHub {
  private readonly listeners = new Set<JobEventListener>();
  constructor(private readonly logger: Logger) {}

  get size() {
    return this.listeners.size;
  }

  on(listener: JobEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.logger.error({ err, job: event }, 'job event listener failed');
      }
    }
  }
}
