import { CHECKLIST_ITEMS } from '../../src/modules/hub/partnerships/partnerships.tables.js';
import type { Client } from './test-app.js';

/**
 * One row in every tenant table of the hub's partnerships for the partner `slug`, made through the API by the
 * hub's admin and the partner's admin and worker. Returns ids keyed by table name.
 *
 * The hub agrees work type 'minimal' (the test plugin) with the partner, which creates the partnership and
 * its checklist; then both sides tick every item, so the partner is launched (active) and the hub's sharing
 * (which offers work to active partners only) can use it.
 */
export async function seedPartnerships(
  hubAdmin: Client,
  admin: Client,
  _worker: Client,
  slug: string,
): Promise<Record<string, string>> {
  const created = await hubAdmin
    .put(`/api/t/hub/partners/${slug}/agreement`, {
      workTypes: ['minimal'],
      taskRates: { minimal: 40 },
      hourlyRate: 1000,
      marginPercent: 10,
    })
    .expect(200);
  const tenantId = created.body.tenant.id as string;
  if (created.body.status === 'onboarding')
    for (const item of CHECKLIST_ITEMS) {
      await hubAdmin.put(`/api/t/hub/partners/${slug}/checklist/${item}`, { done: true }).expect(200);
      await admin.put(`/api/t/${slug}/partnership/checklist/${item}`, { done: true }).expect(200);
    }
  return { hub_partnerships: tenantId, hub_partner_checklist: `${tenantId}/workspace_ready` };
}
