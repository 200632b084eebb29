import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatabaseJobQueue } from '../../src/jobs/database-queue.js';
import { createLogger } from '../../src/kernel/logger.js';
import { PluginsService } from '../../src/modules/plugins/plugins.service.js';
import { PLUGIN_FIXTURES } from '../plugins/plugin-fixtures.js';
import { seedBudget } from '../support/budget-seed.js';
import { seedContractsTime } from '../support/contracts-time-seed.js';
import { seedInvoices } from '../support/invoices-seed.js';
import { seedLedger } from '../support/ledger-seed.js';
import { seedPartnerships } from '../support/partnerships-seed.js';
import { seedPayouts } from '../support/payouts-seed.js';
import { seedSeatsGrowth } from '../support/seats-growth-seed.js';
import { seedSettlement } from '../support/settlement-seed.js';
import { seedSharing } from '../support/sharing-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { seedTraining } from '../support/training-seed.js';
import { importFile, qualify, waitFor } from '../support/work-flow.js';
import { seedWorkers } from '../support/workers-seed.js';

/**
 * Tenant isolation as a security property: tenant B's people get 404 for tenant A's objects, writes
 * change nothing, and the database itself shows the app role no tenant rows without a tenant set.
 */
let t: TestApp;
let alphaAdmin: Client;
let betaAdmin: Client;
let hubAdmin: Client;
const alpha: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  alphaAdmin = await t.signIn('tenant_admin@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  hubAdmin = await t.signIn('hub_admin@hub.test');
  await t.container.get(PluginsService).host.load([PLUGIN_FIXTURES]);
  // One object of every kind in tenant A, each kind also present in B.
  for (const [admin, slug] of [
    [alphaAdmin, 'alpha'],
    [betaAdmin, 'beta'],
  ] as const) {
    const ws = (await admin.get(`/api/t/${slug}/workspaces`).expect(200)).body[0];
    const inv = (
      await admin
        .post(`/api/t/${slug}/invitations`, { email: `new@${slug}.test`, role: 'worker' })
        .expect(201)
    ).body;
    const tok = (
      await admin.post(`/api/t/${slug}/api-tokens`, { name: 'sync', role: 'director' }).expect(201)
    ).body;
    const member = (await admin.get(`/api/t/${slug}/members`).expect(200)).body.find((m: { email: string }) =>
      m.email.startsWith('worker@'),
    );
    await admin.patch(`/api/t/${slug}`, { nameEn: `${slug} renamed` }).expect(200);
    await new DatabaseJobQueue(t.db, createLogger({ logLevel: 'silent' })).enqueue(
      'system.ping',
      {},
      { tenantId: t.tenants[slug]! },
    );
    const probe = (await admin.post(`/api/t/${slug}/system/probes`, { count: 1 }).expect(202)).body.ids[0];
    // A client with its client-role person linked, and an order created under an Idempotency-Key.
    const client = (
      await admin.post(`/api/t/${slug}/clients`, { kind: 'company', name: `${slug} 商事` }).expect(201)
    ).body;
    const clientUser = (await admin.get(`/api/t/${slug}/members`).expect(200)).body.find(
      (m: { email: string }) => m.email.startsWith('client@'),
    );
    await admin.post(`/api/t/${slug}/clients/${client.id}/users`, { userId: clientUser.userId }).expect(200);
    await admin.put(`/api/t/${slug}/plugins/minimal`, { enabled: true }).expect(200);
    const order = (
      await admin
        .post(`/api/t/${slug}/orders`, {
          clientId: client.id,
          title: `${slug} 入力`,
          workType: 'minimal',
          parameters: { maxLength: 100 },
          contractType: 'ukeoi',
          quantity: 100,
          unitPrice: 50,
          deadline: '2026-12-25T17:00:00+09:00',
          qualityTarget: 98,
        })
        .set('Idempotency-Key', 'cross-tenant-order')
        .expect(201)
    ).body;
    const work = await workedProject(admin, slug, client.id);
    // A row in every table of the workers, contracts and time, seats, growth and ledger contexts too.
    const workerClient = await t.signIn(`worker@${slug}.test`);
    const people = {
      ...(await seedWorkers(admin, workerClient, slug)),
      ...(await seedContractsTime(admin, workerClient, slug)),
      ...(await seedSeatsGrowth(admin, workerClient, slug)),
      ...(await seedLedger(admin, slug)),
      ...(await seedBudget(admin, workerClient, slug)),
      ...(await seedPayouts(admin, workerClient, slug)),
      ...(await seedInvoices(admin, workerClient, slug)),
      // The hub's network: alpha and beta are both partners of the hub.
      ...(await seedPartnerships(hubAdmin, admin, workerClient, slug)),
      ...(await seedSharing(hubAdmin, admin, workerClient, slug, t)),
      ...(await seedSettlement(hubAdmin, admin, workerClient, slug)),
      ...(await seedTraining(hubAdmin, admin, workerClient, slug)),
    };
    if (slug === 'alpha')
      Object.assign(alpha, {
        workspace: ws.id,
        invitation: inv.id,
        token: tok.id,
        member: member.id,
        client: client.id,
        order: order.id,
        probe,
        ...work,
        ...people,
      });
  }
});

/**
 * A second order taken all the way: accepted (a project), a file, an import, a worker's skills, a claimed,
 * handed-in and accepted task (assignment, submission, accuracy) and a deliverable.
 */
async function workedProject(admin: Client, slug: string, clientId: string) {
  const order = (
    await admin
      .post(`/api/t/${slug}/orders`, {
        clientId,
        title: `${slug} 作業`,
        workType: 'minimal',
        parameters: { maxLength: 100 },
        contractType: 'ukeoi',
        quantity: 2,
        unitPrice: 50,
        deadline: '2026-12-25T17:00:00+09:00',
        qualityTarget: 90,
      })
      .expect(201)
  ).body;
  await admin.post(`/api/t/${slug}/orders/${order.id}/transitions`, { to: 'accepted' }).expect(200);
  const project = (await admin.get(`/api/t/${slug}/projects?orderId=${order.id}`).expect(200)).body[0].id;
  await admin
    .put(`/api/t/${slug}/projects/${project}/files?name=scan-1.png`)
    .set('content-type', 'image/png')
    .send(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    .expect(201);
  const imp = await importFile(admin, slug, project, 'lines', '一行目\n二行目\n');
  expect(imp.status).toBe('done');
  const worker = await t.signIn(`worker@${slug}.test`);
  const workerUser = await qualify(admin, worker, slug, `worker@${slug}.test`, ['typing-ja']);
  const task = (await worker.post(`/api/t/${slug}/tasks/next`, {}).expect(200)).body.task;
  await worker.post(`/api/t/${slug}/tasks/${task.id}/submit`, { submission: { text: 'ok' } }).expect(200);
  await admin.post(`/api/t/${slug}/tasks/${task.id}/review`, { decision: 'accept' }).expect(200);
  const started = (
    await admin.post(`/api/t/${slug}/projects/${project}/exports`, { format: 'tsv' }).expect(202)
  ).body;
  await waitFor(admin, `/api/t/${slug}/projects/${project}/exports/${started.id}`);
  return { project, import: imp.id, task: task.id, export: started.id, workOrder: order.id, workerUser };
}

/** Tables only the hub has rows in (its shares of orders): a partner sees none of them. */
const HUB_ONLY = new Set(['hub_shares', 'training_courses', 'training_sessions']);
/** Tables the hub publishes to its partners by design (read-only for them), so a partner sees the hub's rows. */
const PUBLISHED_BY_HUB = new Set(['training_courses', 'training_sessions']); // the hub's training catalogue

/** Every tenant-owned table, found in the catalogue rather than listed by hand. */
async function tenantTables(): Promise<{ name: string; rls: boolean; forced: boolean }[]> {
  const rows = await sql<{ name: string; rls: boolean; forced: boolean }>`
    SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
    ORDER BY 1`.execute(t.db.kysely);
  return rows.rows;
}

describe('cross-tenant access over HTTP', () => {
  it('answers 404 to tenant B for every object of tenant A, by id, through B’s own URL', async () => {
    await betaAdmin.get(`/api/t/beta/workspaces/${alpha.workspace}`).expect(404);
    await betaAdmin.patch(`/api/t/beta/workspaces/${alpha.workspace}`, { seats: 1 }).expect(404);
    await betaAdmin.delete(`/api/t/beta/workspaces/${alpha.workspace}`).expect(404);
    await betaAdmin.delete(`/api/t/beta/invitations/${alpha.invitation}`).expect(404);
    await betaAdmin.delete(`/api/t/beta/api-tokens/${alpha.token}`).expect(404);
    await betaAdmin.patch(`/api/t/beta/members/${alpha.member}`, { role: 'director' }).expect(404);
    await betaAdmin.delete(`/api/t/beta/members/${alpha.member}`).expect(404);
    await betaAdmin.get(`/api/t/beta/clients/${alpha.client}`).expect(404);
    await betaAdmin.patch(`/api/t/beta/clients/${alpha.client}`, { name: '乗っ取り' }).expect(404);
    await betaAdmin.delete(`/api/t/beta/clients/${alpha.client}`).expect(404);
    await betaAdmin.get(`/api/t/beta/orders/${alpha.order}`).expect(404);
    await betaAdmin.get(`/api/t/beta/system/probes/${alpha.probe}`).expect(404);
    await betaAdmin.patch(`/api/t/beta/orders/${alpha.order}`, { title: '乗っ取り' }).expect(404);
    await betaAdmin.post(`/api/t/beta/orders/${alpha.order}/transitions`, { to: 'cancelled' }).expect(404);
    await betaAdmin.delete(`/api/t/beta/orders/${alpha.order}`).expect(404);
    // B's client person sees B's orders only, and A's order by id answers 404.
    const betaClient = await t.signIn('client@beta.test');
    const seen = (await betaClient.get('/api/t/beta/orders').expect(200)).body;
    expect(seen.map((o: { id: string }) => o.id)).not.toContain(alpha.order);
    await betaClient.get(`/api/t/beta/orders/${alpha.order}`).expect(404);
    // An order in B naming A's client is refused: the client is not found in B.
    await betaAdmin
      .post('/api/t/beta/orders', {
        clientId: alpha.client,
        title: '越境',
        workType: 'data-entry',
        contractType: 'jun_inin',
        hours: 1,
        hourlyRate: 1000,
        deadline: '2026-12-25T17:00:00+09:00',
        qualityTarget: 90,
      })
      .expect(422);
  });

  it('answers 404 to tenant B for tenant A’s URLs, reads and writes alike', async () => {
    for (const path of [
      '',
      '/workspaces',
      `/workspaces/${alpha.workspace}`,
      '/members',
      '/invitations',
      '/api-tokens',
      '/audit',
      '/code-history',
      '/clients',
      `/clients/${alpha.client}`,
      '/orders',
      `/orders/${alpha.order}`,
      `/orders/${alpha.workOrder}/deliverables`,
      '/projects',
      `/projects/${alpha.project}`,
      `/projects/${alpha.project}/files`,
      `/projects/${alpha.project}/files/scan-1.png`,
      `/projects/${alpha.project}/imports`,
      `/projects/${alpha.project}/imports/${alpha.import}`,
      `/projects/${alpha.project}/exports`,
      `/projects/${alpha.project}/exports/${alpha.export}`,
      `/projects/${alpha.project}/tasks`,
      `/orders/${alpha.workOrder}/progress`,
      '/tasks/mine',
      '/tasks/open',
      `/tasks/${alpha.task}`,
      '/reviews',
      '/accuracy',
      `/deliverables/${alpha.export}`,
      '/system/probes',
      `/system/probes/${alpha.probe}`,
    ]) {
      const res = await betaAdmin.get(`/api/t/alpha${path}`).expect(404);
      expect(res.body.type).toBe('/api/problems/not-found');
    }
    await betaAdmin.patch('/api/t/alpha', { nameEn: 'hijacked' }).expect(404);
    await betaAdmin.post('/api/t/alpha/workspaces', { name: '侵入', kind: 'home' }).expect(404);
    await betaAdmin.patch(`/api/t/alpha/workspaces/${alpha.workspace}`, { seats: 1 }).expect(404);
    await betaAdmin.delete(`/api/t/alpha/workspaces/${alpha.workspace}`).expect(404);
    await betaAdmin
      .post('/api/t/alpha/invitations', { email: 'spy@beta.test', role: 'tenant_admin' })
      .expect(404);
    await betaAdmin.post(`/api/t/alpha/orders/${alpha.order}/transitions`, { to: 'cancelled' }).expect(404);
    await betaAdmin.patch(`/api/t/alpha/clients/${alpha.client}`, { name: '乗っ取り' }).expect(404);
    await betaAdmin.post(`/api/t/alpha/projects/${alpha.project}/exports`, { format: 'tsv' }).expect(404);
    await betaAdmin
      .post(`/api/t/alpha/tasks/${alpha.task}/review`, { decision: 'return', comment: 'x' })
      .expect(404);
  });

  it('answers 404 to tenant B for tenant A’s budget, payouts and invoices, by id and by URL', async () => {
    for (const path of [
      `/invoices/${alpha.invoice}`,
      `/invoices/${alpha.invoice}/pdf`,
      `/payouts/runs/${alpha.payoutRun}`,
      `/payouts/runs/${alpha.payoutRun}/zengin`,
      `/payouts/runs/${alpha.payoutRun}/statements/${alpha.payoutStatement}/pdf`,
      `/workers/${alpha.payoutWorker}/bank-account`,
    ])
      await betaAdmin.get(`/api/t/beta${path}`).expect(404);
    await betaAdmin
      .post(`/api/t/beta/budget/lines/${alpha.budgetLine}/adjustments`, { amount: 1, reason: '越境' })
      .expect(404);
    await betaAdmin.post(`/api/t/beta/payouts/runs/${alpha.payoutRun}/approve`, {}).expect(404);
    await betaAdmin
      .post(`/api/t/beta/invoices/${alpha.invoice}/payments`, { date: '2026-11-25', amount: 1 })
      .expect(404);
    for (const path of ['/budget/years/2026', '/payouts/runs', '/invoices', '/invoices/receivables'])
      await betaAdmin.get(`/api/t/alpha${path}`).expect(404);
  });

  it('answers 404 to tenant B for tenant A’s projects, tasks and deliverables through B’s own URL', async () => {
    const betaWorker = await t.signIn('worker@beta.test');
    const betaClient = await t.signIn('client@beta.test');
    for (const path of [
      `/projects/${alpha.project}`,
      `/projects/${alpha.project}/files/scan-1.png`,
      `/projects/${alpha.project}/imports/${alpha.import}`,
      `/projects/${alpha.project}/exports/${alpha.export}`,
      `/tasks/${alpha.task}`,
      `/deliverables/${alpha.export}`,
      `/orders/${alpha.workOrder}/deliverables`,
    ])
      await betaAdmin.get(`/api/t/beta${path}`).expect(404);
    await betaAdmin.patch(`/api/t/beta/projects/${alpha.project}`, { goldenPercent: 0 }).expect(404);
    await betaAdmin
      .put(`/api/t/beta/projects/${alpha.project}/files?name=x.png`)
      .set('content-type', 'image/png')
      .send(Buffer.from([1, 2, 3]))
      .expect(404);
    await betaAdmin
      .post(`/api/t/beta/projects/${alpha.project}/imports?format=lines`)
      .set('content-type', 'text/plain')
      .send('x')
      .expect(404);
    await betaAdmin.get(`/api/t/beta/orders/${alpha.workOrder}/progress`).expect(404);
    await betaAdmin.get(`/api/t/beta/members/${alpha.workerUser}/skills`).expect(404);
    await betaAdmin.put(`/api/t/beta/members/${alpha.workerUser}/skills`, { skills: [] }).expect(404);
    await betaAdmin.post(`/api/t/beta/projects/${alpha.project}/exports`, { format: 'tsv' }).expect(404);
    await betaAdmin.post(`/api/t/beta/tasks/${alpha.task}/review`, { decision: 'accept' }).expect(404);
    await betaAdmin
      .post(`/api/t/beta/tasks/${alpha.task}/adjudicate`, { submission: { text: 'x' } })
      .expect(404);
    await betaWorker.post(`/api/t/beta/tasks/${alpha.task}/claim`).expect(404);
    await betaWorker.put(`/api/t/beta/tasks/${alpha.task}/draft`, { draft: {} }).expect(404);
    await betaWorker
      .post(`/api/t/beta/tasks/${alpha.task}/submit`, { submission: { text: 'x' } })
      .expect(404);
    await betaWorker.delete(`/api/t/beta/tasks/${alpha.task}/lease`).expect(404);
    await betaClient.get(`/api/t/beta/deliverables/${alpha.export}`).expect(404);
    const accepted = (await alphaAdmin.get(`/api/t/alpha/tasks/${alpha.task}`).expect(200)).body;
    expect(accepted.status).toBe('accepted');
  });

  it('changed nothing in tenant A', async () => {
    const ws = (await alphaAdmin.get(`/api/t/alpha/workspaces/${alpha.workspace}`).expect(200)).body;
    expect(ws.seats).toBe(10);
    expect((await alphaAdmin.get('/api/t/alpha').expect(200)).body.nameEn).toBe('alpha renamed');
    expect(
      (await alphaAdmin.get('/api/t/alpha/invitations')).body.map((i: { status: string }) => i.status),
    ).toEqual(['pending']);
    expect((await alphaAdmin.get('/api/t/alpha/api-tokens')).body[0].revokedAt).toBeNull();
    const client = (await alphaAdmin.get(`/api/t/alpha/clients/${alpha.client}`).expect(200)).body;
    expect(client.name).toBe('alpha 商事');
    expect(client.users.map((u: { email: string }) => u.email)).toEqual(['client@alpha.test']);
    const order = (await alphaAdmin.get(`/api/t/alpha/orders/${alpha.order}`).expect(200)).body;
    expect(order).toMatchObject({ title: 'alpha 入力', status: 'draft', amount: 5000 });
    const members = (await alphaAdmin.get('/api/t/alpha/members')).body;
    expect(members.find((m: { id: string }) => m.id === alpha.member).role).toBe('worker');
    const audit = (await alphaAdmin.get('/api/t/alpha/audit?limit=200')).body;
    expect(audit.every((e: { actorName: string | null }) => !e.actorName?.includes('beta'))).toBe(true);
  });

  it('does not let an API token of tenant B act in tenant A', async () => {
    const token = (
      await betaAdmin.post('/api/t/beta/api-tokens', { name: 'b', role: 'tenant_admin' }).expect(201)
    ).body.secret;
    const { default: request } = await import('supertest');
    await request(t.app).get('/api/t/alpha/workspaces').set('Authorization', `Bearer ${token}`).expect(401);
  });
});

describe('cross-tenant access in the database', () => {
  it('has row-level security enabled and forced on every table with a tenant_id', async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThanOrEqual(6);
    expect(tables.filter((x) => !x.rls || !x.forced).map((x) => x.name)).toEqual([]);
  });

  it('shows the app role zero rows of any tenant table when no tenant is set', async () => {
    for (const { name } of await tenantTables()) {
      const owner = await t.db.asOwner((tx) =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(tx),
      );
      const app = await t.db.asApp({}, (tx) =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(tx),
      );
      expect({ name, rows: owner.rows[0]?.n }).not.toEqual({ name, rows: 0 }); // the data is there
      expect({ name, rows: app.rows[0]?.n }).toEqual({ name, rows: 0 });
    }
  });

  it('shows the app role with tenant A set zero rows of tenant B, and refuses to write B’s rows', async () => {
    for (const { name } of await tenantTables()) {
      const rows = await t.db.withTenant(t.tenants.alpha!, (tx) =>
        sql<{ tenant_id: string }>`SELECT DISTINCT tenant_id FROM ${sql.table(name)}`.execute(tx),
      );
      const allowed = [t.tenants.alpha, ...(PUBLISHED_BY_HUB.has(name) ? [t.tenants.hub] : [])];
      expect({
        name,
        others: rows.rows.map((r) => r.tenant_id).filter((id) => !allowed.includes(id)),
      }).toEqual({
        name,
        others: [],
      });
      // The hub's own working tables show a partner nothing; every other table shows alpha its own rows.
      if (!HUB_ONLY.has(name))
        expect({ name, own: rows.rows.some((r) => r.tenant_id === t.tenants.alpha) }).toEqual({
          name,
          own: true,
        });
    }
    const attempt = t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx
        .insertInto('workspaces')
        .values({
          tenant_id: t.tenants.beta!,
          name: '越境',
          kind: 'home',
          address: '',
          seats: 0,
          opening_hours: '[]',
          childcare: false,
        })
        .execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const updated = await t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx
        .updateTable('workspaces')
        .set({ seats: 99 })
        .where('tenant_id', '=', t.tenants.beta!)
        .executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
  });

  it('keeps the audit log append-only for the app role', async () => {
    await expect(
      t.db.withTenant(t.tenants.alpha!, (tx) => tx.updateTable('audit_log').set({ action: 'x' }).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(
      t.db.withTenant(t.tenants.alpha!, (tx) => tx.deleteFrom('audit_log').execute()),
    ).rejects.toThrow(/permission denied/);
  });

  it('runs the app role without BYPASSRLS and the tenant setting only transaction-locally', async () => {
    const role = await sql<{
      rolbypassrls: boolean;
      rolsuper: boolean;
    }>`SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'kado_app'`.execute(t.db.kysely);
    expect(role.rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
    await t.db.withTenant(t.tenants.alpha!, async () => {});
    const after = await t.db.asApp({}, (tx) =>
      sql<{ v: string | null }>`SELECT current_setting('kado.tenant_id', true) AS v`.execute(tx),
    );
    expect(after.rows[0]?.v ?? '').toBe('');
  });
});
