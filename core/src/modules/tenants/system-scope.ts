import type { Container } from 'inversify';
import { runInTenantScope, SYSTEM_ACTOR } from '../../db/request-context.js';
import { TenantsService } from './tenants.service.js';

/** Runs work outside a request (a job, the CLI) in a tenant's scope, as the system: no user, no role. */
export async function runAsSystemIn<T>(
  container: Container,
  tenantId: string,
  fn: () => Promise<T>,
): Promise<T> {
  const tenant = await container.get(TenantsService).findById(tenantId);
  if (!tenant) throw new Error(`tenant ${tenantId} is gone`);
  return runInTenantScope({ tenant, role: null, actor: SYSTEM_ACTOR }, fn);
}
