import type { JobInstrument } from '../jobs/queue.js';
import type { Metrics } from './metrics.js';
import type { Tracing } from './tracing.js';

/**
 * Wraps each handler as a queue adapter registers it, so both adapters count and trace attempts in the
 * process that runs them (summing the counters over instances is then right).
 */
export const instrumentJobs =
  (metrics: Metrics, tracing: Tracing): JobInstrument =>
  (handler) =>
  async (job) => {
    metrics.attemptStarted(job.name);
    const span = tracing.startJob(job);
    try {
      const result = await handler(job);
      span?.end({});
      return result;
    } catch (error) {
      metrics.attemptFailed(job.name);
      span?.end({ error });
      throw error;
    }
  };
