import type { Container } from 'inversify';
import { Database } from '../../db/database.js';
import { runInTenantScope } from '../../db/request-context.js';
import type { JobContext } from '../../jobs/queue.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { InvitationsService } from './invitations.service.js';

export const BULK_INVITE_JOB = 'invitations.bulk';

export interface BulkInviteData {
  actorUserId: string | null;
  invitations: { email: string; role: 'tenant_admin' | 'director' | 'worker' | 'client' }[];
}

/**
 * Invites a list of people (a centre onboarding its workers), reporting progress row by row.
 * Idempotent: someone who already has a pending invitation or a membership is skipped, so a re-run after
 * a crash half-way invites only the rest.
 */
export function bulkInviteHandler(container: Container) {
  return async (job: JobContext<BulkInviteData>) => {
    const db = container.get(Database);
    const tenant = await container.get(TenantsService).findById(job.tenantId);
    if (!tenant) throw new Error(`tenant ${job.tenantId} is gone`);
    const scope = { tenant, role: null, actor: { userId: job.data.actorUserId, tokenId: null } };
    let invited = 0;
    let skipped = 0;
    for (const [i, row] of job.data.invitations.entries()) {
      const already = await db.withTenant(tenant.id, async (tx) => {
        const pending = await tx
          .selectFrom('invitations')
          .select('id')
          .where('email', '=', row.email)
          .where('accepted_at', 'is', null)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', new Date())
          .executeTakeFirst();
        const member = await tx
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select('memberships.id')
          .where('memberships.tenant_id', '=', tenant.id)
          .where('users.email', '=', row.email)
          .executeTakeFirst();
        return Boolean(pending ?? member);
      });
      if (already) skipped++;
      else {
        await runInTenantScope(scope, () => container.get(InvitationsService).create(row.email, row.role));
        invited++;
      }
      await job.progress(Math.round(((i + 1) / job.data.invitations.length) * 100));
    }
    return { invited, skipped };
  };
}
