import { sql } from 'kysely';
import type request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthRange, tokyoMonth } from '../../src/kernel/tokyo.js';
import { PluginsService } from '../../src/modules/plugins/plugins.service.js';
import { PLUGIN_FIXTURES } from '../plugins/plugin-fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { makePartner, setHours } from '../support/sharing-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { acceptedOrder, enablePlugin, importFile, qualify } from '../support/work-flow.js';

/**
 * Issue #8, item 5, settlement: per month and partner, the tasks the partner accepted on the hub's offers ×
 * the offer's unit price, one statement both sides read, and on confirming, the hub's payable and the
 * partner's receivable posted in both ledgers for the same amount.
 */
let t: TestApp;
let hub: Client;
let alpha: Client;
let beta: Client;
let alphaDirector: Client;
let alphaWorker: Client;
let betaWorker: Client;
const ids: Record<string, string> = {};
const people: Record<string, string> = {};
/** Partner task ids each partner accepted, by slug. */
const accepted: Record<string, string[]> = { alpha: [], beta: [] };

const thisMonth = tokyoMonth(new Date());
const lastMonth = tokyoMonth(monthRange(thisMonth).from.getTime() - 1);
const nextMonth = tokyoMonth(monthRange(thisMonth).to);

type Statement = {
  id: string;
  month: string;
  status: string;
  partner: { slug: string };
  units: number;
  totalYen: number;
  lines: { offerId: string; units: number; unitPrice: number; amountYen: number }[];
  hubEntryId: string | null;
  partnerEntryId: string | null;
  monthEnded: boolean;
};
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
const of = (statements: Statement[], slug: string) => statements.find((s) => s.partner.slug === slug);

/** The partner's worker does `n` tasks of the project and the partner's admin accepts them. */
async function doAndAccept(admin: Client, worker: Client, slug: string, projectId: string, n: number) {
  for (let i = 0; i < n; i++) {
    const task = (await worker.post(`/api/t/${slug}/tasks/next`, { projectId }).expect(200)).body.task;
    expect(task).toBeTruthy();
    await worker
      .post(`/api/t/${slug}/tasks/${task.id}/submit`, { submission: { text: `結果 ${i}` } })
      .expect(200);
    await admin.post(`/api/t/${slug}/tasks/${task.id}/review`, { decision: 'accept' }).expect(200);
    accepted[slug]!.push(task.id);
  }
}

/** Moves the acceptance of these partner tasks to the 10th of `month` (Tokyo), as if reviewed then. */
async function acceptedIn(taskIds: string[], month: string) {
  const at = new Date(monthRange(month).from.getTime() + 9 * 86_400_000 + 3_600_000);
  await t.db.asOwner((tx) =>
    sql`UPDATE tasks SET accepted_at = ${at} WHERE id = ANY(${taskIds}::uuid[])`.execute(tx),
  );
}

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  await t.container.get(PluginsService).host.load([PLUGIN_FIXTURES]);
  hub = await t.signIn('hub_admin@hub.test');
  alpha = await t.signIn('tenant_admin@alpha.test');
  beta = await t.signIn('tenant_admin@beta.test');
  alphaDirector = await t.signIn('director@alpha.test');
  alphaWorker = await t.signIn('worker@alpha.test');
  betaWorker = await t.signIn('worker@beta.test');
  for (const [admin, slug, rate] of [
    [alpha, 'alpha', 30],
    [beta, 'beta', 20],
  ] as const) {
    await enablePlugin(admin, slug, 'minimal');
    await makePartner(t, slug, { minimal: rate });
    const worker = slug === 'alpha' ? alphaWorker : betaWorker;
    people[slug] = await qualify(admin, worker, slug, `worker@${slug}.test`, ['typing-ja']);
    await setHours(worker, slug);
  }
  await enablePlugin(hub, 'hub', 'minimal');
  const order = await acceptedOrder(hub, 'hub', {
    workType: 'minimal',
    parameters: { maxLength: 100 },
    title: '画像説明文 20件',
  });
  const lines = Array.from({ length: 20 }, (_, i) => `説明 ${i + 1}`).join('\n');
  expect((await importFile(hub, 'hub', order.projectId, 'lines', lines)).status).toBe('done');
  const share = (await hub.post(`/api/t/hub/orders/${order.orderId}/share`, {}).expect(201)).body;
  await hub
    .put(`/api/t/hub/shares/${share.id}/allocation`, {
      shares: { [t.tenants.alpha!]: 12, [t.tenants.beta!]: 8 },
    })
    .expect(200);
  const sent = (await hub.post(`/api/t/hub/shares/${share.id}/send`, {}).expect(200)).body;
  for (const [admin, worker, slug, n] of [
    [alpha, alphaWorker, 'alpha', 3],
    [beta, betaWorker, 'beta', 2],
  ] as const) {
    const offer = sent.offers.find((o: { partner: { slug: string } }) => o.partner.slug === slug);
    ids[`${slug}Offer`] = offer.id;
    const res = await admin.post(`/api/t/${slug}/offers/${offer.id}/accept`).expect(200);
    ids[`${slug}Project`] = res.body.partnerProjectId;
    await doAndAccept(admin, worker, slug, res.body.partnerProjectId, n);
  }
  // One more of alpha's tasks handed in but not yet reviewed: not accepted, not settled.
  const pending = (
    await alphaWorker.post('/api/t/alpha/tasks/next', { projectId: ids.alphaProject }).expect(200)
  ).body.task;
  await alphaWorker
    .post(`/api/t/alpha/tasks/${pending.id}/submit`, { submission: { text: '未検収' } })
    .expect(200);
});

describe('computing a month', () => {
  it('drafts this month’s statements: accepted tasks × the offer’s unit price, per partner', async () => {
    const res = await hub.post('/api/t/hub/settlements', { month: thisMonth }).expect(200);
    expect(res.body).toMatchObject({ month: thisMonth, monthEnded: false, removed: 0, keptConfirmed: 0 });
    const statements = res.body.statements as Statement[];
    expect(statements.map((s) => s.partner.slug)).toEqual(['alpha', 'beta']);
    expect(of(statements, 'alpha')).toMatchObject({
      status: 'draft',
      units: 3,
      totalYen: 90,
      monthEnded: false,
      hubEntryId: null,
      partnerEntryId: null,
      lines: [{ offerId: ids.alphaOffer, units: 3, unitPrice: 30, amountYen: 90 }],
    });
    expect(of(statements, 'beta')).toMatchObject({
      units: 2,
      totalYen: 40,
      lines: [{ offerId: ids.betaOffer, units: 2, unitPrice: 20, amountYen: 40 }],
    });
    ids.alphaDraft = of(statements, 'alpha')!.id;
    // Figures only: nothing names a partner's worker.
    const text = JSON.stringify(res.body);
    for (const slug of ['alpha', 'beta']) {
      expect(text).not.toContain(`worker@${slug}.test`);
      expect(text).not.toContain(people[slug]);
    }
  });

  it('is idempotent: running it again replaces the drafts in place', async () => {
    const again = (await hub.post('/api/t/hub/settlements', { month: thisMonth }).expect(200)).body;
    expect(of(again.statements, 'alpha')).toMatchObject({ id: ids.alphaDraft, units: 3, totalYen: 90 });
    expect(again.statements).toHaveLength(2);
    const rows = await t.db.asOwner((tx) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM hub_settlements WHERE month = ${thisMonth}`.execute(
        tx,
      ),
    );
    expect(rows.rows[0]!.n).toBe(2);
  });

  it('shows the partner the same statement, and only its own', async () => {
    const byHub = (await hub.get(`/api/t/hub/settlements/${ids.alphaDraft}`).expect(200)).body;
    const byAlpha = (await alpha.get(`/api/t/alpha/settlements/${ids.alphaDraft}`).expect(200)).body;
    expect(byAlpha).toEqual(byHub);
    expect(byAlpha.hub.slug).toBe('hub');
    const list = (await alphaDirector.get('/api/t/alpha/settlements').expect(200)).body as Statement[];
    expect(list.map((s) => s.id)).toEqual([ids.alphaDraft]);
    const hubList = (await hub.get(`/api/t/hub/settlements?month=${thisMonth}`).expect(200)).body;
    expect(hubList.map((s: Statement) => s.partner.slug)).toEqual(['alpha', 'beta']);
  });

  it('refuses to confirm a month that has not ended: a preview only, nothing posted', async () => {
    const res = await hub.post(`/api/t/hub/settlements/${ids.alphaDraft}/confirm`).expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toContain('まだ終わっていない');
    expect(res.body.detail).toContain('has not ended');
    expect((await hub.get(`/api/t/hub/settlements/${ids.alphaDraft}`).expect(200)).body.status).toBe('draft');
    const entries = (await hub.get('/api/t/hub/ledger/entries?sourceKind=hub_settlement').expect(200)).body;
    expect(entries).toEqual([]);
  });

  it('answers bad input with a problem and changes nothing', async () => {
    for (const month of ['2026-13', '2026-1', '26-01', 'abc', '']) {
      const res = await hub.post('/api/t/hub/settlements', { month }).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].pointer).toBe('/body/month');
    }
    await hub.post('/api/t/hub/settlements', {}).expect(400);
    await hub.post('/api/t/hub/settlements', { month: thisMonth, extra: 1 }).expect(400);
    const future = await hub.post('/api/t/hub/settlements', { month: nextMonth }).expect(422);
    expect(future.body.detail).toContain('まだ始まっていません');
    await hub.get('/api/t/hub/settlements?month=2026-00').expect(400);
    const unknown = crypto.randomUUID();
    await hub.get(`/api/t/hub/settlements/${unknown}`).expect(404);
    await hub.post(`/api/t/hub/settlements/${unknown}/confirm`).expect(404);
    await hub.get('/api/t/hub/settlements/not-a-uuid').expect(400);
    const rows = await t.db.asOwner((tx) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM hub_settlements`.execute(tx),
    );
    expect(rows.rows[0]!.n).toBe(2);
  });
});

describe('confirming last month', () => {
  it('moves the accepted work into last month: this month’s drafts go, last month’s are computed', async () => {
    await acceptedIn([...accepted.alpha!, ...accepted.beta!], lastMonth);
    const now = (await hub.post('/api/t/hub/settlements', { month: thisMonth }).expect(200)).body;
    expect(now).toMatchObject({ statements: [], removed: 2 });
    const res = (await hub.post('/api/t/hub/settlements', { month: lastMonth }).expect(200)).body;
    expect(res.monthEnded).toBe(true);
    expect(of(res.statements, 'alpha')).toMatchObject({ units: 3, totalYen: 90, status: 'draft' });
    expect(of(res.statements, 'beta')).toMatchObject({ units: 2, totalYen: 40, status: 'draft' });
    ids.alpha = of(res.statements, 'alpha')!.id;
    ids.beta = of(res.statements, 'beta')!.id;
  });

  it('posts the hub’s payable and the partner’s receivable for the same amount, to the yen', async () => {
    const res = await hub.post(`/api/t/hub/settlements/${ids.alpha}/confirm`).expect(200);
    expect(res.body).toMatchObject({ id: ids.alpha, status: 'confirmed', totalYen: 90 });
    expect(res.body.confirmedAt).toBeTruthy();
    const day = `${lastMonth}-${String(new Date(monthRange(lastMonth).to.getTime() - 1 + 9 * 3_600_000).getUTCDate())}`;
    expect(res.body.settlementDate).toBe(day);

    const hubEntries = (
      await hub.get(`/api/t/hub/ledger/entries?sourceKind=hub_settlement&sourceId=${ids.alpha}`).expect(200)
    ).body;
    expect(hubEntries).toHaveLength(1);
    expect(hubEntries[0]).toMatchObject({ id: res.body.hubEntryId, date: day });
    expect(
      hubEntries[0].lines.map((l: { account: string; amount: number }) => [l.account, l.amount]),
    ).toEqual([
      ['partner_costs', 90],
      ['payables_partners', -90],
    ]);
    const alphaEntries = (
      await alpha
        .get(`/api/t/alpha/ledger/entries?sourceKind=hub_settlement&sourceId=${ids.alpha}`)
        .expect(200)
    ).body;
    expect(alphaEntries).toHaveLength(1);
    expect(alphaEntries[0]).toMatchObject({ id: res.body.partnerEntryId, date: day });
    expect(
      alphaEntries[0].lines.map((l: { account: string; amount: number }) => [l.account, l.amount]),
    ).toEqual([
      ['receivables_hub', 90],
      ['revenue', -90],
    ]);

    // Both books balance, and the hub's payable equals the partner's receivable.
    const hubBalances = (await hub.get('/api/t/hub/ledger/balances').expect(200)).body;
    const alphaBalances = (await alpha.get('/api/t/alpha/ledger/balances').expect(200)).body;
    const balance = (b: { accounts: { code: string; balance: number }[] }, code: string) =>
      b.accounts.find((a) => a.code === code)!.balance;
    expect(hubBalances.total).toBe(0);
    expect(alphaBalances.total).toBe(0);
    expect(-balance(hubBalances, 'payables_partners')).toBe(balance(alphaBalances, 'receivables_hub'));
    expect(balance(alphaBalances, 'receivables_hub')).toBe(90);
    // Beta's book is untouched.
    const betaEntries = (await beta.get('/api/t/beta/ledger/entries?sourceKind=hub_settlement').expect(200))
      .body;
    expect(betaEntries).toEqual([]);

    // The partner sees the same confirmed statement.
    const byAlpha = (await alpha.get(`/api/t/alpha/settlements/${ids.alpha}`).expect(200)).body;
    expect(byAlpha).toEqual((await hub.get(`/api/t/hub/settlements/${ids.alpha}`).expect(200)).body);
    expect(byAlpha).toMatchObject({ status: 'confirmed', hubEntryId: res.body.hubEntryId });
  });

  it('refuses to confirm twice and posts nothing more', async () => {
    const res = await hub.post(`/api/t/hub/settlements/${ids.alpha}/confirm`).expect(409);
    expect(res.body.detail).toContain('確定済み');
    for (const [client, slug] of [
      [hub, 'hub'],
      [alpha, 'alpha'],
    ] as const) {
      const entries = (
        await client.get(`/api/t/${slug}/ledger/entries?sourceKind=hub_settlement`).expect(200)
      ).body;
      expect(entries).toHaveLength(1);
    }
  });

  it('never touches a confirmed statement when the month is computed again', async () => {
    // Another alpha task accepted, dated last month: a new draft would count 4, the confirmed one keeps 3.
    await doAndAccept(alpha, alphaWorker, 'alpha', ids.alphaProject!, 1);
    await acceptedIn(accepted.alpha!.slice(-1), lastMonth);
    const res = (await hub.post('/api/t/hub/settlements', { month: lastMonth }).expect(200)).body;
    expect(res.keptConfirmed).toBe(1);
    expect(of(res.statements, 'alpha')).toMatchObject({
      id: ids.alpha,
      status: 'confirmed',
      units: 3,
      totalYen: 90,
    });
    // The database refuses any change to a confirmed statement, whoever asks.
    await expect(
      t.db.asOwner((tx) => sql`UPDATE hub_settlements SET total_yen = 1 WHERE id = ${ids.alpha}`.execute(tx)),
    ).rejects.toThrow(/confirmed/);
    await expect(
      t.db.asOwner((tx) =>
        sql`DELETE FROM hub_settlement_lines WHERE settlement_id = ${ids.alpha}`.execute(tx),
      ),
    ).rejects.toThrow(/confirmed/);
  });

  it('refuses a draft whose figures changed since it was computed, until the month is computed again', async () => {
    await doAndAccept(beta, betaWorker, 'beta', ids.betaProject!, 1);
    await acceptedIn(accepted.beta!.slice(-1), lastMonth);
    const stale = await hub.post(`/api/t/hub/settlements/${ids.beta}/confirm`).expect(409);
    expect(stale.body.detail).toContain('再計算');
    expect((await beta.get(`/api/t/beta/settlements/${ids.beta}`).expect(200)).body.status).toBe('draft');
    await hub.post('/api/t/hub/settlements', { month: lastMonth }).expect(200);
    const res = await hub.post(`/api/t/hub/settlements/${ids.beta}/confirm`).expect(200);
    expect(res.body).toMatchObject({ status: 'confirmed', units: 3, totalYen: 60 });
    const betaEntries = (
      await beta.get(`/api/t/beta/ledger/entries?sourceKind=hub_settlement&sourceId=${ids.beta}`).expect(200)
    ).body;
    expect(betaEntries[0].lines.map((l: { amount: number }) => l.amount)).toEqual([60, -60]);
    const hubBalances = (await hub.get('/api/t/hub/ledger/balances').expect(200)).body;
    expect(hubBalances.accounts.find((a: { code: string }) => a.code === 'payables_partners').balance).toBe(
      -(90 + 60),
    );
  });
});

describe('the statement as a PDF', () => {
  it('prints the same statement for both sides; a draft is marked as such', async () => {
    const res = await alpha
      .get(`/api/t/alpha/settlements/${ids.alpha}/pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text } = await pdfText(res.body);
    expect(text).toContain('精算書');
    expect(text).toContain('alpha センター');
    expect(text).toContain('90円');
    expect(text).not.toContain('DRAFT');
    const byHub = await hub
      .get(`/api/t/hub/settlements/${ids.alpha}/pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((await pdfText(byHub.body)).text).toContain('90円');
    await hub.post('/api/t/hub/settlements', { month: thisMonth }).expect(200);
    await doAndAccept(alpha, alphaWorker, 'alpha', ids.alphaProject!, 1);
    const draft = of(
      (await hub.post('/api/t/hub/settlements', { month: thisMonth }).expect(200)).body.statements,
      'alpha',
    )!;
    ids.alphaNow = draft.id;
    const preview = await hub
      .get(`/api/t/hub/settlements/${draft.id}/pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((await pdfText(preview.body)).text).toContain('下書き / DRAFT');
    await beta.get(`/api/t/beta/settlements/${ids.alpha}/pdf`).expect(404);
  });
});

describe('isolation', () => {
  it('answers 404 to another partner for a statement by id, and leaves it out of its list', async () => {
    await beta.get(`/api/t/beta/settlements/${ids.alpha}`).expect(404);
    await beta.get(`/api/t/alpha/settlements/${ids.alpha}`).expect(404);
    await beta.get(`/api/t/hub/settlements/${ids.alpha}`).expect(404);
    const list = (await beta.get('/api/t/beta/settlements').expect(200)).body as Statement[];
    expect(list.map((s) => s.id)).toEqual([ids.beta]);
    expect(JSON.stringify(list)).not.toContain(ids.alpha);
    expect(
      (await alpha.get('/api/t/alpha/settlements').expect(200)).body.map((s: Statement) => s.id),
    ).toEqual([ids.alphaNow, ids.alpha]); // newest month first
  });

  it('lets neither a partner compute or confirm nor a partner’s worker read', async () => {
    await alpha.post('/api/t/alpha/settlements', { month: lastMonth }).expect(404); // hub-only
    await alpha.post(`/api/t/alpha/settlements/${ids.beta}/confirm`).expect(404);
    await alpha.post(`/api/t/hub/settlements/${ids.beta}/confirm`).expect(404);
    await alphaDirector.post(`/api/t/alpha/settlements/${ids.alpha}/confirm`).expect(404);
    expect([403, 404]).toContain((await alphaWorker.get('/api/t/alpha/settlements')).status);
    expect([403, 404]).toContain((await alphaWorker.get(`/api/t/alpha/settlements/${ids.alpha}`)).status);
    await alphaWorker.get(`/api/t/hub/settlements/${ids.alpha}`).expect(404);
  });

  it('shows the app role no statement without a tenant, and a partner only its own rows', async () => {
    for (const table of ['hub_settlements', 'hub_settlement_lines']) {
      const none = await t.db.asApp({}, (tx) =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx),
      );
      expect(none.rows[0]!.n).toBe(0);
      const seen = await t.db.withTenant(t.tenants.beta!, (tx) =>
        sql<{ tenant_id: string }>`SELECT DISTINCT tenant_id FROM ${sql.table(table)}`.execute(tx),
      );
      expect(seen.rows.map((r) => r.tenant_id)).toEqual([t.tenants.beta]);
    }
  });
});
