import type { Container } from 'inversify';
import { Database } from '../../db/database.js';
import type { Role } from '../../db/schema.js';
import { seedDemoBudget } from '../budget/demo-budget.js';
import { seedDemoNetwork } from '../hub/sharing/demo-network.js';
import { seedDemoTraining } from '../hub/training/demo-training.js';
import { MembershipsService } from '../identity/memberships.service.js';
import { hashPassword } from '../identity/secrets.js';
import { UsersService } from '../identity/users.service.js';
import { seedDemoInvoices } from '../invoices/demo-invoices.js';
import { seedDemoPayouts } from '../payouts/demo-payouts.js';
import { seedDemoWork } from '../projects/demo-work.js';
import {
  type ApplyReport,
  readTenantDefinitions,
  TenantDefinitionsService,
} from './tenant-definitions.service.js';

export const DEMO_PASSWORD = 'kado-demo-2026';

const FAMILY = [
  '佐藤',
  '鈴木',
  '高橋',
  '田中',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '山田',
  '佐々木',
  '山口',
  '松本',
];
const GIVEN = [
  '花子',
  '陽子',
  '美咲',
  '健太',
  '由美',
  '翔太',
  '直子',
  '大輔',
  '恵',
  '拓也',
  '愛',
  '誠',
  '真理',
  '亮',
  '裕子',
];

export interface DemoSignIn {
  tenant: string;
  role: Role;
  email: string;
}

/** The centres that get demo orders and tasks as well as people. */
export const DEMO_WORK_CENTRES = ['shiojiri', 'matsumoto'] as const;

/**
 * Applies every tenant definition and adds demo people to each centre; with `work`, demo orders and tasks
 * too (on an empty database only: they are not keyed to run twice).
 */
export async function seedDemo(container: Container, tenantsDir: string, options: { work?: boolean } = {}) {
  const db = container.get(Database);
  const users = container.get(UsersService);
  const memberships = container.get(MembershipsService);
  const definitions = readTenantDefinitions(tenantsDir);
  const reports: ApplyReport[] = [];
  for (const d of definitions) reports.push(await container.get(TenantDefinitionsService).apply(d));

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const signIns: DemoSignIn[] = [];
  for (const d of definitions) {
    const people: { local: string; name: string; role: Role }[] = [
      { local: 'admin', name: `${d.name.ja} 管理者`, role: d.kind === 'hub' ? 'hub_admin' : 'tenant_admin' },
      { local: 'director', name: `${FAMILY[d.slug.length % FAMILY.length]} ディレクター`, role: 'director' },
      { local: 'client', name: '株式会社サンプル 発注担当', role: 'client' },
      ...Array.from({ length: d.demoWorkers }, (_, i) => ({
        local: `worker${String(i + 1).padStart(2, '0')}`,
        name: `${FAMILY[(i + d.slug.length) % FAMILY.length]} ${GIVEN[(i * 7 + d.slug.length) % GIVEN.length]}`,
        role: 'worker' as const,
      })),
    ];
    const tenant = (
      await db.asApp({}, (tx) =>
        tx.selectFrom('tenants').select('id').where('slug', '=', d.slug).executeTakeFirstOrThrow(),
      )
    ).id;
    await db.withTenant(tenant, async (tx) => {
      for (const p of people) {
        const email = `${p.local}@${d.slug}.kado.example`;
        const user =
          (await users.findByEmail(tx, email)) ??
          (await users.create(tx, { email, displayName: p.name, passwordHash }));
        await memberships.grant(tx, user.id, p.role);
        if (p.role !== 'worker' || p.local === 'worker01')
          signIns.push({ tenant: d.slug, role: p.role, email });
      }
    });
  }
  if (options.work)
    for (const slug of DEMO_WORK_CENTRES) {
      if (!definitions.some((d) => d.slug === slug)) continue;
      // The budget first: accepting the demo orders commits money against it.
      await seedDemoBudget(container, slug);
      await seedDemoWork(container, slug);
      await seedDemoPayouts(container, slug);
      await seedDemoInvoices(container, slug);
    }
  // The network's capacity for the hub's shared image-annotation work (skills, hours, agreements).
  if (options.work) await seedDemoNetwork(container);
  // The hub's training catalogue: courses and upcoming sessions (nothing if it has courses already).
  for (const d of definitions) if (d.kind === 'hub') await seedDemoTraining(container, d.slug);
  return { reports, signIns };
}
