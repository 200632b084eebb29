import type { Container } from 'inversify';
import { Database } from '../../db/database.js';
import { runInTenantScope } from '../../db/request-context.js';
import { tokyoDate } from '../../kernel/tokyo.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { fiscalYearOf } from './budget.rules.js';
import { BudgetService, type FundingSource } from './budget.service.js';

/**
 * A centre's year in the shape of Shiojiri's: worker pay funded by order revenue and the national
 * 地方創生 grant, staff paid from the city's general fund, the coworking space, PCs and training, and the
 * revenue expected from orders. Worker costs leave ample room for the demo orders accepted after this.
 */
const DEMO_LINES: { account: string; fundingSource: FundingSource; amount: number; note: string }[] = [
  {
    account: 'worker_costs',
    fundingSource: 'order_revenue',
    amount: 30_000_000,
    note: 'ワーカー報酬（受注業務）',
  },
  {
    account: 'worker_costs',
    fundingSource: 'national_grant',
    amount: 12_000_000,
    note: 'ワーカー報酬（育成期間分）',
  },
  {
    account: 'staff_costs',
    fundingSource: 'city_general_fund',
    amount: 18_000_000,
    note: 'ディレクター・センター職員人件費',
  },
  { account: 'equipment', fundingSource: 'city_general_fund', amount: 3_000_000, note: 'PC・モニター・什器' },
  {
    account: 'facility',
    fundingSource: 'city_general_fund',
    amount: 6_000_000,
    note: 'コワーキングスペース・託児室の運営',
  },
  {
    account: 'training',
    fundingSource: 'national_grant',
    amount: 2_400_000,
    note: 'ワーカー研修・ディレクター研修',
  },
  { account: 'revenue', fundingSource: 'order_revenue', amount: 45_000_000, note: '受注収入の見込み' },
];

/** Demo data of this context for one demo centre: this fiscal year's lines. Runs once per centre; re-runs skip. */
export async function seedDemoBudget(container: Container, slug: string): Promise<void> {
  const db = container.get(Database);
  const tenant = await container.get(TenantsService).findBySlug(slug);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  const admin = await db.withTenant(tenant.id, (tx) =>
    tx
      .selectFrom('memberships')
      .select('user_id')
      .where('role', 'in', ['tenant_admin', 'hub_admin'])
      .executeTakeFirst(),
  );
  const budget = container.get(BudgetService);
  const fy = fiscalYearOf(tokyoDate(new Date()));
  await runInTenantScope(
    { tenant, role: 'tenant_admin', actor: { userId: admin?.user_id ?? null, tokenId: null } },
    async () => {
      const planned = (await budget.year(fy)).lines.filter((l) => l.note !== null);
      for (const line of DEMO_LINES) {
        if (planned.some((p) => p.account === line.account && p.fundingSource === line.fundingSource))
          continue;
        await budget.createLine(fy, line);
      }
    },
  );
}
