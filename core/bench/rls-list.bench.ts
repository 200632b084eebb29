/**
 * What row-level security costs on a tenant-scoped list endpoint.
 *
 * One process, one database, one HTTP stack, measured back to back:
 *   rls    GET /api/t/<tenant>/workspaces: the real endpoint, as kado_app inside withTenant()
 *   owner  the same authentication and the same query as the owner role, RLS bypassed, on a bench-only route
 * 40 tenants × 50 workspaces, so the policy has other tenants' rows to filter out. Prints requests/s and
 * the ratio rls/owner. PGlite by default; PostgreSQL with DATABASE_URL (a scratch database is created).
 */
import type { AddressInfo } from 'node:net';
import { migrate } from '../src/db/migrate.js';
import { runInTenantScope } from '../src/db/request-context.js';
import { createApp } from '../src/http/app.js';
import { Authenticator } from '../src/http/authenticate.js';
import { loadConfig } from '../src/kernel/config.js';
import { createContainer } from '../src/kernel/container.js';
import { createLogger } from '../src/kernel/logger.js';
import { ApiTokensService } from '../src/modules/identity/api-tokens.service.js';
import { TenantDefinitionsService } from '../src/modules/tenants/tenant-definitions.service.js';
import { benchTenant, openDatabase } from './support.js';

const TENANTS = 40;
const WORKSPACES = 50;
const CONCURRENCY = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function measure(url: string, token: string): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  let count = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      const rows = (await res.json()) as unknown[];
      if (rows.length !== WORKSPACES) throw new Error(`${url}: ${rows.length} rows, expected ${WORKSPACES}`);
      count++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / ((performance.now() - start) / 1000);
}

async function main() {
  const { db, done } = await openDatabase();
  await migrate(db);
  const config = loadConfig({ LOG_LEVEL: 'silent', KADO_DEMO: 'false', DATABASE_URL: undefined });
  const container = createContainer(config, createLogger(config), db);
  const definitions = container.get(TenantDefinitionsService);
  for (let i = 0; i < TENANTS; i++) {
    await definitions.apply(benchTenant(`bench-${i}`, WORKSPACES));
  }
  const target = await db.asApp({}, (tx) =>
    tx.selectFrom('tenants').selectAll().where('slug', '=', 'bench-7').executeTakeFirstOrThrow(),
  );
  const { secret } = await runInTenantScope(
    { tenant: target, role: 'tenant_admin', actor: { userId: null, tokenId: null } },
    () => container.get(ApiTokensService).create('bench', 'director'),
  );

  const { app } = createApp(container);
  const auth = container.get(Authenticator);
  // The baseline: identical authentication, identical query and ordering, but as the owner (RLS bypassed).
  app.get('/bench/owner/:tenant/workspaces', async (req, res) => {
    const { scope } = await auth.authorize(req, { kind: 'tenant' }, await auth.credentials(req));
    const rows = await db.asOwner((tx) =>
      tx
        .selectFrom('workspaces')
        .selectAll()
        .where('tenant_id', '=', scope!.tenant.id)
        .orderBy('created_at')
        .orderBy('name')
        .execute(),
    );
    res.json(rows);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await measure(`${base}/api/t/bench-7/workspaces`, secret); // warm-up, not counted
  const owner = await measure(`${base}/bench/owner/bench-7/workspaces`, secret);
  const rls = await measure(`${base}/api/t/bench-7/workspaces`, secret);
  const owner2 = await measure(`${base}/bench/owner/bench-7/workspaces`, secret);
  const baseline = (owner + owner2) / 2;

  console.log(
    `database: ${db.kind}; ${TENANTS} tenants × ${WORKSPACES} workspaces; ${CONCURRENCY} concurrent clients; ${SECONDS} s each`,
  );
  console.log(
    `owner, no RLS (baseline): ${baseline.toFixed(0)} req/s  (runs: ${owner.toFixed(0)}, ${owner2.toFixed(0)})`,
  );
  console.log(`kado_app with RLS:        ${rls.toFixed(0)} req/s`);
  console.log(`ratio rls/baseline:       ${(rls / baseline).toFixed(2)}`);
  server.close();
  await done();
}

await main();
