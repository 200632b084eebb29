import type { Container } from 'inversify';
import type { JobContext } from '../../jobs/queue.js';
import type { KadoModule } from '../module.js';
import { probesRoutes } from './probes.routes.js';
import { PROBE_JOB, ProbesService } from './probes.service.js';

/** Queue probes (issue #9): an administrator's end-to-end check that every job runs, and runs once. */
export const probesModule: KadoModule = {
  services: [ProbesService],
  routes: (c) => probesRoutes(c.get(ProbesService)),
};

export const probeJobHandlers = (container: Container) => ({
  [PROBE_JOB]: (job: JobContext<{ probeId: string }>) =>
    container.get(ProbesService).run(job.tenantId, job.data.probeId),
});
