import type { Tx } from '../../../db/database.js';
import type { OfferView } from './sharing.schemas.js';

/** Offers with the names of both centres (the tenant directory is global), as either side reads them. */
export const selectOffers = (tx: Tx) =>
  tx
    .selectFrom('hub_offers as o')
    .innerJoin('tenants as h', 'h.id', 'o.hub_tenant_id')
    .innerJoin('tenants as p', 'p.id', 'o.tenant_id')
    .selectAll('o')
    .select([
      'h.name_ja as hub_name_ja',
      'h.name_en as hub_name_en',
      'p.slug as partner_slug',
      'p.name_ja as partner_name_ja',
      'p.name_en as partner_name_en',
    ]);

type OfferRow = Awaited<ReturnType<ReturnType<typeof selectOffers>['executeTakeFirstOrThrow']>>;

export const toOfferView = (o: OfferRow): OfferView => ({
  id: o.id,
  shareId: o.share_id,
  hubName: { ja: o.hub_name_ja, en: o.hub_name_en },
  partner: {
    tenantId: o.tenant_id,
    slug: o.partner_slug,
    nameJa: o.partner_name_ja,
    nameEn: o.partner_name_en,
  },
  title: o.title,
  workType: o.work_type,
  tasks: o.tasks,
  unitPrice: o.unit_price,
  amountYen: o.tasks * o.unit_price,
  deadline: o.deadline,
  respondBy: o.respond_by,
  status: o.status,
  counter:
    o.status === 'countered'
      ? {
          tasks: o.counter_tasks ?? o.tasks,
          unitPrice: o.counter_unit_price ?? o.unit_price,
          note: o.counter_note,
        }
      : null,
  partnerProjectId: o.partner_project_id,
  respondedAt: o.responded_at,
  createdAt: o.created_at,
});
