import { type ApiError, api, asApiError } from './api';

/** A background job as GET /t/:tenant/jobs/:id reports it. */
interface JobState {
  state: 'waiting' | 'active' | 'completed' | 'failed';
  progress: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows a resource that a background job fills in (an import, an export): polls it every second until
 * `done` says so, and the job's progress (0–100) alongside. One watch at a time; `stop()` ends it.
 */
export class JobWatch<T> {
  current = $state<T | null>(null);
  /** 0–100 while running; null when unknown (show an indeterminate bar). */
  progress = $state<number | null>(null);
  running = $state(false);
  error = $state<ApiError | null>(null);
  private run = 0;

  constructor(private readonly interval = 1000) {}

  async watch(
    fetchItem: () => Promise<T>,
    options: { done: (item: T) => boolean; jobPath?: (item: T) => string | null },
  ): Promise<T | null> {
    const run = ++this.run;
    this.running = true;
    this.error = null;
    this.progress = 0;
    try {
      for (;;) {
        const item = await fetchItem();
        if (run !== this.run) return null;
        this.current = item;
        if (options.done(item)) {
          this.progress = 100;
          return item;
        }
        const jobPath = options.jobPath?.(item);
        if (jobPath) {
          try {
            const job = await api.get<JobState>(jobPath);
            if (run !== this.run) return null;
            this.progress = Math.max(0, Math.min(100, Math.round(job.progress)));
          } catch {
            // progress is a nicety: the resource itself says when it is done
          }
        }
        await sleep(this.interval);
        if (run !== this.run) return null;
      }
    } catch (error) {
      if (run === this.run) this.error = asApiError(error);
      return null;
    } finally {
      if (run === this.run) this.running = false;
    }
  }

  stop(): void {
    this.run++;
    this.running = false;
  }
}
