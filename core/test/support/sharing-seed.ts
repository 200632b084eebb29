import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Client, TestApp } from './test-app.js';
import { acceptedOrder, enablePlugin, importFile } from './work-flow.js';

/** Makes `slug` an active partner of the test hub taking the given work types at these rates (yen per task). */
export async function makePartner(t: TestApp, slug: string, rates: Record<string, number>) {
  const partner = t.tenants[slug]!;
  const hub = t.tenants.hub!;
  await t.db.asOwner((tx) =>
    sql`INSERT INTO hub_partnerships (tenant_id, hub_tenant_id, work_types, task_rates, status)
        VALUES (${partner}, ${hub}, ${Object.keys(rates)}, ${JSON.stringify(rates)}, 'active')
        ON CONFLICT (tenant_id) DO UPDATE SET work_types = excluded.work_types,
          task_rates = excluded.task_rates, status = 'active'`.execute(tx),
  );
}

/**
 * Hours every day, all day (holidays too): the worker can take work whenever a test runs, and a centre's
 * capacity is 24 hours a day per worker.
 */
export async function setHours(worker: Client, slug: string) {
  const day = [{ start: '00:00', end: '24:00' }];
  await worker
    .put(`/api/t/${slug}/me/availability`, {
      pattern: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
      maxMinutesPerWeek: null,
      worksOnHolidays: true,
    })
    .expect(200);
}

/**
 * One row in every tenant table of the hub's sharing (migration 0017) for the partner `slug`, made through
 * the API: a hub order of two tasks shared, both fixed for this partner, sent, and accepted by the partner (a share, an offer, a task link). The partner's worker must already have the 'typing-ja' skill and
 * hours (the cross-tenant test's earlier seeds give them). Returns ids keyed by table name.
 */
export async function seedSharing(
  hubAdmin: Client,
  admin: Client,
  _worker: Client,
  slug: string,
  t?: TestApp,
): Promise<Record<string, string>> {
  if (t) await makePartner(t, slug, { minimal: 25 });
  await hubAdmin.put('/api/t/hub/plugins/minimal', { enabled: true }).expect(200);
  await enablePlugin(admin, slug, 'minimal');
  const order = await acceptedOrder(hubAdmin, 'hub', {
    workType: 'minimal',
    parameters: { maxLength: 100 },
    title: `${slug} 向けワークシェア`,
  });
  expect((await importFile(hubAdmin, 'hub', order.projectId, 'lines', '一\n二\n')).status).toBe('done');
  const share = (await hubAdmin.post(`/api/t/hub/orders/${order.orderId}/share`, {}).expect(201)).body;
  const partnerId = share.proposal.centres.find((c: { slug: string }) => c.slug === slug).tenantId;
  await hubAdmin.put(`/api/t/hub/shares/${share.id}/allocation`, { shares: { [partnerId]: 2 } }).expect(200);
  const sent = (await hubAdmin.post(`/api/t/hub/shares/${share.id}/send`, {}).expect(200)).body;
  const offer = sent.offers.find((o: { partner: { slug: string } }) => o.partner.slug === slug);
  await admin.post(`/api/t/${slug}/offers/${offer.id}/accept`).expect(200);
  return { hub_shares: share.id, hub_offers: offer.id, hub_offer_tasks: offer.id, hubOrder: order.orderId };
}
