import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.js';
import { COUNTED_STATES, type JobQueue } from '../jobs/queue.js';
import type { Logger } from '../kernel/logger.js';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const POOL_STATES = ['total', 'idle', 'waiting'] as const;

export interface MetricsSources {
  db: Database;
  /** Resolved at the first scrape, so making the registry opens no queue connection. */
  jobs: () => JobQueue;
  logger: Logger;
}

/**
 * The process's one Prometheus registry (bound in the container). Labels are bounded: route templates,
 * job names and states, never a tenant or a raw URL (1,741 municipalities would explode the series and
 * show who uses the platform).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route'>;
  private readonly attempts: Counter<'name'>;
  private readonly failedAttempts: Counter<'name'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'kado_' });
    this.requests = new Counter({
      name: 'kado_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'kado_http_request_duration_seconds',
      help: 'Time from receiving a request to finishing its response, by method and route template',
      labelNames: ['method', 'route'],
      buckets: SECONDS,
      registers,
    });
    this.attempts = new Counter({
      name: 'kado_job_attempts_total',
      help: 'Job attempts run by this process, by job name (sum over instances)',
      labelNames: ['name'],
      registers,
    });
    this.failedAttempts = new Counter({
      name: 'kado_job_attempts_failed_total',
      help: 'Job attempts run by this process that threw, by job name (sum over instances)',
      labelNames: ['name'],
      registers,
    });
    new Gauge({
      name: 'kado_jobs',
      help:
        'Jobs in the queue by state, read from the queue at scrape time: the same cluster-wide figure ' +
        'from every instance, so take max() or one instance, never sum()',
      labelNames: ['state'],
      registers,
      async collect() {
        try {
          const counts = await sources.jobs().counts();
          for (const state of COUNTED_STATES) this.set({ state }, counts[state]);
        } catch (err) {
          // A scrape still answers with everything else; no stale figure is reported.
          this.reset();
          sources.logger.warn({ err }, 'metrics: could not count the jobs in the queue');
        }
      },
    });
    new Gauge({
      name: 'kado_db_pool_connections',
      help: "This process's database pool: open connections, idle ones among them, borrowers waiting",
      labelNames: ['state'],
      registers,
      collect() {
        const stats = sources.db.poolStats();
        if (stats) for (const state of POOL_STATES) this.set({ state }, stats[state]);
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.duration.observe({ method, route }, seconds);
  }

  attemptStarted(name: string): void {
    this.attempts.inc({ name });
  }

  attemptFailed(name: string): void {
    this.failedAttempts.inc({ name });
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
