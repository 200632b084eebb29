/**
 * "Next task" throughput: claims per second with 50 workers claiming at once, against a bare
 * `SELECT … FOR UPDATE SKIP LOCKED` claim in the same run.
 *
 *   kado      ClaimsService.claimNext(): the worker's held task, qualification by skills, the golden mix,
 *             the candidate with SKIP LOCKED, expired leases released, an assignment row, the counters
 *   baseline  one transaction as the app role: SELECT the first open task FOR UPDATE SKIP LOCKED, mark it
 * Every claim is by a different worker and takes a different task. PGlite by default (one connection, so
 * the 50 run one after another); PostgreSQL with DATABASE_URL (pool of 20).
 */
import { sql } from 'kysely';
import { runInTenantScope } from '../src/db/request-context.js';
import { PluginsService } from '../src/modules/plugins/plugins.service.js';
import { ClaimsService } from '../src/modules/projects/claims.service.js';
import { benchApp, seedProject } from './support.js';

const CONCURRENCY = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const POOL = 12_000;

const { db, done, container, tenant } = await benchApp(20);
await container.get(PluginsService).host.ready();
const parameters = { form: { fields: [{ key: 'name', label: { ja: '氏名', en: 'Name' }, type: 'text' }] } };

async function project() {
  const seeded = await seedProject(db, tenant.id, {
    workType: 'data-entry',
    parameters,
    workers: POOL,
    skills: ['typing-ja'],
  });
  await db.asOwner((tx) =>
    sql`INSERT INTO tasks (tenant_id, project_id, seq, payload, needed, estimated_minutes, due_at)
        SELECT ${tenant.id}::uuid, ${seeded.projectId}::uuid, g, jsonb_build_object('scan', 'p-' || g || '.png'), 1, 1,
               '2027-03-31T08:00:00Z'
        FROM generate_series(1, ${POOL}) g`.execute(tx),
  );
  return seeded;
}

/** Runs `claim` from CONCURRENCY loops for SECONDS, each call with the next unused worker. */
async function measure(workerIds: string[], claim: (workerId: string) => Promise<unknown>) {
  let next = 0;
  let count = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const loop = async () => {
    while (performance.now() < deadline && next < workerIds.length) {
      const got = await claim(workerIds[next++]!);
      if (!got) throw new Error('a claim found no task');
      count++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return count / ((performance.now() - start) / 1000);
}

const tasks = container.get(ClaimsService);
const kadoClaim = (projectId: string) => (userId: string) =>
  runInTenantScope({ tenant, role: 'worker', actor: { userId, tokenId: null } }, () =>
    tasks.claimNext({ projectId }),
  );
const bareClaim = (projectId: string) => () =>
  db.withTenant(tenant.id, async (tx) => {
    const row = await sql<{ id: string }>`
      SELECT id FROM tasks WHERE project_id = ${projectId}::uuid AND status = 'open'
      ORDER BY due_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(tx);
    const id = row.rows[0]?.id;
    if (id) await sql`UPDATE tasks SET status = 'assigned' WHERE id = ${id}::uuid`.execute(tx);
    return id;
  });

const warm = await project();
await measure(warm.workerIds.slice(0, 200), kadoClaim(warm.projectId)); // warm-up, not counted
const a = await project();
const baseline1 = await measure(a.workerIds, bareClaim(a.projectId));
const b = await project();
const kado = await measure(b.workerIds, kadoClaim(b.projectId));
const c = await project();
const baseline2 = await measure(c.workerIds, bareClaim(c.projectId));
const baseline = (baseline1 + baseline2) / 2;

console.log(
  `database: ${db.kind}; ${CONCURRENCY} concurrent workers; ${SECONDS} s each; every claim a new task`,
);
console.log(
  `bare SKIP LOCKED claim (baseline): ${baseline.toFixed(0)} claims/s  (runs: ${baseline1.toFixed(0)}, ${baseline2.toFixed(0)})`,
);
console.log(`kado claimNext:                    ${kado.toFixed(0)} claims/s`);
console.log(`ratio kado/baseline:               ${(kado / baseline).toFixed(2)}`);
await done();
