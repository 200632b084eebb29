import type { Container } from 'inversify';
import type { JobContext } from '../../jobs/queue.js';
import { OrdersService } from '../orders/orders.service.js';
import { runAsSystemIn } from '../tenants/system-scope.js';
import { EXPORT_JOB, ExportsService } from './exports.service.js';
import { IMPORT_JOB, ImportsService } from './imports.service.js';

/**
 * The import and export jobs. After a clean import the order moves accepted → in progress; after an
 * export the order moves in progress → delivered. Both moves are conditional, so a re-run changes nothing.
 */
export function projectJobHandlers(container: Container) {
  return {
    [IMPORT_JOB]: async (job: JobContext<{ importId: string }>) => {
      const result = await container.get(ImportsService).run(job.tenantId, job.data.importId, job.progress);
      if ('orderId' in result && result.orderId)
        await runAsSystemIn(container, job.tenantId, () =>
          container.get(OrdersService).advance(result.orderId, 'accepted', 'in_progress'),
        );
      return result;
    },
    [EXPORT_JOB]: async (job: JobContext<{ exportId: string }>) => {
      const result = await container.get(ExportsService).run(job.tenantId, job.data.exportId, job.progress);
      if ('orderId' in result && result.orderId)
        await runAsSystemIn(container, job.tenantId, () =>
          container.get(OrdersService).advance(result.orderId, 'in_progress', 'delivered'),
        );
      return result;
    },
  };
}
