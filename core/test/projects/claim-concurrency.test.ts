import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInTenantScope } from '../../src/db/request-context.js';
import { PluginsService } from '../../src/modules/plugins/plugins.service.js';
import { ClaimsService } from '../../src/modules/projects/claims.service.js';
import { TenantsService } from '../../src/modules/tenants/tenants.service.js';
import { PLUGIN_FIXTURES } from '../plugins/plugin-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { acceptedOrder, enablePlugin, importFile } from '../support/work-flow.js';

/**
 * "Next task" under a crowd: 200 simulated workers claim from one project at the same moment. On
 * PostgreSQL (npm run test:services) the claims really run in parallel on a pool of connections; each
 * must get a different task, and no task may have two live holds.
 */
const WORKERS = 200;
const TASKS = 300;
let t: TestApp;
let workerIds: string[];
let projectId: string;

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  await t.container.get(PluginsService).host.load([PLUGIN_FIXTURES]);
  const admin = await t.signIn('tenant_admin@alpha.test');
  await enablePlugin(admin, 'alpha', 'minimal');
  ({ projectId } = await acceptedOrder(admin, 'alpha', {
    workType: 'minimal',
    parameters: { maxLength: 100 },
  }));
  const lines = Array.from({ length: TASKS }, (_, i) => `項目 ${i + 1}`).join('\n');
  expect((await importFile(admin, 'alpha', projectId, 'lines', lines)).imported).toBe(TASKS);
  workerIds = [];
  for (let i = 0; i < WORKERS; i++)
    workerIds.push((await t.addUser('alpha', 'worker', `crowd${i}@alpha.test`)).userId);
  const tenantId = t.tenants.alpha!;
  await t.db.asOwner((tx) =>
    tx
      .insertInto('worker_skills')
      .values(workerIds.map((user_id) => ({ tenant_id: tenantId, user_id, skill: 'typing-ja' })))
      .execute(),
  );
  // No task is claimed without an accepted, current agreement (issue #5): give every worker one, in SQL.
  await t.db.asOwner(async (tx) => {
    await tx
      .insertInto('contract_terms')
      .values({ tenant_id: tenantId, version: 1, text_ja: '業務委託約款', effective_from: '2020-04-01' })
      .execute();
    await tx
      .insertInto('worker_contracts')
      .values(
        workerIds.map((user_id) => ({
          tenant_id: tenantId,
          user_id,
          hourly_rate: 1000,
          starts_on: '2020-04-01',
          terms_version: 1,
          statement: JSON.stringify({ work: 'データ入力' }),
          status: 'accepted' as const,
          offered_at: new Date(),
          accepted_at: new Date(),
        })),
      )
      .execute();
  });
}, 120_000);

describe('claiming under concurrency', () => {
  it(`never hands the same task to two of ${WORKERS} workers claiming at once`, async () => {
    const tenant = (await t.container.get(TenantsService).findById(t.tenants.alpha!))!;
    const tasks = t.container.get(ClaimsService);
    const claims = await Promise.all(
      workerIds.map((userId) =>
        runInTenantScope({ tenant, role: 'worker', actor: { userId, tokenId: null } }, () =>
          tasks.claimNext({ projectId }),
        ),
      ),
    );
    const ids = claims.map((c) => c?.id);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(WORKERS);

    const holds = await t.db.asOwner((tx) =>
      sql<{ task_id: string; n: number }>`
        SELECT task_id, count(*)::int AS n FROM assignments WHERE status = 'active'
        GROUP BY task_id HAVING count(*) > 1`.execute(tx),
    );
    expect(holds.rows).toEqual([]);
    const counters = await t.db.asOwner((tx) =>
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM tasks WHERE project_id = ${projectId}::uuid AND status = 'assigned' AND active_count = 1`.execute(
        tx,
      ),
    );
    expect(counters.rows[0]!.n).toBe(WORKERS);
  }, 120_000);
});
