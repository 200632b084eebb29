import { randomUUID } from 'node:crypto';
import { type Job, type JobType, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../kernel/logger.js';
import {
  checkPercent,
  type EnqueueOptions,
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

/** What a BullMQ job carries: the tenant next to, never inside, the caller's data. */
interface Envelope {
  tenantId: string;
  data: unknown;
}

const HOUR = 3600;
// Kept by age only, never by count: a busy tenant must not push another tenant's jobs out, and a jobId
// stays idempotent for at least 24 h (as Idempotency-Key does). Failed ones stay for the failed-jobs view.
const KEEP_COMPLETED = { age: 24 * HOUR };
const KEEP_FAILED = { age: 30 * 24 * HOUR };

const BULL_TYPES: Record<JobState, JobType[]> = {
  waiting: ['waiting', 'delayed', 'prioritized', 'waiting-children'],
  active: ['active'],
  completed: ['completed'],
  failed: ['failed'],
};
const STATES = Object.keys(BULL_TYPES) as JobState[];
/** list() reads at most this many jobs of a state across tenants (BullMQ has no per-tenant index). */
const MAX_SCAN = 10_000;
const PAGE = 500;

/**
 * BullMQ on Redis. Job ids are `<tenantId>.<id>`, so a jobId is idempotent per tenant and one tenant's id
 * never names another tenant's job; get/list/retry also check the tenant stored in the job. Events come
 * from QueueEvents (a Redis stream), so jobs processed by other processes are reported too.
 */
export class BullMqJobQueue implements JobQueue {
  readonly kind = 'bullmq';
  private readonly handlers = new Map<string, JobHandler>();
  private readonly hub: JobEventHub;
  private readonly connection: { url: string };
  private readonly queueName: string;
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly instrument: JobInstrument;
  private readonly queue: Queue<Envelope>;
  private worker: Worker<Envelope> | undefined;
  private queueEvents: QueueEvents | undefined;
  private eventsReady: Promise<void> | undefined;
  /** Serialises event lookups so listeners see each job's events in stream order. */
  private eventChain: Promise<void> = Promise.resolve();
  /** Name and last progress of jobs seen in the event stream, so most events need no lookup. */
  private readonly seen = new Map<string, { name: string; progress: number }>();

  constructor(
    url: string,
    private readonly logger: Logger,
    options: JobQueueOptions = {},
  ) {
    this.hub = new JobEventHub(logger);
    this.connection = { url };
    this.queueName = options.queueName ?? 'kado';
    this.prefix = options.prefix ?? 'kado';
    this.leaseMs = options.leaseMs ?? 30_000;
    this.instrument = options.instrument ?? ((handler) => handler);
    this.queue = new Queue<Envelope>(this.queueName, { connection: this.connection, prefix: this.prefix });
    this.queue.on('error', (err) => logger.error({ err }, 'job queue (Redis) error'));
    void this.checkEvictionPolicy();
  }

  register<D, R>(name: string, handler: JobHandler<D, R>): void {
    if (this.handlers.has(name)) throw new Error(`job handler "${name}" registered twice`);
    this.handlers.set(name, this.instrument(handler as JobHandler));
  }

  async enqueue<D>(name: string, data: D, options: EnqueueOptions): Promise<{ id: string }> {
    const { tenantId, jobId, attempts, backoffMs } = normaliseEnqueue(name, options);
    await this.eventsReady?.catch(() => {}); // a listener added just before sees this job's events
    const id = jobId ?? randomUUID();
    // An existing id makes add() return without adding: BullMQ checks it atomically in Redis.
    await this.queue.add(
      name,
      { tenantId, data: data ?? null },
      {
        jobId: `${tenantId}.${id}`,
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
      },
    );
    return { id };
  }

  async get(tenantId: string, id: string): Promise<JobInfo | undefined> {
    // The job's hash and its state are two reads; a job that moves between them would be reported with
    // the fields of one state and the name of another. Read the state on both sides until they agree.
    if (!isTenantId(tenantId) || !isJobId(id)) return undefined;
    for (let tries = 1; ; tries++) {
      const before = await this.queue.getJobState(`${tenantId}.${id}`);
      const job = await this.find(tenantId, id);
      if (!job) return undefined;
      const after = await job.getState();
      if (before === after || tries === 5) return toInfo(job, toState(after));
    }
  }

  async list(tenantId: string, options: { state?: JobState; limit: number }): Promise<JobInfo[]> {
    if (!isTenantId(tenantId)) return [];
    const limit = Math.min(Math.max(options.limit, 1), 1000);
    const found: JobInfo[] = [];
    for (const state of options.state ? [options.state] : STATES) {
      let taken = 0;
      for (let start = 0; taken < limit && start < MAX_SCAN; start += PAGE) {
        const page = await this.queue.getJobs(BULL_TYPES[state], start, start + PAGE - 1, false);
        for (const job of page) {
          if (taken < limit && job.data?.tenantId === tenantId) {
            found.push(toInfo(job, state));
            taken++;
          }
        }
        if (page.length < PAGE) break;
      }
    }
    return found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
  }

  async counts(): Promise<JobCounts> {
    const c = await this.queue.getJobCounts(
      'waiting',
      'prioritized',
      'waiting-children',
      'active',
      'delayed',
      'failed',
    );
    const n = (type: string) => c[type] ?? 0;
    return {
      // What list() reports as waiting, less the jobs in a retry's backoff (delayed).
      waiting: n('waiting') + n('prioritized') + n('waiting-children'),
      active: n('active'),
      delayed: n('delayed'),
      failed: n('failed'),
    };
  }

  async retry(tenantId: string, id: string): Promise<RetryOutcome> {
    const job = await this.find(tenantId, id);
    if (!job) return 'not-found';
    if ((await job.getState()) !== 'failed') return 'not-failed';
    await this.eventsReady?.catch(() => {}); // a listener added just before sees this job's events
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    } catch (err) {
      // Moved on since getState(): someone else retried it first.
      this.logger.debug({ err, job: { id, tenantId } }, 'job retry raced');
      return 'not-failed';
    }
    return 'retried';
  }

  onEvent(listener: JobEventListener): () => void {
    void this.listen();
    return this.hub.on(listener);
  }

  async start(options: { concurrency?: number } = {}): Promise<void> {
    if (this.worker) return;
    const worker = new Worker<Envelope>(this.queueName, (job) => this.process(job), {
      connection: this.connection,
      prefix: this.prefix,
      concurrency: Math.max(1, options.concurrency ?? 4),
      // A killed worker's job is moved back to waiting once its lock has expired and a stalled check has seen it.
      lockDuration: this.leaseMs,
      stalledInterval: this.leaseMs,
      maxStalledCount: 1,
    });
    worker.on('error', (err) => this.logger.error({ err }, 'job worker (Redis) error'));
    worker.on('failed', (job, err) =>
      this.logger.warn(
        { err, job: job && { id: job.id, name: job.name, attempt: job.attemptsStarted } },
        'job attempt failed',
      ),
    );
    this.worker = worker;
    await worker.waitUntilReady();
  }

  async stop(): Promise<void> {
    await this.worker?.close(); // waits for running jobs
    await this.eventsReady?.catch(() => {}); // a listener still starting would otherwise outlive stop()
    await this.queueEvents?.close();
    await this.eventChain;
    await this.queue.close();
  }

  private async process(job: Job<Envelope>): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw noHandlerError(job.name);
    const { tenantId, data } = job.data;
    const result = await handler({
      id: String(job.id).slice(37),
      name: job.name,
      tenantId,
      data,
      attempt: job.attemptsStarted,
      progress: (percent) => job.updateProgress(checkPercent(percent)),
    });
    return result ?? null;
  }

  /** The job if it is that tenant's: its id carries the tenant, and so does its data. */
  private async find(tenantId: string, id: string): Promise<Job<Envelope> | undefined> {
    if (!isTenantId(tenantId) || !isJobId(id)) return undefined;
    const job = await this.queue.getJob(`${tenantId}.${id}`);
    return job?.data?.tenantId === tenantId ? job : undefined;
  }

  /** ARCHITECTURE.md: Redis must not evict keys, or BullMQ silently loses jobs and locks. */
  private async checkEvictionPolicy(): Promise<void> {
    try {
      const info = await this.withRedis((redis) => redis.info('memory'));
      const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
      if (policy !== 'noeviction') {
        this.logger.warn(
          { maxmemoryPolicy: policy ?? 'unknown' },
          `Redis の maxmemory-policy が noeviction ではありません (${policy})。メモリ不足でジョブが消えます。/ ` +
            `Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis will ` +
            'evict jobs and locks. Set maxmemory-policy noeviction.',
        );
      }
    } catch (err) {
      this.logger.warn({ err }, 'could not check the Redis maxmemory-policy');
    }
  }

  /**
   * Starts reading the event stream from its current end. QueueEvents on its own starts at "$" once its
   * blocking read is issued, which can miss events of a job added just before.
   */
  private listen(): Promise<void> {
    this.eventsReady ??= (async () => {
      const key = this.queue.keys.events ?? `${this.prefix}:${this.queueName}:events`;
      const lastEventId = await this.withRedis(
        async (redis) => (await redis.xrevrange(key, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0',
      );
      const events = new QueueEvents(this.queueName, {
        connection: this.connection,
        prefix: this.prefix,
        lastEventId,
      });
      events.on('error', (err) => this.logger.error({ err }, 'job events (Redis) error'));
      events.on('added', ({ jobId, name }) => this.remember(jobId, { name, progress: 0 }));
      // A retry after backoff is reported once, when it is scheduled ('delayed'), not again when it is due.
      events.on('waiting', ({ jobId, prev }) => prev !== 'delayed' && this.announce(jobId, 'waiting'));
      events.on('delayed', ({ jobId }) => this.announce(jobId, 'waiting'));
      events.on('active', ({ jobId }) => this.announce(jobId, 'active'));
      events.on('progress', ({ jobId, data }) =>
        this.announce(jobId, 'active', typeof data === 'number' ? data : undefined),
      );
      events.on('completed', ({ jobId }) => this.announce(jobId, 'completed'));
      events.on('failed', ({ jobId }) => this.announce(jobId, 'failed'));
      this.queueEvents = events;
      await events.waitUntilReady();
    })();
    this.eventsReady.catch((err) => this.logger.error({ err }, 'could not listen to job events'));
    return this.eventsReady;
  }

  private announce(jobId: string, state: JobState, progress?: number): void {
    const tenantId = jobId.slice(0, 36);
    if (jobId[36] !== '.' || !isTenantId(tenantId) || this.hub.size === 0) return;
    this.eventChain = this.eventChain
      .then(async () => {
        let meta = this.seen.get(jobId);
        if (!meta) {
          const job = await this.queue.getJob(jobId);
          if (!job) return; // removed meanwhile
          meta = this.remember(jobId, {
            name: job.name,
            progress: typeof job.progress === 'number' ? job.progress : 0,
          });
        }
        if (progress !== undefined) meta.progress = progress;
        this.hub.emit({ tenantId, id: jobId.slice(37), name: meta.name, state, progress: meta.progress });
        if (state === 'completed' || state === 'failed') this.seen.delete(jobId);
      })
      .catch((err) => this.logger.warn({ err, jobId }, 'job event lookup failed'));
  }

  private remember(jobId: string, meta: { name: string; progress: number }) {
    if (this.seen.size >= 10_000) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(jobId, meta);
    return meta;
  }

  private async withRedis<T>(fn: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.connection.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => {}); // the failing command reports it
    try {
      await redis.connect();
      return await fn(redis);
    } finally {
      redis.disconnect();
    }
  }
}

function toState(state: string): JobState {
  if (state === 'active' || state === 'completed' || state === 'failed') return state;
  return 'waiting'; // waiting, delayed (backoff), prioritized, waiting-children
}

function toInfo(job: Job<Envelope>, state: JobState): JobInfo {
  const finished = state === 'completed' || state === 'failed';
  return {
    id: String(job.id).slice(37),
    name: job.name,
    state,
    progress: typeof job.progress === 'number' ? job.progress : 0,
    attempts: job.attemptsStarted,
    error: state === 'completed' ? null : job.failedReason || null,
    result: state === 'completed' ? (job.returnvalue ?? null) : null,
    createdAt: new Date(job.timestamp),
    finishedAt: finished && job.finishedOn ? new Date(job.finishedOn) : null,
  };
}
