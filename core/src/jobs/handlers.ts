import type { Container } from 'inversify';
import { BULK_INVITE_JOB, bulkInviteHandler } from '../modules/identity/bulk-invite.job.js';
import { payoutJobHandlers } from '../modules/payouts/payout.jobs.js';
import { probeJobHandlers } from '../modules/probes/probes.module.js';
import { projectJobHandlers } from '../modules/projects/project.jobs.js';
import type { JobQueue } from './queue.js';

/**
 * Every job handler of core, registered on one queue: by `kado worker`, and by the server when it
 * processes jobs itself. Handlers run at least once per job, so each must be idempotent (see queue.ts).
 */
export function registerJobHandlers(queue: JobQueue, container: Container): void {
  // Checks the path end to end (enqueue → worker → result) without touching any data.
  queue.register('system.ping', () => ({ pong: true }));
  queue.register(BULK_INVITE_JOB, bulkInviteHandler(container));
  for (const [name, handler] of Object.entries({
    ...projectJobHandlers(container),
    ...payoutJobHandlers(container),
    ...probeJobHandlers(container),
  }))
    queue.register(name, handler as never);
}
