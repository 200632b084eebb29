import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInTenantScope } from '../../src/db/request-context.js';
import { tokyoDate } from '../../src/kernel/tokyo.js';
import { fiscalYearOf } from '../../src/modules/budget/budget.rules.js';
import { type BudgetCharge, BudgetService } from '../../src/modules/budget/budget.service.js';
import { TenantsService } from '../../src/modules/tenants/tenants.service.js';
import { seedBudget } from '../support/budget-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The budget (issue #7, part 2) over HTTP: lines per fiscal year, account and funding source; adjustments;
 * orders committing money on acceptance, refused over budget unless an admin overrides with a reason;
 * cancelling reverses; the report and the xlsx for the city; roles and tenant isolation.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let betaAdmin: Client;
let clientId: string;

const today = tokyoDate(new Date());
const fy = fiscalYearOf(today);
const year = `/api/t/alpha/budget/years/${fy}`;

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

interface Line {
  id: string;
  account: string;
  fundingSource: string;
  budget: number;
  committed: number;
  actual: number;
  available: number;
  note: string | null;
}
const lineOf = (body: { lines: Line[] }, account: string, source: string) =>
  body.lines.find((l) => l.account === account && l.fundingSource === source);

/** A draft order of `quantity` × ¥35 (per-unit data entry). */
async function order(quantity: number, title = 'アンケート入力') {
  return (
    await admin
      .post('/api/t/alpha/orders', {
        clientId,
        title,
        workType: 'data-entry',
        parameters: { form: { fields: [{ key: 'age', label: { ja: '年齢', en: 'Age' }, type: 'number' }] } },
        contractType: 'ukeoi',
        quantity,
        unitPrice: 35,
        deadline: '2027-03-25T17:00:00+09:00',
        qualityTarget: 98,
      })
      .expect(201)
  ).body as { id: string; amount: number };
}

const movementCount = async () =>
  ((await director.get(`${year}/movements?limit=1000`).expect(200)).body as unknown[]).length;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  await admin.put('/api/t/alpha/plugins/data-entry', { enabled: true }).expect(200);
  clientId = (
    await admin.post('/api/t/alpha/clients', { kind: 'company', name: '信州データ株式会社' }).expect(201)
  ).body.id;
});

describe('a year without a budget (uncontrolled)', () => {
  it('records an accepted order as a commitment and refuses nothing', async () => {
    const empty = (await director.get(year).expect(200)).body;
    expect(empty).toEqual({
      fiscalYear: fy,
      controlled: false,
      lines: [],
      totals: { budget: 0, committed: 0, actual: 0, available: 0 },
    });
    const o = await order(1200); // ¥42,000
    await director.post(`/api/t/alpha/orders/${o.id}/transitions`, { to: 'accepted' }).expect(200);
    const after = (await director.get(year).expect(200)).body;
    expect(after.controlled).toBe(false);
    expect(lineOf(after, 'worker_costs', 'order_revenue')).toMatchObject({
      budget: 0,
      committed: 42_000,
      actual: 0,
      available: -42_000,
      note: null,
    });
    const [m] = (await director.get(`${year}/movements`).expect(200)).body;
    expect(m).toMatchObject({
      date: today,
      kind: 'commitment',
      account: 'worker_costs',
      fundingSource: 'order_revenue',
      amount: 42_000,
      source: { kind: 'order', id: o.id },
      overrideReason: null,
      reversesId: null,
    });
  });
});

describe('lines and adjustments', () => {
  it('plans lines (admins only), bilingual, with what is already committed counted', async () => {
    const body = {
      account: 'worker_costs',
      fundingSource: 'order_revenue',
      amount: 100_000,
      note: '受注業務分',
    };
    await director.post(`${year}/lines`, body).expect(403);
    await worker.get(year).expect(403);
    const line = (await admin.post(`${year}/lines`, body).expect(201)).body;
    expect(line).toMatchObject({
      account: 'worker_costs',
      accountNameJa: '外注費（ワーカー）',
      accountNameEn: 'Worker costs',
      kind: 'expense',
      fundingSource: 'order_revenue',
      budget: 100_000,
      committed: 42_000,
      actual: 0,
      available: 58_000,
      note: '受注業務分',
    });
    const dup = await admin.post(`${year}/lines`, { ...body, amount: 1 }).expect(409);
    expect(dup.body.type).toBe('/api/problems/conflict');
    await admin
      .post(`${year}/lines`, { account: 'staff_costs', fundingSource: 'city_general_fund', amount: 500_000 })
      .expect(201);
    const revenue = (
      await admin
        .post(`${year}/lines`, { account: 'revenue', fundingSource: 'order_revenue', amount: 1_000_000 })
        .expect(201)
    ).body;
    expect(revenue).toMatchObject({ kind: 'revenue', budget: 1_000_000, note: '当初予算 / Initial budget' });
    const got = (await director.get(year).expect(200)).body;
    expect(got.controlled).toBe(true);
    expect(got.lines.map((l: Line) => l.account)).toEqual(['revenue', 'worker_costs', 'staff_costs']);
    // Totals are over expense lines: the revenue expected is not money to spend.
    expect(got.totals).toEqual({ budget: 600_000, committed: 42_000, actual: 0, available: 558_000 });
  });

  it('refuses bad input with a problem and writes nothing', async () => {
    const before = await movementCount();
    const lines = (await director.get(year).expect(200)).body.lines.length;
    const bad = [
      { account: 'training', fundingSource: 'national_grant', amount: 1.5 },
      { account: 'training', fundingSource: 'national_grant', amount: -1 },
      { account: 'training', fundingSource: 'national_grant', amount: '100' },
      { account: 'petty_cash', fundingSource: 'national_grant', amount: 100 },
      { account: 'training', fundingSource: 'furusato_tax', amount: 100 },
      { account: 'training', fundingSource: 'national_grant', amount: 100, extra: 1 },
    ];
    for (const body of bad) {
      const res = await admin.post(`${year}/lines`, body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const unknown = await admin
      .post(`${year}/lines`, { account: 'petty_cash', fundingSource: 'national_grant', amount: 100 })
      .expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ pointer: '/body/account', code: 'unknown_account' });
    await admin.post('/api/t/alpha/budget/years/1999/lines', bad[0]!).expect(400);
    const line = lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;
    await admin
      .post(`/api/t/alpha/budget/lines/${line.id}/adjustments`, { amount: 0, reason: 'x' })
      .expect(400);
    await admin.post(`/api/t/alpha/budget/lines/${line.id}/adjustments`, { amount: 10 }).expect(400);
    await admin
      .post(`/api/t/alpha/budget/lines/${line.id}/adjustments`, { amount: 10, reason: ' ' })
      .expect(400);
    expect(await movementCount()).toBe(before);
    expect((await director.get(year).expect(200)).body.lines).toHaveLength(lines);
  });

  it('adjusts a line (補正予算) up or down, never below what is committed and spent', async () => {
    const line = lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;
    const url = `/api/t/alpha/budget/lines/${line.id}/adjustments`;
    await director.post(url, { amount: 50_000, reason: '補正予算（9月議会）' }).expect(403);
    const up = (await admin.post(url, { amount: 50_000, reason: '補正予算（9月議会）' }).expect(201)).body;
    expect(up).toMatchObject({ budget: 150_000, committed: 42_000, available: 108_000 });
    const low = await admin.post(url, { amount: -120_000, reason: '減額' }).expect(409);
    expect(low.body.detail).toContain('/');
    const movements = (await director.get(`${year}/movements`).expect(200)).body;
    expect(movements[0]).toMatchObject({
      kind: 'budget',
      amount: 50_000,
      memo: '補正予算（9月議会）',
      source: null,
    });
  });
});

describe('orders against a controlled year', () => {
  it('commits an order accepted within budget', async () => {
    const o = await order(2000); // ¥70,000
    await admin.post(`/api/t/alpha/orders/${o.id}/transitions`, { to: 'accepted' }).expect(200);
    const line = lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;
    expect(line).toMatchObject({ budget: 150_000, committed: 112_000, available: 38_000 });
  });

  it('refuses an order over budget with 409 and the figures, and changes nothing', async () => {
    const o = await order(2000); // ¥70,000 > ¥38,000 left
    const before = await movementCount();
    const res = await director
      .post(`/api/t/alpha/orders/${o.id}/transitions`, { to: 'accepted' })
      .expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.type).toBe('/api/problems/over-budget');
    expect(res.body.budget).toEqual({
      fiscalYear: fy,
      account: 'worker_costs',
      fundingSource: 'order_revenue',
      budget: 150_000,
      committed: 112_000,
      actual: 0,
      requested: 70_000,
      shortfall: 32_000,
    });
    expect(res.body.title).toMatch(/^予算.* \/ Over budget/);
    expect((await admin.get(`/api/t/alpha/orders/${o.id}`).expect(200)).body.status).toBe('draft');
    expect((await admin.get(`/api/t/alpha/projects?orderId=${o.id}`).expect(200)).body).toEqual([]);
    expect(await movementCount()).toBe(before);

    // A director may not override (403); an empty reason is 400; both leave the order a draft.
    await director
      .post(`/api/t/alpha/orders/${o.id}/transitions`, {
        to: 'accepted',
        budgetOverride: { reason: '緊急案件' },
      })
      .expect(403);
    await admin
      .post(`/api/t/alpha/orders/${o.id}/transitions`, { to: 'accepted', budgetOverride: { reason: '   ' } })
      .expect(400);
    await admin
      .post(`/api/t/alpha/orders/${o.id}/transitions`, { to: 'accepted', budgetOverride: {} })
      .expect(400);
    expect((await admin.get(`/api/t/alpha/orders/${o.id}`).expect(200)).body.status).toBe('draft');
    expect(await movementCount()).toBe(before);

    // An admin overrides with a reason: accepted, the reason kept on the movement and in the audit log.
    await admin
      .post(`/api/t/alpha/orders/${o.id}/transitions`, {
        to: 'accepted',
        budgetOverride: { reason: '  市長決裁済みの緊急案件（補正予定）  ' },
      })
      .expect(200);
    const [m] = (await director.get(`${year}/movements`).expect(200)).body;
    expect(m).toMatchObject({
      kind: 'commitment',
      amount: 70_000,
      source: { kind: 'order', id: o.id },
      overrideReason: '市長決裁済みの緊急案件（補正予定）',
    });
    const audit = (await admin.get('/api/t/alpha/audit?action=budget.override').expect(200)).body;
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toMatchObject({
      kind: 'commitment',
      amount: 70_000,
      shortfall: 32_000,
      reason: '市長決裁済みの緊急案件（補正予定）',
      source: { kind: 'order', id: o.id },
    });
    const line = lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;
    expect(line).toMatchObject({ budget: 150_000, committed: 182_000, available: -32_000 });
  });

  it('reverses the commitment when an accepted order is cancelled', async () => {
    const [overridden] = (await director.get(`${year}/movements`).expect(200)).body;
    const id = overridden.source.id;
    await admin.post(`/api/t/alpha/orders/${id}/transitions`, { to: 'cancelled' }).expect(200);
    const [reversal] = (await director.get(`${year}/movements`).expect(200)).body;
    expect(reversal).toMatchObject({
      kind: 'commitment',
      amount: -70_000,
      source: { kind: 'order', id },
      reversesId: overridden.id,
    });
    const line = lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;
    expect(line).toMatchObject({ committed: 112_000, available: 38_000 });
    // A draft cancelled never committed anything: nothing to reverse.
    const before = await movementCount();
    const draft = await order(10);
    await admin.post(`/api/t/alpha/orders/${draft.id}/transitions`, { to: 'cancelled' }).expect(200);
    expect(await movementCount()).toBe(before);
  });
});

describe('report and export', () => {
  it('reports the twelve months April→March by funding source, and totals by source', async () => {
    const report = (await director.get(`${year}/report`).expect(200)).body;
    expect(report.fiscalYear).toBe(fy);
    expect(report.months.map((m: { month: string }) => m.month)).toEqual([
      ...['04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `${fy}-${m}`),
      ...['01', '02', '03'].map((m) => `${fy + 1}-${m}`),
    ]);
    const now = report.months.find((m: { month: string }) => m.month === today.slice(0, 7));
    expect(now.bySource.order_revenue).toEqual({ committed: 112_000, actual: 0 });
    expect(now.bySource.national_grant).toEqual({ committed: 0, actual: 0 });
    expect(now).toMatchObject({ committed: 112_000, actual: 0 });
    const others = report.months.filter((m: { month: string }) => m.month !== today.slice(0, 7));
    expect(others.every((m: { committed: number }) => m.committed === 0)).toBe(true);
    expect(report.bySource).toEqual([
      { fundingSource: 'city_general_fund', budget: 500_000, committed: 0, actual: 0, available: 500_000 },
      { fundingSource: 'national_grant', budget: 0, committed: 0, actual: 0, available: 0 },
      { fundingSource: 'order_revenue', budget: 150_000, committed: 112_000, actual: 0, available: 38_000 },
    ]);
  });

  it('streams a workbook with 予算, 月別 and 明細 sheets that exceljs opens', async () => {
    await worker.get(`${year}/export.xlsx`).expect(403);
    const res = await director.get(`${year}/export.xlsx`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`budget-alpha-${fy}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    expect(book.worksheets.map((s) => s.name)).toEqual(['予算 Lines', '月別 Months', '明細 Movements']);
    const lines = book.getWorksheet('予算 Lines')!;
    expect(lines.getRow(1).getCell(1).value).toBe('科目コード / Account');
    const rows = lines.getSheetValues().filter(Boolean) as unknown[][];
    const costs = rows.find((r) => r[1] === 'worker_costs')!;
    expect(costs.slice(2, 8)).toEqual([
      '外注費（ワーカー）',
      '受注収入 / Order revenue',
      150_000,
      112_000,
      0,
      38_000,
    ]);
    const months = book.getWorksheet('月別 Months')!;
    expect(months.getRow(2).getCell(1).value).toBe(`${fy}-04`);
    const movements = book.getWorksheet('明細 Movements')!;
    expect(movements.rowCount).toBe(1 + (await movementCount()));
    expect(movements.getRow(1).getCell(8).value).toBe('予算超過の理由 / Override reason');
  });
});

/** As the payouts and invoices modules do: in their own transaction, inside the tenant's scope. */
async function inAlpha(
  fn: (budget: BudgetService, tx: Parameters<BudgetService['recordActual']>[0]) => Promise<void>,
) {
  const tenant = (await t.container.get(TenantsService).findBySlug('alpha'))!;
  const budget = t.container.get(BudgetService);
  await runInTenantScope({ tenant, role: 'tenant_admin', actor: { userId: null, tokenId: null } }, () =>
    t.db.inTenant((tx) => fn(budget, tx)),
  );
}
const payout = (amount: number, id = 'run-2026-10'): BudgetCharge => ({
  date: today,
  account: 'worker_costs',
  amount,
  source: { kind: 'payout_run', id },
  memo: '報酬支払',
  fundingSource: 'order_revenue',
});
const workerCosts = async () =>
  lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;

describe('actuals recorded by other modules (payouts, invoices)', () => {
  it('settles open commitments first, so spending what was committed needs no extra room', async () => {
    await inAlpha((b, tx) => b.recordActual(tx, payout(50_000)));
    expect(await workerCosts()).toMatchObject({
      budget: 150_000,
      committed: 62_000,
      actual: 50_000,
      available: 38_000,
    });
    const [release, actual] = (await director.get(`${year}/movements`).expect(200)).body;
    expect([release.kind, release.amount, actual.kind, actual.amount].sort()).toEqual(
      [50_000, 50_000, 'actual', 'release'].sort(),
    );
  });

  it('refuses an actual beyond the room left, to the yen; never refuses revenue', async () => {
    // Room: 38,000 available + 62,000 still committed that an actual would settle.
    const err = await inAlpha((b, tx) => b.recordActual(tx, payout(100_001, 'run-big'))).catch((e) => e);
    expect(err?.type).toBe('over-budget');
    expect(err.budget).toMatchObject({ requested: 100_001, shortfall: 1 });
    await inAlpha((b, tx) =>
      b.recordActual(tx, {
        date: today,
        account: 'revenue',
        amount: 2_000_000,
        source: { kind: 'invoice', id: 'inv-1' },
        memo: '請求書 2026-0001',
      }),
    );
    const revenue = lineOf((await director.get(year).expect(200)).body, 'revenue', 'order_revenue')!;
    expect(revenue).toMatchObject({ budget: 1_000_000, actual: 2_000_000, available: -1_000_000 });
  });

  it('reverses an actual and its release together', async () => {
    await inAlpha((b, tx) => b.reverseSource(tx, { kind: 'payout_run', id: 'run-2026-10' }, '支払取消'));
    expect(await workerCosts()).toMatchObject({ committed: 112_000, actual: 0, available: 38_000 });
    // A second reversal finds nothing left to reverse.
    const before = await movementCount();
    await inAlpha((b, tx) => b.reverseSource(tx, { kind: 'payout_run', id: 'run-2026-10' }, '再取消'));
    expect(await movementCount()).toBe(before);
  });
});

describe('concurrent acceptance', () => {
  it('lets only one of two orders that each fit, but not both, take the last of the budget', async () => {
    const a = await order(1000, '同時受注 A'); // ¥35,000 each; ¥38,000 left
    const b = await order(1000, '同時受注 B');
    const results = await Promise.all(
      [a, b].map((o) => admin.post(`/api/t/alpha/orders/${o.id}/transitions`, { to: 'accepted' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const line = lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;
    expect(line).toMatchObject({ committed: 147_000, available: 3_000 });
    // Pay most of what is committed, then cancel the accepted order: only the still-open part comes back.
    await inAlpha((b, tx) => b.recordActual(tx, payout(140_000, 'run-partial')));
    expect(await workerCosts()).toMatchObject({ committed: 7_000, actual: 140_000, available: 3_000 });
    const accepted = results[0]!.status === 200 ? a : b;
    await admin.post(`/api/t/alpha/orders/${accepted.id}/transitions`, { to: 'cancelled' }).expect(200);
    expect(await workerCosts()).toMatchObject({ committed: 0, actual: 140_000, available: 10_000 });
  });
});

describe('roles and isolation', () => {
  it('lets a director read everything but write nothing', async () => {
    await director.get(year).expect(200);
    await director.get(`${year}/report`).expect(200);
    await director.get(`${year}/movements`).expect(200);
    await director
      .post(`${year}/lines`, { account: 'training', fundingSource: 'national_grant', amount: 1 })
      .expect(403);
    const line = lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;
    await director
      .post(`/api/t/alpha/budget/lines/${line.id}/adjustments`, { amount: 1, reason: 'x' })
      .expect(403);
  });

  it('answers 404 to another centre for alpha’s lines and URLs, and never shows them in its own year', async () => {
    const line = lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;
    const res = await betaAdmin
      .post(`/api/t/beta/budget/lines/${line.id}/adjustments`, { amount: 1_000_000, reason: '越境' })
      .expect(404);
    expect(res.body.type).toBe('/api/problems/not-found');
    await betaAdmin.get(year).expect(404);
    await betaAdmin.get(`${year}/export.xlsx`).expect(404);
    await betaAdmin
      .post(`/api/t/alpha/budget/lines/${line.id}/adjustments`, { amount: 1, reason: '越境' })
      .expect(404);
    const beta = (await betaAdmin.get(`/api/t/beta/budget/years/${fy}`).expect(200)).body;
    expect(beta).toMatchObject({ controlled: false, lines: [] });
    expect((await betaAdmin.get(`/api/t/beta/budget/years/${fy}/movements`).expect(200)).body).toEqual([]);
    // Unchanged in alpha.
    const after = lineOf((await director.get(year).expect(200)).body, 'worker_costs', 'order_revenue')!;
    expect(after.budget).toBe(150_000);
  });

  it('keeps each centre’s lines and movements to itself in the database too (row-level security)', async () => {
    const { budgetLine } = await seedBudget(betaAdmin, betaAdmin, 'beta');
    expect(budgetLine).toBeTruthy();
    for (const table of ['budget_lines', 'budget_movements']) {
      const seen = await t.db.withTenant(t.tenants.alpha!, (tx) =>
        sql<{ tenant_id: string }>`SELECT DISTINCT tenant_id FROM ${sql.table(table)}`.execute(tx),
      );
      expect(seen.rows.map((r) => r.tenant_id)).toEqual([t.tenants.alpha]);
      const none = await t.db.asApp({}, (tx) =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx),
      );
      expect(none.rows[0]?.n).toBe(0);
    }
    // Append-only: not even an alpha admin's transaction may change a movement.
    await expect(
      t.db.withTenant(t.tenants.alpha!, (tx) =>
        tx.updateTable('budget_movements').set({ memo: 'x' }).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
