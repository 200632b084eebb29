import { inject, injectable } from 'inversify';
import { currentScope } from '../../db/request-context.js';
import type { WorkEvent } from '../../realtime/events.js';
import { RealtimeGateway } from '../../realtime/realtime.gateway.js';

/**
 * Tells the centre's open pages that work changed hands. Called after the change has committed; realtime is
 * a hint (the page re-reads from the API), so a lost event costs freshness, never correctness.
 */
@injectable()
export class WorkEvents {
  constructor(@inject(RealtimeGateway) private readonly realtime: RealtimeGateway) {}

  announce(kind: WorkEvent['kind'], taskId: string): void {
    const { tenant } = currentScope();
    this.realtime.emitToTenant(tenant.id, 'work', {
      tenant: tenant.slug,
      kind,
      taskId,
      at: new Date().toISOString(),
    });
  }
}
