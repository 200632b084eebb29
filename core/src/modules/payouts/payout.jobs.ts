import type { Container } from 'inversify';
import type { JobContext } from '../../jobs/queue.js';
import { PAYOUT_RUN_JOB, PayoutsService } from './payouts.service.js';

/** The payout run job: statement PDFs and the Zengin file of an approved run (idempotent, see run()). */
export function payoutJobHandlers(container: Container) {
  return {
    [PAYOUT_RUN_JOB]: (job: JobContext<{ runId: string }>) =>
      container.get(PayoutsService).run(job.tenantId, job.data.runId, job.progress),
  };
}
