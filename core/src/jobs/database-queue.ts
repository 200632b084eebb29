import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { JobsTable } from '../db/schema.js';
import type { Logger } from '../kernel/logger.js';
import {
  backoffDelay,
  checkPercent,
  type EnqueueOptions,
  errorMessage,
  isJobId,
  isTenantId,
  type JobCounts,
  JobEventHub,
  type JobEventListener,
  type JobHandler,
  type JobInfo,
  type JobInstrument,
  type JobQueue,
  type JobQueueOptions,
  type JobState,
  noHandlerError,
  normaliseEnqueue,
  type RetryOutcome,
} from './queue.js';

/** A row as kado_claim_jobs() returns it. */
interface ClaimedJob {
  tenant_id: string;
  id: string;
  name: string;
  data: unknown;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  progress: number;
  lock_token: string;
}

class LeaseLostError extends Error {
  constructor(id: string) {
    super(
      `ジョブ ${id} のリースが切れ、別のワーカーが引き継ぎました / Lease of job ${id} lost to another worker`,
    );
  }
}

/**
 * The embedded queue: jobs are rows of `jobs`, so one accepted before a restart still runs after it.
 * Workers claim due jobs with kado_claim_jobs() (SKIP LOCKED, across tenants, the one narrow privilege);
 * a claimed job holds a lease renewed while its handler runs, and a job whose process died is claimed
 * again by that same query once the lease has expired. Everything else runs as the job's tenant.
 */
export class DatabaseJobQueue implements JobQueue {
  readonly kind = 'database';
  private readonly handlers = new Map<string, JobHandler>();
  private readonly events: JobEventHub;
  private readonly queue: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly instrument: JobInstrument;
  private readonly running = new Set<Promise<void>>();
  private concurrency = 1;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    options: JobQueueOptions = {},
  ) {
    this.events = new JobEventHub(logger);
    this.queue = options.queueName ?? 'kado';
    this.leaseMs = Math.max(1000, options.leaseMs ?? 30_000);
    this.pollMs = options.pollMs ?? 1000;
    this.instrument = options.instrument ?? ((handler) => handler);
  }

  register<D, R>(name: string, handler: JobHandler<D, R>): void {
    if (this.handlers.has(name)) throw new Error(`job handler "${name}" registered twice`);
    this.handlers.set(name, this.instrument(handler as JobHandler));
  }

  async enqueue<D>(name: string, data: D, options: EnqueueOptions): Promise<{ id: string }> {
    const { tenantId, jobId, attempts, backoffMs } = normaliseEnqueue(name, options);
    const id = jobId ?? randomUUID();
    const inserted = await this.db.withTenant(tenantId, (tx) =>
      tx
        .insertInto('jobs')
        .values({
          tenant_id: tenantId,
          queue: this.queue,
          id,
          name,
          data: JSON.stringify(data ?? null),
          max_attempts: attempts,
          backoff_ms: backoffMs,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'queue', 'id']).doNothing())
        .returning('id')
        .executeTakeFirst(),
    );
    if (inserted) {
      this.events.emit({ tenantId, id, name, state: 'waiting', progress: 0 });
      this.wake?.();
    }
    return { id };
  }

  async get(tenantId: string, id: string): Promise<JobInfo | undefined> {
    if (!isTenantId(tenantId) || !isJobId(id)) return undefined;
    const row = await this.db.withTenant(tenantId, (tx) =>
      tx
        .selectFrom('jobs')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('queue', '=', this.queue)
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    return row && toInfo(row);
  }

  async list(tenantId: string, options: { state?: JobState; limit: number }): Promise<JobInfo[]> {
    if (!isTenantId(tenantId)) return [];
    const rows = await this.db.withTenant(tenantId, (tx) => {
      let q = tx
        .selectFrom('jobs')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('queue', '=', this.queue);
      if (options.state) q = q.where('state', '=', options.state);
      return q
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(Math.min(Math.max(options.limit, 1), 1000))
        .execute();
    });
    return rows.map(toInfo);
  }

  async counts(): Promise<JobCounts> {
    // As the owner: one grouped query over every tenant's jobs of this queue (figures only leave it).
    const { rows } = await this.db.asOwner((tx) =>
      sql<{ state: keyof JobCounts; n: number }>`
        SELECT CASE WHEN state = 'waiting' AND run_at > now() THEN 'delayed' ELSE state END AS state,
               count(*)::int AS n
        FROM jobs WHERE queue = ${this.queue} AND state <> 'completed' GROUP BY 1`.execute(tx),
    );
    const counts: JobCounts = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  async retry(tenantId: string, id: string): Promise<RetryOutcome> {
    if (!isTenantId(tenantId) || !isJobId(id)) return 'not-found';
    const outcome = await this.db.withTenant(tenantId, async (tx) => {
      const row = await tx
        .updateTable('jobs')
        .set({
          state: 'waiting',
          attempts: 0,
          run_at: sql`now()`,
          error: null,
          result: null,
          finished_at: null,
        })
        .where('tenant_id', '=', tenantId)
        .where('queue', '=', this.queue)
        .where('id', '=', id)
        .where('state', '=', 'failed')
        .returning(['name', 'progress'])
        .executeTakeFirst();
      if (row) return row;
      const exists = await tx
        .selectFrom('jobs')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('queue', '=', this.queue)
        .where('id', '=', id)
        .executeTakeFirst();
      return exists ? ('not-failed' as const) : ('not-found' as const);
    });
    if (typeof outcome === 'string') return outcome;
    this.events.emit({ tenantId, id, name: outcome.name, state: 'waiting', progress: outcome.progress });
    this.wake?.();
    return 'retried';
  }

  onEvent(listener: JobEventListener): () => void {
    return this.events.on(listener);
  }

  async start(options: { concurrency?: number } = {}): Promise<void> {
    if (this.loop) return;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.running]);
    this.loop = undefined;
  }

  /** Claims while there are free slots; sleeps when nothing is due, woken early by a local enqueue or a finished job. */
  private async run(): Promise<void> {
    while (!this.stopping) {
      const free = this.concurrency - this.running.size;
      let claimed: ClaimedJob[] = [];
      if (free > 0) {
        try {
          claimed = await this.claim(free);
        } catch (err) {
          this.logger.error({ err }, 'job claim failed; retrying');
        }
        for (const job of claimed) {
          const run = this.execute(job).finally(() => {
            this.running.delete(run);
            this.wake?.();
          });
          this.running.add(run);
        }
      }
      // All free slots filled: look again at once (and find none free until a job ends).
      if (free > 0 && claimed.length === free) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async claim(n: number): Promise<ClaimedJob[]> {
    const leaseSeconds = Math.ceil(this.leaseMs / 1000);
    const result = await this.db.asApp({}, (tx) =>
      sql<ClaimedJob>`SELECT * FROM kado_claim_jobs(${this.queue}, ${n}, ${leaseSeconds})`.execute(tx),
    );
    return result.rows;
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const { tenant_id: tenantId, id, name } = job;
    let progress = job.progress;
    let lost = false;
    const log = this.logger.child({ job: { id, name, tenantId, attempt: job.attempts } });
    this.events.emit({ tenantId, id, name, state: 'active', progress });

    // Renew the lease well before it runs out; a failed renewal is retried on the next tick.
    const renewal = setInterval(() => {
      this.renew(job).then(
        (held) => {
          if (!held) {
            lost = true;
            clearInterval(renewal);
          }
        },
        (err) => log.warn({ err }, 'job lease renewal failed'),
      );
    }, this.leaseMs / 3);

    try {
      // A job whose worker died on its last attempt is not run again: it has used up its attempts.
      if (job.attempts > job.max_attempts)
        throw new Error(
          'ワーカーが処理の途中で停止しました / The worker stopped during the last attempt (lease expired)',
        );
      const handler = this.handlers.get(name);
      if (!handler) throw noHandlerError(name);
      const result = await handler({
        id,
        name,
        tenantId,
        data: job.data,
        attempt: job.attempts,
        progress: async (percent) => {
          if (lost) throw new LeaseLostError(id);
          const value = checkPercent(percent);
          if (!(await this.setProgress(job, value))) {
            lost = true;
            throw new LeaseLostError(id);
          }
          progress = value;
          this.events.emit({ tenantId, id, name, state: 'active', progress });
        },
      });
      clearInterval(renewal);
      const done = await this.db.withTenant(tenantId, (tx) =>
        tx
          .updateTable('jobs')
          .set({
            state: 'completed',
            result: JSON.stringify(result ?? null),
            error: null,
            finished_at: sql`now()`,
            locked_until: null,
            lock_token: null,
          })
          .where('tenant_id', '=', tenantId)
          .where('queue', '=', this.queue)
          .where('id', '=', id)
          .where('lock_token', '=', job.lock_token)
          .executeTakeFirst(),
      );
      if (Number(done.numUpdatedRows) === 0) log.warn('job finished after losing its lease; result dropped');
      else {
        log.debug('job completed');
        this.events.emit({ tenantId, id, name, state: 'completed', progress });
      }
    } catch (error) {
      clearInterval(renewal);
      await this.failAttempt(job, error, progress, log);
    }
  }

  private async failAttempt(job: ClaimedJob, error: unknown, progress: number, log: Logger): Promise<void> {
    const { tenant_id: tenantId, id, name } = job;
    const final = job.attempts >= job.max_attempts;
    const message = errorMessage(error);
    const delay = backoffDelay(job.backoff_ms, job.attempts);
    try {
      const done = await this.db.withTenant(tenantId, (tx) =>
        tx
          .updateTable('jobs')
          .set(
            final
              ? {
                  state: 'failed',
                  error: message,
                  finished_at: sql`now()`,
                  locked_until: null,
                  lock_token: null,
                }
              : {
                  state: 'waiting',
                  error: message,
                  run_at: sql`now() + ${delay} * interval '1 millisecond'`,
                  locked_until: null,
                  lock_token: null,
                },
          )
          .where('tenant_id', '=', tenantId)
          .where('queue', '=', this.queue)
          .where('id', '=', id)
          .where('lock_token', '=', job.lock_token)
          .executeTakeFirst(),
      );
      if (Number(done.numUpdatedRows) === 0) {
        log.warn({ err: error }, 'job attempt ended after losing its lease; another worker has the job');
        return;
      }
      log.warn({ err: error, final }, final ? 'job failed' : `job attempt failed; retry in ${delay} ms`);
      this.events.emit({ tenantId, id, name, state: final ? 'failed' : 'waiting', progress });
    } catch (err) {
      // The lease will expire and the claim will take the job again.
      log.error({ err, cause: message }, 'could not record the job failure');
    }
  }

  /** Extends the lease if this claim still holds it. */
  private async renew(job: ClaimedJob): Promise<boolean> {
    return this.touch(job, {});
  }

  private async setProgress(job: ClaimedJob, progress: number): Promise<boolean> {
    return this.touch(job, { progress });
  }

  private async touch(job: ClaimedJob, set: { progress?: number }): Promise<boolean> {
    const result = await this.db.withTenant(job.tenant_id, (tx) =>
      tx
        .updateTable('jobs')
        .set({ ...set, locked_until: sql`now() + ${this.leaseMs} * interval '1 millisecond'` })
        .where('tenant_id', '=', job.tenant_id)
        .where('queue', '=', this.queue)
        .where('id', '=', job.id)
        .where('state', '=', 'active')
        .where('lock_token', '=', job.lock_token)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) > 0;
  }
}

function toInfo(row: Selectable<JobsTable>): JobInfo {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    progress: row.progress,
    attempts: row.attempts,
    error: row.error,
    result: row.state === 'completed' ? row.result : null,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
