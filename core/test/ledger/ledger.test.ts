import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_ACCOUNTS } from '../../src/modules/ledger/ledger.rules.js';
import { seedLedger } from '../support/ledger-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The ledger (issue #7, part 1): a double-entry book per tenant in integer yen. Entries balance — refused
 * otherwise by the API and by the database itself — are append-only, and corrected by reversal.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let hubAdmin: Client;
let betaAdmin: Client;
let alphaId: string;

const entry = (extra: object = {}) => ({
  date: '2026-05-15',
  memo: '5月分 データ入力業務 請求',
  lines: [
    { account: 'receivables_clients', amount: 110_000 },
    { account: 'revenue', amount: -110_000 },
  ],
  ...extra,
});

const balanceOf = (body: { accounts: { code: string; balance: number }[] }, code: string) =>
  body.accounts.find((a) => a.code === code)?.balance;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  hubAdmin = await t.signIn('hub_admin@hub.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  alphaId = t.tenants.alpha!;
});

describe('accounts', () => {
  it('seeds the standard accounts on first use, bilingual, for staff only', async () => {
    const accounts = (await director.get('/api/t/alpha/ledger/accounts').expect(200)).body;
    expect(accounts.map((a: { code: string }) => a.code)).toEqual(STANDARD_ACCOUNTS.map((a) => a.code));
    expect(accounts[0]).toEqual({ code: 'cash', nameJa: '現金', nameEn: 'Cash', kind: 'asset' });
    await worker.get('/api/t/alpha/ledger/accounts').expect(403);
  });
});

describe('posting, reversing and balances', () => {
  let posted: { id: string };

  it('posts a balanced entry (admins; directors read only) and lists it', async () => {
    await director.post('/api/t/alpha/ledger/entries', entry()).expect(403);
    posted = (await admin.post('/api/t/alpha/ledger/entries', entry()).expect(201)).body;
    expect(posted).toMatchObject({
      date: '2026-05-15',
      memo: '5月分 データ入力業務 請求',
      reversesId: null,
      reversedById: null,
      lines: [
        { lineNo: 1, account: 'receivables_clients', amount: 110_000 },
        { lineNo: 2, account: 'revenue', amount: -110_000 },
      ],
    });
    const list = (await director.get('/api/t/alpha/ledger/entries?account=revenue').expect(200)).body;
    expect(list.map((e: { id: string }) => e.id)).toContain(posted.id);
    expect((await director.get('/api/t/alpha/ledger/entries?account=training').expect(200)).body).toEqual([]);
  });

  it('replays a post sent again with the same Idempotency-Key instead of booking it twice', async () => {
    const body = entry({
      date: '2026-05-20',
      memo: '研修費 支払',
      lines: [
        { account: 'training', amount: 30_000 },
        { account: 'cash', amount: -30_000 },
      ],
    });
    const first = await admin
      .post('/api/t/alpha/ledger/entries', body)
      .set('Idempotency-Key', 'ledger-k1')
      .expect(201);
    const again = await admin
      .post('/api/t/alpha/ledger/entries', body)
      .set('Idempotency-Key', 'ledger-k1')
      .expect(201);
    expect(again.body.id).toBe(first.body.id);
    const training = (await director.get('/api/t/alpha/ledger/entries?account=training').expect(200)).body;
    expect(training).toHaveLength(1);
  });

  it('reports balances as of a date, and they always sum to zero', async () => {
    const before = (await director.get('/api/t/alpha/ledger/balances?asOf=2026-05-14').expect(200)).body;
    expect(balanceOf(before, 'revenue')).toBe(0);
    const after = (await director.get('/api/t/alpha/ledger/balances?asOf=2026-05-31').expect(200)).body;
    expect(after.asOf).toBe('2026-05-31');
    expect(balanceOf(after, 'receivables_clients')).toBe(110_000);
    expect(balanceOf(after, 'revenue')).toBe(-110_000);
    expect(balanceOf(after, 'training')).toBe(30_000);
    expect(balanceOf(after, 'cash')).toBe(-30_000);
    expect(after.total).toBe(0);
  });

  it('corrects by a reversing entry that negates every line, once only', async () => {
    await director.post(`/api/t/alpha/ledger/entries/${posted.id}/reverse`, { memo: '誤り' }).expect(403);
    const early = await admin
      .post(`/api/t/alpha/ledger/entries/${posted.id}/reverse`, { memo: '誤り', date: '2026-05-01' })
      .expect(422);
    expect(early.body.errors[0].pointer).toBe('/body/date');
    const reversal = (
      await admin
        .post(`/api/t/alpha/ledger/entries/${posted.id}/reverse`, {
          memo: '金額誤りのため取消',
          date: '2026-06-01',
        })
        .expect(201)
    ).body;
    expect(reversal).toMatchObject({
      date: '2026-06-01',
      reversesId: posted.id,
      lines: [
        { account: 'receivables_clients', amount: -110_000 },
        { account: 'revenue', amount: 110_000 },
      ],
    });
    await admin.post(`/api/t/alpha/ledger/entries/${posted.id}/reverse`, { memo: 'again' }).expect(409);
    await admin.post(`/api/t/alpha/ledger/entries/${reversal.id}/reverse`, { memo: 'undo' }).expect(409);
    const list = (await director.get('/api/t/alpha/ledger/entries?from=2026-05-15&to=2026-05-15').expect(200))
      .body;
    expect(list.find((e: { id: string }) => e.id === posted.id).reversedById).toBe(reversal.id);
    // Still there on its date; netted to zero from the reversal's date on.
    const may = (await director.get('/api/t/alpha/ledger/balances?asOf=2026-05-31').expect(200)).body;
    expect(balanceOf(may, 'revenue')).toBe(-110_000);
    const june = (await director.get('/api/t/alpha/ledger/balances?asOf=2026-06-30').expect(200)).body;
    expect(balanceOf(june, 'revenue')).toBe(0);
    expect(balanceOf(june, 'receivables_clients')).toBe(0);
    expect(june.total).toBe(0);
  });

  it('lets hub admins keep their own book', async () => {
    const { journalEntry } = await seedLedger(hubAdmin, 'hub');
    const hubEntries = (await hubAdmin.get('/api/t/hub/ledger/entries').expect(200)).body;
    expect(hubEntries.map((e: { id: string }) => e.id)).toEqual([journalEntry]);
  });
});

describe('an unbalanced entry', () => {
  it('is refused by the API with a bilingual problem naming each bad line, and nothing is written', async () => {
    const count = async () =>
      (await director.get('/api/t/alpha/ledger/entries?limit=500').expect(200)).body.length;
    const n = await count();
    const unbalanced = await admin
      .post(
        '/api/t/alpha/ledger/entries',
        entry({
          lines: [
            { account: 'cash', amount: 1000 },
            { account: 'revenue', amount: -999 },
          ],
        }),
      )
      .expect(400);
    expect(unbalanced.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unbalanced.body.errors).toEqual([
      expect.objectContaining({ pointer: '/body/lines', code: 'unbalanced' }),
    ]);
    expect(unbalanced.body.errors[0].detail).toMatch(
      /借方と貸方が一致しません.*\/ Debits and credits differ by 1 yen/,
    );
    const bad = await admin
      .post(
        '/api/t/alpha/ledger/entries',
        entry({
          lines: [
            { account: 'cash', amount: 10.5 },
            { account: 'petty_cash', amount: -10 },
            { account: 'revenue', amount: 0 },
          ],
        }),
      )
      .expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/lines/0/amount',
      '/body/lines/1/account',
      '/body/lines/2/amount',
    ]);
    await admin
      .post('/api/t/alpha/ledger/entries', entry({ lines: [{ account: 'cash', amount: 5 }] }))
      .expect(400);
    expect(await count()).toBe(n);
  });

  it('is refused by the database itself at commit, as the app role inside the tenant', async () => {
    const write = (lines: [string, number][]) =>
      t.db.withTenant(alphaId, async (tx) => {
        const { rows } = await sql<{ id: string }>`
          INSERT INTO journal_entries (tenant_id, entry_date, memo)
          VALUES (kado_current_tenant(), '2026-07-01', 'raw') RETURNING id`.execute(tx);
        let no = 0;
        for (const [account, amount] of lines)
          await sql`INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_code, amount)
                    VALUES (kado_current_tenant(), ${rows[0]!.id}, ${++no}, ${account}, ${amount})`.execute(
            tx,
          );
      });
    await expect(
      write([
        ['cash', 100],
        ['revenue', -99],
      ]),
    ).rejects.toThrow(/does not balance/);
    await expect(write([['cash', 100]])).rejects.toThrow(/at least two/);
    await expect(write([])).rejects.toThrow(/at least two/);
    await expect(
      write([
        ['cash', 100],
        ['revenue', 0],
      ]),
    ).rejects.toThrow(/check constraint/);
    await write([
      ['cash', 100],
      ['revenue', -100],
    ]); // balanced: committed
    const raw = (await director.get('/api/t/alpha/ledger/entries?from=2026-07-01&to=2026-07-01').expect(200))
      .body;
    expect(raw).toHaveLength(1);
    // Lines added later to a committed entry are checked too: the entry must still balance.
    await expect(
      t.db.withTenant(alphaId, (tx) =>
        sql`INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_code, amount)
            VALUES (kado_current_tenant(), ${raw[0].id}, 3, 'cash', 1)`.execute(tx),
      ),
    ).rejects.toThrow(/does not balance/);
  });
});

describe('append-only', () => {
  it('refuses UPDATE and DELETE of entries and lines to the app role and even to the owner', async () => {
    for (const statement of [
      sql`UPDATE journal_lines SET amount = amount * 2`,
      sql`UPDATE journal_entries SET memo = 'edited'`,
      sql`DELETE FROM journal_lines`,
      sql`DELETE FROM journal_entries`,
    ]) {
      await expect(t.db.withTenant(alphaId, (tx) => statement.execute(tx))).rejects.toThrow(
        /permission denied/,
      );
      await expect(t.db.asOwner((tx) => statement.execute(tx))).rejects.toThrow(/append-only/);
    }
    await expect(t.db.asOwner((tx) => sql`TRUNCATE journal_lines`.execute(tx))).rejects.toThrow(
      /append-only/,
    );
    const books = (await director.get('/api/t/alpha/ledger/balances?asOf=2026-12-31').expect(200)).body;
    expect(books.total).toBe(0);
    expect(balanceOf(books, 'training')).toBe(30_000);
  });
});

describe('tenant isolation', () => {
  it('answers 404 in another tenant for every route that names an entry, and shows none of its rows', async () => {
    const { journalEntry } = await seedLedger(admin, 'alpha');
    await betaAdmin.post(`/api/t/beta/ledger/entries/${journalEntry}/reverse`, { memo: 'x' }).expect(404);
    // Alpha's admin is no member of beta: every ledger route of beta answers 404.
    for (const url of [
      '/api/t/beta/ledger/accounts',
      '/api/t/beta/ledger/entries',
      '/api/t/beta/ledger/balances',
    ])
      await admin.get(url).expect(404);
    await admin.post('/api/t/beta/ledger/entries', entry()).expect(404);
    await admin.post(`/api/t/beta/ledger/entries/${journalEntry}/reverse`, { memo: 'x' }).expect(404);
    expect((await betaAdmin.get('/api/t/beta/ledger/entries').expect(200)).body).toEqual([]);
    const beta = (await betaAdmin.get('/api/t/beta/ledger/balances?asOf=2030-01-01').expect(200)).body;
    expect(beta.accounts.every((a: { balance: number }) => a.balance === 0)).toBe(true);
    // Beta's own entry on the same account codes leaves alpha's balances alone.
    await seedLedger(betaAdmin, 'beta');
    const alphaCash = balanceOf(
      (await director.get('/api/t/alpha/ledger/balances?asOf=2030-01-01').expect(200)).body,
      'cash',
    );
    expect(alphaCash).toBe(-30_000 + 100 + 1_000_000);
    // Nor can the database be told to book into another tenant from inside this one.
    await expect(
      t.db.withTenant(alphaId, (tx) =>
        sql`INSERT INTO journal_entries (tenant_id, entry_date, memo) VALUES (${t.tenants.beta!}, '2026-07-01', 'x')`.execute(
          tx,
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('shows no ledger rows at all to the app role without a tenant', async () => {
    const counts = await t.db.asApp({}, async (tx) => {
      const { rows } = await sql<{ accounts: number; entries: number; lines: number }>`
        SELECT (SELECT count(*)::int FROM ledger_accounts) AS accounts,
               (SELECT count(*)::int FROM journal_entries) AS entries,
               (SELECT count(*)::int FROM journal_lines) AS lines`.execute(tx);
      return rows[0];
    });
    expect(counts).toEqual({ accounts: 0, entries: 0, lines: 0 });
    const owner = await t.db.asOwner(
      async (tx) =>
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM journal_entries`.execute(tx)).rows[0]!.n,
    );
    expect(owner).toBeGreaterThan(0);
  });
});
