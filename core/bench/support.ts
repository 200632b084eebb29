import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Database } from '../src/db/database.js';
import { pgliteDriver } from '../src/db/drivers/pglite.js';
import { postgresDriver } from '../src/db/drivers/postgres.js';
import { migrate } from '../src/db/migrate.js';
import { loadConfig } from '../src/kernel/config.js';
import { createContainer } from '../src/kernel/container.js';
import { createLogger } from '../src/kernel/logger.js';
import { TenantDefinitionsService } from '../src/modules/tenants/tenant-definitions.service.js';

/** Shared by the benchmarks: a scratch database (PGlite, or PostgreSQL with DATABASE_URL) and a container. */
export async function openDatabase(poolSize = 10): Promise<{ db: Database; done: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = new Database(pgliteDriver({ dataDir: 'memory://' }));
    return { db, done: () => db.close() };
  }
  const name = `kado_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  const db = new Database(postgresDriver(scratch.toString(), poolSize));
  return {
    db,
    done: async () => {
      await db.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Migrates, wires the container, and returns them with one tenant of the given slug. */
export async function benchApp(poolSize?: number, slug = 'bench') {
  const { db, done } = await openDatabase(poolSize);
  await migrate(db);
  const config = loadConfig({ LOG_LEVEL: 'silent', KADO_DEMO: 'false', DATABASE_URL: undefined });
  const container = createContainer(config, createLogger(config), db);
  await container.get(TenantDefinitionsService).apply(benchTenant(slug));
  const tenant = await db.asApp({}, (tx) =>
    tx.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow(),
  );
  return { db, done, container, tenant };
}

export const benchTenant = (slug: string, workspaces = 1) => ({
  slug,
  name: { ja: `ベンチ ${slug}`, en: `Bench ${slug}` },
  kind: 'municipality' as const,
  prefecture: '長野県',
  localGovernmentCode: '202151',
  fiscalYearStartMonth: 4,
  timeZone: 'Asia/Tokyo',
  status: 'active' as const,
  demoWorkers: 0,
  workspaces: Array.from({ length: workspaces }, (_, w) => ({
    name: `ワークスペース ${w}`,
    kind: 'coworking' as const,
    address: '長野県塩尻市',
    seats: w,
    openingHours: [{ day: 'mon' as const, opens: '09:00', closes: '17:00' }],
    childcare: false,
  })),
});

/**
 * A client, an order and its project of `workType`, and `workers` users with `skills`, written straight
 * into the database as the owner (the benchmarks measure claims and exports, not set-up).
 */
export async function seedProject(
  db: Database,
  tenantId: string,
  options: { workType: string; parameters: object; needed?: number; workers: number; skills: string[] },
) {
  return db.asOwner(async (tx) => {
    const client = await tx
      .insertInto('clients')
      .values({
        tenant_id: tenantId,
        kind: 'company',
        name: `発注者 ${randomBytes(3).toString('hex')}`,
        contact_person: '',
        contact_email: '',
        contact_phone: '',
        billing_address: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const order = await tx
      .insertInto('orders')
      .values({
        tenant_id: tenantId,
        client_id: client.id,
        title: 'ベンチ',
        work_type: options.workType,
        parameters: JSON.stringify(options.parameters),
        contract_type: 'ukeoi',
        quantity: 1,
        unit_price: 1,
        amount: 1,
        deadline: new Date('2027-03-31T08:00:00Z'),
        quality_target: 95,
        status: 'in_progress',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const project = await tx
      .insertInto('projects')
      .values({
        tenant_id: tenantId,
        order_id: order.id,
        work_type: options.workType,
        plugin_version: '1.0.0',
        parameters: JSON.stringify(options.parameters),
        quality: JSON.stringify({ strategy: 'review' }),
        needed: options.needed ?? 1,
        golden_percent: 0,
        lease_minutes: 30,
        due_at: new Date('2027-03-31T08:00:00Z'),
        quality_target: 95,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tag = randomBytes(3).toString('hex');
    const users = await tx
      .insertInto('users')
      .values(
        Array.from({ length: options.workers }, (_, i) => ({
          email: `bench-${tag}-${i}@kado.example`,
          display_name: `ワーカー ${i}`,
          password_hash: null,
        })),
      )
      .returning('id')
      .execute();
    const ids = users.map((u) => u.id);
    // No task is claimed without an accepted, current agreement (issue #5): terms v1 and one per worker.
    await tx
      .insertInto('contract_terms')
      .values({ tenant_id: tenantId, version: 1, text_ja: '業務委託約款', effective_from: '2020-04-01' })
      .onConflict((oc) => oc.columns(['tenant_id', 'version']).doNothing())
      .execute();
    for (let at = 0; at < ids.length; at += 1000) {
      const slice = ids.slice(at, at + 1000);
      await tx
        .insertInto('memberships')
        .values(slice.map((user_id) => ({ tenant_id: tenantId, user_id, role: 'worker' as const })))
        .execute();
      await tx
        .insertInto('worker_contracts')
        .values(
          slice.map((user_id) => ({
            tenant_id: tenantId,
            user_id,
            hourly_rate: 1000,
            starts_on: '2020-04-01',
            terms_version: 1,
            statement: JSON.stringify({ work: 'ベンチ' }),
            status: 'accepted' as const,
            offered_at: new Date(),
            accepted_at: new Date(),
          })),
        )
        .execute();
      for (const skill of options.skills)
        await tx
          .insertInto('worker_skills')
          .values(slice.map((user_id) => ({ tenant_id: tenantId, user_id, skill })))
          .execute();
    }
    return { projectId: project.id, workerIds: ids };
  });
}
