import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumptionTax } from '../../src/modules/invoices/tax.js';
import { invoiceSettings } from '../support/invoices-seed.js';
import { pdfText } from '../support/pdf-text.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Client invoices (issue #7, part 4) over HTTP on the real database: settings, drafts, issuing (number,
 * snapshots, ledger), the PDF, payments, voiding, exports, bad input, roles and tenant isolation.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let clientPerson: Client;
let betaAdmin: Client;
let clientId: string;

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const count = (table: 'invoices' | 'invoice_items' | 'invoice_payments' | 'invoice_settings') =>
  t.db.asOwner(async (tx) =>
    Number(
      (
        await tx
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', t.tenants.alpha!)
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

const domainExample = (extra: object = {}) => ({
  clientId,
  issueDate: '2026-11-25',
  items: [
    { description: 'データ入力（第1回）', quantity: 1, unitPrice: 105, taxRate: 10 },
    { description: 'データ入力（第2回）', quantity: 1, unitPrice: 105, taxRate: 10 },
    { description: 'データ入力（第3回）', quantity: 1, unitPrice: 105, taxRate: 10 },
  ],
  ...extra,
});

const balanceOf = async (code: string) => {
  const b = (await admin.get('/api/t/alpha/ledger/balances?asOf=2027-12-31').expect(200)).body;
  expect(b.total).toBe(0);
  return b.accounts.find((a: { code: string }) => a.code === code)?.balance ?? 0;
};

const draft = async (body: object = domainExample()) =>
  (await admin.post('/api/t/alpha/invoices', body).expect(201)).body;
const issue = async (id: string) => (await admin.post(`/api/t/alpha/invoices/${id}/issue`).expect(200)).body;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  clientPerson = await t.signIn('client@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  clientId = (
    await admin
      .post('/api/t/alpha/clients', {
        kind: 'company',
        name: '信州データ株式会社',
        invoice: { billingAddress: '長野県松本市中央1-1-1', registrationNumber: 'T7000012050002' },
      })
      .expect(201)
  ).body.id;
  const members = (await admin.get('/api/t/alpha/members').expect(200)).body;
  const person = members.find((m: { email: string }) => m.email === 'client@alpha.test').userId;
  await admin.post(`/api/t/alpha/clients/${clientId}/users`, { userId: person }).expect(200);
});

describe('settings', () => {
  it('start unconfigured, and issuing without them is a bilingual 409', async () => {
    expect((await director.get('/api/t/alpha/invoices/settings').expect(200)).body).toMatchObject({
      configured: false,
    });
    const d = await draft();
    const res = await admin.post(`/api/t/alpha/invoices/${d.id}/issue`).expect(409);
    expect(res.body.detail).toMatch(/発行者設定.*\/ Invoice settings/);
    expect((await admin.get(`/api/t/alpha/invoices/${d.id}`).expect(200)).body.status).toBe('draft');
    await admin.delete(`/api/t/alpha/invoices/${d.id}`).expect(204);
  });

  it.each([
    ['a wrong check digit', 'T1234567890123'],
    ['12 digits', 'T123456789012'],
    ['no T', '7000012050002'],
    ['full-width digits', 'T７０００0１２０５０００２'],
  ])('refuse a registration number with %s: 400 with a pointer, nothing written', async (_label, number) => {
    const res = await admin
      .put('/api/t/alpha/invoices/settings', { ...invoiceSettings('alpha'), registrationNumber: number })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/body/registrationNumber');
    expect(res.body.errors[0].detail).toMatch(/登録番号.* \/ An invoice registration number/);
    expect(await count('invoice_settings')).toBe(0);
  });

  it('are written by admins only and read by staff', async () => {
    await director.put('/api/t/alpha/invoices/settings', invoiceSettings('alpha')).expect(403);
    await worker.get('/api/t/alpha/invoices/settings').expect(403);
    const saved = (await admin.put('/api/t/alpha/invoices/settings', invoiceSettings('alpha')).expect(200))
      .body;
    expect(saved).toEqual({ configured: true, ...invoiceSettings('alpha') });
    expect((await director.get('/api/t/alpha/invoices/settings').expect(200)).body).toEqual(saved);
  });
});

describe('a qualified invoice', () => {
  let inv: { id: string; items: unknown[] };

  it('is a draft with no number, totalled live: three lines of ¥105 at 10 %, down → tax ¥31', async () => {
    inv = await draft(
      domainExample({
        items: [
          ...domainExample().items,
          { description: '会議用 弁当', quantity: 3, unitPrice: 333, taxRate: 8 },
        ],
        note: '11月分',
      }),
    );
    expect(inv).toMatchObject({
      number: null,
      status: 'draft',
      client: { id: clientId, name: '信州データ株式会社' },
      issueDate: '2026-11-25',
      dueDate: null,
      rounding: 'down',
      totalsByRate: [
        { rate: 10, net: 315, tax: 31, gross: 346 },
        { rate: 8, net: 999, tax: 79, gross: 1078 },
      ],
      subtotal: 1314,
      tax: 110,
      total: 1424,
      paid: 0,
      outstanding: 0,
      issuer: { name: 'alpha テレワークセンター', registrationNumber: 'T7000012050002' },
    });
    expect(inv.items[3]).toEqual({
      lineNo: 4,
      description: '会議用 弁当',
      quantity: 3,
      unitPrice: 333,
      taxRate: 8,
      amount: 999,
    });
  });

  it('previews a draft as a PDF marked 下書き / DRAFT with no number', async () => {
    const res = await director
      .get(`/api/t/alpha/invoices/${inv.id}/pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text } = await pdfText(res.body);
    expect(text).toContain('下書き / DRAFT');
    expect(text).toContain('請求書');
    expect(text).not.toContain('請求書番号');
  });

  it('is issued: numbered in its fiscal year, snapshotted, due by the payment terms', async () => {
    await director.post(`/api/t/alpha/invoices/${inv.id}/issue`).expect(403);
    const issued = await issue(inv.id);
    expect(issued).toMatchObject({
      number: '2026-0001',
      status: 'issued',
      dueDate: '2026-12-25',
      subtotal: 1314,
      tax: 110,
      total: 1424,
      outstanding: 1424,
      overdue: false,
      issuer: { name: 'alpha テレワークセンター', registrationNumber: 'T7000012050002' },
    });
    expect(issued.issuedAt).toBeTruthy();
    // Stored per rate, once.
    const row = await t.db.asOwner((tx) =>
      tx
        .selectFrom('invoices')
        .select(['net_10', 'tax_10', 'net_8', 'tax_8'])
        .where('id', '=', inv.id)
        .executeTakeFirstOrThrow(),
    );
    expect(Object.values(row).map(Number)).toEqual([315, 31, 999, 79]);
    inv = issued;
  });

  it('keeps what was issued when the client and settings change later', async () => {
    await admin.patch(`/api/t/alpha/clients/${clientId}`, { name: '信州データ株式会社（新）' }).expect(200);
    await admin
      .put('/api/t/alpha/invoices/settings', {
        ...invoiceSettings('alpha'),
        rounding: 'up',
        issuerName: '新名称',
      })
      .expect(200);
    const again = (await admin.get(`/api/t/alpha/invoices/${inv.id}`).expect(200)).body;
    expect(again).toMatchObject({
      client: { name: '信州データ株式会社' },
      rounding: 'down',
      tax: 110,
      issuer: { name: 'alpha テレワークセンター' },
    });
    await admin.patch(`/api/t/alpha/clients/${clientId}`, { name: '信州データ株式会社' }).expect(200);
    await admin.put('/api/t/alpha/invoices/settings', invoiceSettings('alpha')).expect(200);
  });

  it('prints a qualified invoice in Japanese: 登録番号, date, 御中, amounts per rate, total, rounding', async () => {
    const res = await admin.get(`/api/t/alpha/invoices/${inv.id}/pdf`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toContain('invoice-2026-0001.pdf');
    const { text } = await pdfText(res.body);
    for (const expected of [
      '請求書',
      '請求書番号: 2026-0001',
      'alpha テレワークセンター',
      '登録番号: T7000012050002',
      '請求日: 2026年11月25日',
      '信州データ株式会社 御中',
      '税率ごとの合計',
      '10%対象',
      '315円',
      '31円',
      '346円',
      '8%対象（軽減税率※）',
      '999円',
      '79円',
      '1,078円',
      '1,424円',
      '※は軽減税率（8%）対象です。',
      '端数処理: 切り捨て',
      'お支払期限: 2026年12月25日',
      '八十二銀行 塩尻支店',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('DRAFT');
  });

  it('books Dr receivables / Cr revenue / Cr tax_payable, balanced, and receivables match outstanding', async () => {
    const entries = (
      await admin.get(`/api/t/alpha/ledger/entries?sourceKind=invoice&sourceId=${inv.id}`).expect(200)
    ).body;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      date: '2026-11-25',
      lines: [
        { account: 'receivables_clients', amount: 1424 },
        { account: 'revenue', amount: -1314 },
        { account: 'tax_payable', amount: -110 },
      ],
    });
    const receivables = (await director.get('/api/t/alpha/invoices/receivables').expect(200)).body;
    expect(receivables.total).toBe(1424);
    expect(receivables.invoices.map((i: { id: string }) => i.id)).toEqual([inv.id]);
    expect(await balanceOf('receivables_clients')).toBe(receivables.total);
  });

  it('cannot be issued twice, edited or deleted once issued', async () => {
    const res = await admin.post(`/api/t/alpha/invoices/${inv.id}/issue`).expect(409);
    expect(res.body.detail).toContain('2026-0001');
    await admin.patch(`/api/t/alpha/invoices/${inv.id}`, { note: 'x' }).expect(409);
    await admin.delete(`/api/t/alpha/invoices/${inv.id}`).expect(409);
    // Nor its items, even by the owner writing directly.
    await expect(
      t.db.withTenant(t.tenants.alpha!, (tx) =>
        tx.updateTable('invoice_items').set({ description: 'x' }).where('invoice_id', '=', inv.id).execute(),
      ),
    ).rejects.toThrow(/cannot change/);
    // Its client cannot be deleted either: a clear 409, not a database error.
    const res2 = await admin.delete(`/api/t/alpha/clients/${clientId}`).expect(409);
    expect(res2.body.detail).toContain('請求書');
    await admin.get(`/api/t/alpha/clients/${clientId}`).expect(200);
  });

  it('takes a partial then a full payment (paid), refusing over-payment with 422', async () => {
    const part = (
      await admin
        .post(`/api/t/alpha/invoices/${inv.id}/payments`, { date: '2026-12-01', amount: 1000 })
        .expect(200)
    ).body;
    expect(part).toMatchObject({ status: 'issued', paid: 1000, outstanding: 424 });
    expect(await balanceOf('receivables_clients')).toBe(424);
    const over = await admin
      .post(`/api/t/alpha/invoices/${inv.id}/payments`, { date: '2026-12-02', amount: 425 })
      .expect(422);
    expect(over.body.errors[0].pointer).toBe('/body/amount');
    expect(over.body.detail).toMatch(/未収額.* \/ The payment of 425 yen exceeds the 424 yen outstanding/);
    const full = (
      await admin
        .post(`/api/t/alpha/invoices/${inv.id}/payments`, { date: '2026-12-10', amount: 424 })
        .expect(200)
    ).body;
    expect(full).toMatchObject({ status: 'paid', paid: 1424, outstanding: 0 });
    expect(full.payments.map((p: { date: string; amount: number }) => [p.date, p.amount])).toEqual([
      ['2026-12-01', 1000],
      ['2026-12-10', 424],
    ]);
    await admin
      .post(`/api/t/alpha/invoices/${inv.id}/payments`, { date: '2026-12-11', amount: 1 })
      .expect(422);
    expect(await balanceOf('receivables_clients')).toBe(0);
    expect(await balanceOf('cash')).toBe(1424);
    expect((await admin.get('/api/t/alpha/invoices/receivables').expect(200)).body.total).toBe(0);
    // Paid invoices are not voided.
    await admin.post(`/api/t/alpha/invoices/${inv.id}/void`, { reason: '誤り' }).expect(409);
  });

  it('refuses bad payments with 400 and writes nothing', async () => {
    const before = await count('invoice_payments');
    for (const body of [
      { date: '2026-12-01', amount: 1.5 },
      { date: '2026-12-01', amount: -5 },
      { date: '2026-12-01', amount: 0 },
      { date: '2026-02-30', amount: 1 },
    ])
      await admin.post(`/api/t/alpha/invoices/${inv.id}/payments`, body).expect(400);
    expect(await count('invoice_payments')).toBe(before);
  });
});

describe('voiding', () => {
  it('reverses the ledger entry of an issued, unpaid invoice and keeps its number', async () => {
    const d = await draft();
    const issued = await issue(d.id);
    expect(issued.number).toBe('2026-0002');
    expect(issued.tax).toBe(31);
    const receivable = await balanceOf('receivables_clients');
    await director.post(`/api/t/alpha/invoices/${d.id}/void`, { reason: '重複' }).expect(403);
    await admin.post(`/api/t/alpha/invoices/${d.id}/void`, { reason: '  ' }).expect(400);
    const voided = (
      await admin.post(`/api/t/alpha/invoices/${d.id}/void`, { reason: '重複発行のため' }).expect(200)
    ).body;
    expect(voided).toMatchObject({
      status: 'void',
      number: '2026-0002',
      voidReason: '重複発行のため',
      outstanding: 0,
    });
    expect(voided.voidedAt).toBeTruthy();
    const [entry] = (
      await admin.get(`/api/t/alpha/ledger/entries?sourceKind=invoice&sourceId=${d.id}`).expect(200)
    ).body;
    expect(entry.reversedById).toBeTruthy();
    expect(await balanceOf('receivables_clients')).toBe(receivable - 346);
    // The budget's actual on revenue (the subtotal, on the issue date) is reversed too.
    const movements = (await admin.get('/api/t/alpha/budget/years/2026/movements?limit=500').expect(200))
      .body as {
      kind: string;
      account: string;
      amount: number;
      date: string;
      source: { kind: string; id: string } | null;
    }[];
    const mine = movements.filter((m) => m.source?.kind === 'invoice' && m.source.id === d.id);
    expect(mine.find((m) => m.amount > 0)).toMatchObject({
      kind: 'actual',
      account: 'revenue',
      amount: 315,
      date: '2026-11-25',
    });
    expect(mine.reduce((sum, m) => sum + m.amount, 0)).toBe(0);
    await admin.post(`/api/t/alpha/invoices/${d.id}/void`, { reason: 'again' }).expect(409);
    await admin.post(`/api/t/alpha/invoices/${d.id}/payments`, { date: '2026-12-01', amount: 1 }).expect(409);
    const pdf = await admin.get(`/api/t/alpha/invoices/${d.id}/pdf`).buffer(true).parse(binary).expect(200);
    expect((await pdfText(pdf.body)).text).toContain('取消 / VOID');
    // A draft is deleted, not voided.
    const other = await draft();
    await admin.post(`/api/t/alpha/invoices/${other.id}/void`, { reason: 'x' }).expect(409);
    await admin.delete(`/api/t/alpha/invoices/${other.id}`).expect(204);
  });
});

describe('drafts', () => {
  it('are changed (items replaced) and deleted while drafts', async () => {
    const d = await draft();
    const changed = (
      await admin
        .patch(`/api/t/alpha/invoices/${d.id}`, {
          dueDate: '2027-01-31',
          items: [{ description: '修正後', quantity: 2, unitPrice: 1000, taxRate: 10 }],
        })
        .expect(200)
    ).body;
    expect(changed).toMatchObject({ dueDate: '2027-01-31', subtotal: 2000, tax: 200, total: 2200 });
    expect(changed.items).toHaveLength(1);
    await admin.patch(`/api/t/alpha/invoices/${d.id}`, { dueDate: '2026-01-01' }).expect(422);
    await admin.delete(`/api/t/alpha/invoices/${d.id}`).expect(204);
    await admin.get(`/api/t/alpha/invoices/${d.id}`).expect(404);
  });

  it('are made from an accepted order: one line at 10 %', async () => {
    await admin.put('/api/t/alpha/plugins/data-entry', { enabled: true }).expect(200);
    const order = (
      await admin
        .post('/api/t/alpha/orders', {
          clientId,
          title: 'アンケート入力 2026年度',
          workType: 'data-entry',
          parameters: {
            form: { fields: [{ key: 'age', label: { ja: '年齢', en: 'Age' }, type: 'number' }] },
          },
          contractType: 'ukeoi',
          quantity: 1200,
          unitPrice: 35,
          deadline: '2026-12-25T17:00:00+09:00',
          qualityTarget: 99,
        })
        .expect(201)
    ).body;
    const refused = await admin.post(`/api/t/alpha/orders/${order.id}/invoice`).expect(409);
    expect(refused.body.detail).toMatch(/受注が draft .* \/ An order that is draft/);
    await admin.post(`/api/t/alpha/orders/${order.id}/transitions`, { to: 'accepted' }).expect(200);
    const d = (await admin.post(`/api/t/alpha/orders/${order.id}/invoice`).expect(201)).body;
    expect(d).toMatchObject({
      status: 'draft',
      orderId: order.id,
      client: { id: clientId },
      items: [
        { lineNo: 1, description: 'アンケート入力 2026年度', quantity: 1200, unitPrice: 35, taxRate: 10 },
      ],
      subtotal: 42_000,
      tax: 4_200,
      total: 46_200,
    });
    await admin.post(`/api/t/alpha/orders/00000000-0000-4000-8000-000000000000/invoice`).expect(404);
    await admin.delete(`/api/t/alpha/invoices/${d.id}`).expect(204);
  });

  it('replay an Idempotency-Key with the same invoice instead of a second one', async () => {
    const before = await count('invoices');
    const first = await admin
      .post('/api/t/alpha/invoices', domainExample())
      .set('Idempotency-Key', 'inv-k1')
      .expect(201);
    const again = await admin
      .post('/api/t/alpha/invoices', domainExample())
      .set('Idempotency-Key', 'inv-k1')
      .expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await count('invoices')).toBe(before + 1);
    await admin
      .post('/api/t/alpha/invoices', domainExample({ note: 'different' }))
      .set('Idempotency-Key', 'inv-k1')
      .expect(422);
    // Issuing under a key replays too (no second number, no second booking).
    const a = await admin
      .post(`/api/t/alpha/invoices/${first.body.id}/issue`)
      .set('Idempotency-Key', 'iss-1')
      .expect(200);
    const b = await admin
      .post(`/api/t/alpha/invoices/${first.body.id}/issue`)
      .set('Idempotency-Key', 'iss-1')
      .expect(200);
    expect(b.body.number).toBe(a.body.number);
    const entries = (
      await admin.get(`/api/t/alpha/ledger/entries?sourceKind=invoice&sourceId=${first.body.id}`).expect(200)
    ).body;
    expect(entries).toHaveLength(1);
  });
});

describe('bad input', () => {
  it.each([
    ['a fractional unit price', { unitPrice: 99.5 }, '/body/items/0/unitPrice'],
    ['a negative unit price', { unitPrice: -1 }, '/body/items/0/unitPrice'],
    ['a price given as a string', { unitPrice: '100' }, '/body/items/0/unitPrice'],
    ['a zero quantity', { quantity: 0 }, '/body/items/0/quantity'],
    ['a fractional quantity', { quantity: 1.5 }, '/body/items/0/quantity'],
    ['a 5 % rate', { taxRate: 5 }, '/body/items/0/taxRate'],
    ['an empty description', { description: '' }, '/body/items/0/description'],
  ])('%s is a 400 with a pointer, and nothing is written', async (_label, change, pointer) => {
    const before = [await count('invoices'), await count('invoice_items')];
    const body = domainExample();
    body.items[0] = { ...body.items[0]!, ...(change as object) } as never;
    const res = await admin.post('/api/t/alpha/invoices', body).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    expect([await count('invoices'), await count('invoice_items')]).toEqual(before);
  });

  it('refuses no items, a bad date, a due date before the issue date, and unknown fields', async () => {
    const before = await count('invoices');
    await admin.post('/api/t/alpha/invoices', domainExample({ items: [] })).expect(400);
    await admin.post('/api/t/alpha/invoices', domainExample({ issueDate: '2026-13-01' })).expect(400);
    const due = await admin
      .post('/api/t/alpha/invoices', domainExample({ dueDate: '2026-11-24' }))
      .expect(400);
    expect(due.body.errors[0].pointer).toBe('/body/dueDate');
    await admin.post('/api/t/alpha/invoices', domainExample({ total: 1 })).expect(400);
    expect(await count('invoices')).toBe(before);
  });

  it('refuses an unknown client or an order of another client with 422', async () => {
    const res = await admin
      .post('/api/t/alpha/invoices', domainExample({ clientId: '00000000-0000-4000-8000-000000000000' }))
      .expect(422);
    expect(res.body.errors[0].pointer).toBe('/body/clientId');
    const orderless = await admin
      .post('/api/t/alpha/invoices', domainExample({ orderId: '00000000-0000-4000-8000-000000000000' }))
      .expect(422);
    expect(orderless.body.errors[0].pointer).toBe('/body/orderId');
  });
});

describe('numbering', () => {
  it('numbers per fiscal year (April–March), without gaps, also when issued at once', async () => {
    const march = await issue((await draft(domainExample({ issueDate: '2027-03-31' }))).id);
    const april = await issue((await draft(domainExample({ issueDate: '2027-04-01' }))).id);
    expect(april.number).toBe('2027-0001');
    const drafts = await Promise.all([1, 2, 3, 4].map(() => draft()));
    const issued = await Promise.all(
      drafts.map((d) => admin.post(`/api/t/alpha/invoices/${d.id}/issue`).expect(200)),
    );
    const seqs = [march.number, ...issued.map((r) => r.body.number)]
      .map((n: string) => Number(n.slice(5)))
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 5 }, (_, i) => seqs[0]! + i));
    const all = (await admin.get('/api/t/alpha/invoices?fy=2026').expect(200)).body as {
      number: string | null;
    }[];
    const numbers = all.flatMap((i) => (i.number ? [Number(i.number.slice(5))] : [])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  });
});

describe('tax on generated invoices (property-based, over HTTP)', () => {
  it('stores per rate consumptionTax(Σ that rate’s lines) — once per rate, never per line', async () => {
    const item = fc.record({
      description: fc.constant('品目'),
      quantity: fc.integer({ min: 1, max: 20 }),
      unitPrice: fc.integer({ min: 0, max: 100_000 }),
      taxRate: fc.constantFrom(10 as const, 8 as const),
    });
    const rounding = fc.constantFrom('down' as const, 'up' as const, 'half-up' as const);
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 8 }), rounding, async (items, mode) => {
        const lineSum = (rate: 10 | 8) =>
          items.filter((i) => i.taxRate === rate).reduce((s, i) => s + i.quantity * i.unitPrice, 0);
        fc.pre(lineSum(10) + lineSum(8) > 0);
        await admin
          .put('/api/t/alpha/invoices/settings', { ...invoiceSettings('alpha'), rounding: mode })
          .expect(200);
        const d = await draft(domainExample({ items }));
        const issued = await issue(d.id);
        const row = await t.db.asOwner((tx) =>
          tx
            .selectFrom('invoices')
            .select(['tax_10', 'tax_8', 'net_10', 'net_8', 'tax', 'rounding'])
            .where('id', '=', d.id)
            .executeTakeFirstOrThrow(),
        );
        expect(row.rounding).toBe(mode);
        for (const rate of [10, 8] as const) {
          const net = lineSum(rate);
          expect(Number(rate === 10 ? row.net_10 : row.net_8)).toBe(net);
          expect(Number(rate === 10 ? row.tax_10 : row.tax_8)).toBe(consumptionTax(net, rate, mode));
        }
        expect(Number(row.tax)).toBe(issued.tax);
        expect(issued.tax).toBe(consumptionTax(lineSum(10), 10, mode) + consumptionTax(lineSum(8), 8, mode));
      }),
      { numRuns: 12 },
    );
    await admin.put('/api/t/alpha/invoices/settings', invoiceSettings('alpha')).expect(200);
  });
});

describe('lists and exports', () => {
  it('list with filters, newest first, for staff', async () => {
    const paid = (await director.get('/api/t/alpha/invoices?status=paid').expect(200)).body;
    expect(paid.map((i: { number: string }) => i.number)).toEqual(['2026-0001']);
    expect(paid[0]).toMatchObject({ status: 'paid', total: 1424, paid: 1424, outstanding: 0 });
    const fy2027 = (await director.get('/api/t/alpha/invoices?fy=2027').expect(200)).body;
    expect(fy2027.map((i: { number: string }) => i.number)).toEqual(['2027-0001']);
    const drafts = (await director.get('/api/t/alpha/invoices?status=draft').expect(200)).body;
    expect(drafts.every((i: { number: string | null }) => i.number === null)).toBe(true);
    await director.get('/api/t/alpha/invoices?status=sent').expect(400);
  });

  it('export the fiscal year for the city: one row per invoice and rate, Japanese headers', async () => {
    const res = await director
      .get('/api/t/alpha/invoices/export.xlsx?fy=2026')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('invoices-alpha-2026.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '請求書番号',
      '請求日',
      '発注者',
      '発注者登録番号',
      '税率',
      '税抜金額',
      '消費税額',
      '税込金額',
      '入金額',
      '未収額',
      '状態',
    ]);
    const first = [2, 3].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
    expect(first[0]).toEqual([
      '2026-0001',
      new Date('2026-11-25T00:00:00Z'),
      '信州データ株式会社',
      'T7000012050002',
      '10%',
      315,
      31,
      346,
      1424,
      0,
      '入金済',
    ]);
    expect(first[1]!.slice(0, 8)).toEqual([
      '2026-0001',
      new Date('2026-11-25T00:00:00Z'),
      '信州データ株式会社',
      'T7000012050002',
      '8%',
      999,
      79,
      1078,
    ]);
    const statuses = (sheet.getColumn(11).values as unknown[]).slice(2);
    expect(statuses).toContain('取消');
  });
});

describe('roles and tenant isolation', () => {
  let alphaInvoice: string;

  beforeAll(async () => {
    alphaInvoice = (await admin.get('/api/t/alpha/invoices?status=paid').expect(200)).body[0].id;
  });

  it('lets workers read no invoices, client people no receivables or exports, and directors only read', async () => {
    await worker.get('/api/t/alpha/invoices').expect(403);
    await worker.get(`/api/t/alpha/invoices/${alphaInvoice}`).expect(403);
    await worker.get(`/api/t/alpha/invoices/${alphaInvoice}/pdf`).expect(403);
    for (const who of [worker, clientPerson]) {
      await who.get('/api/t/alpha/invoices/receivables').expect(403);
      await who.get('/api/t/alpha/invoices/export.xlsx').expect(403);
      await who.get('/api/t/alpha/invoices/settings').expect(403);
    }
    await director.post('/api/t/alpha/invoices', domainExample()).expect(403);
    await director.get(`/api/t/alpha/invoices/${alphaInvoice}`).expect(200);
  });

  it('answers 404 to another centre for alpha’s invoice, through its own URL and alpha’s', async () => {
    await betaAdmin.put('/api/t/beta/invoices/settings', invoiceSettings('beta')).expect(200);
    const beta = `/api/t/beta/invoices/${alphaInvoice}`;
    await betaAdmin.get(beta).expect(404);
    await betaAdmin.get(`${beta}/pdf`).expect(404);
    await betaAdmin.patch(beta, { note: '乗っ取り' }).expect(404);
    await betaAdmin.delete(beta).expect(404);
    await betaAdmin.post(`${beta}/issue`).expect(404);
    await betaAdmin.post(`${beta}/payments`, { date: '2026-12-01', amount: 1 }).expect(404);
    await betaAdmin.post(`${beta}/void`, { reason: '乗っ取り' }).expect(404);
    // Beta's draft cannot name alpha's client.
    await betaAdmin.post('/api/t/beta/invoices', domainExample()).expect(422);
    for (const path of [
      '',
      '/settings',
      '/receivables',
      `/${alphaInvoice}`,
      `/${alphaInvoice}/pdf`,
      '/export.xlsx',
    ])
      await betaAdmin.get(`/api/t/alpha/invoices${path}`).expect(404);
    await betaAdmin.post(`/api/t/alpha/invoices/${alphaInvoice}/void`, { reason: 'x' }).expect(404);
    for (const path of ['', '?status=paid', '?fy=2026'])
      expect((await betaAdmin.get(`/api/t/beta/invoices${path}`).expect(200)).body).toEqual([]);
    expect((await betaAdmin.get('/api/t/beta/invoices/receivables').expect(200)).body).toEqual({
      total: 0,
      overdue: 0,
      invoices: [],
    });
    const after = (await admin.get(`/api/t/alpha/invoices/${alphaInvoice}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'paid', note: '11月分' });
  });
});

describe('a client company’s person', () => {
  let otherInvoice: string;
  let ownDraft: string;

  beforeAll(async () => {
    const other = (
      await admin
        .post('/api/t/alpha/clients', {
          kind: 'company',
          name: '安曇野ソフト株式会社',
          invoice: { billingAddress: '長野県安曇野市豊科1-1' },
        })
        .expect(201)
    ).body.id;
    otherInvoice = (await issue((await draft(domainExample({ clientId: other }))).id)).id;
    ownDraft = (await draft(domainExample({ note: '自社の下書き' }))).id;
    await issue((await draft(domainExample({ note: '自社の発行済み' }))).id);
  });

  it('sees exactly their company’s issued, paid and void invoices, never drafts or another company’s', async () => {
    const all = (await admin.get('/api/t/alpha/invoices').expect(200)).body;
    const expected = all
      .filter(
        (i: { client: { id: string }; status: string }) => i.client.id === clientId && i.status !== 'draft',
      )
      .map((i: { id: string }) => i.id)
      .sort();
    expect(new Set(all.map((i: { status: string }) => i.status))).toEqual(
      new Set(['draft', 'issued', 'paid', 'void']),
    );
    const seen = (await clientPerson.get('/api/t/alpha/invoices').expect(200)).body;
    expect(seen.map((i: { id: string }) => i.id).sort()).toEqual(expected);
    expect(new Set(seen.map((i: { status: string }) => i.status))).toEqual(
      new Set(['issued', 'paid', 'void']),
    );
    expect(seen.map((i: { id: string }) => i.id)).not.toContain(otherInvoice);
    expect(seen.map((i: { id: string }) => i.id)).not.toContain(ownDraft);
    // Filters cannot widen the view.
    expect((await clientPerson.get('/api/t/alpha/invoices?status=draft').expect(200)).body).toEqual([]);
    const asOther = await clientPerson.get(`/api/t/alpha/invoices?clientId=${all[0].client.id}`).expect(200);
    for (const i of asOther.body) expect(i.client.id).toBe(clientId);

    const one = seen.find((i: { status: string }) => i.status === 'issued');
    const detail = (await clientPerson.get(`/api/t/alpha/invoices/${one.id}`).expect(200)).body;
    expect(detail).toMatchObject({ id: one.id, client: { id: clientId }, status: 'issued' });
    const pdf = await clientPerson
      .get(`/api/t/alpha/invoices/${one.id}/pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('answers 404 for another company’s invoice and their own draft, and 403 to every write', async () => {
    for (const id of [otherInvoice, ownDraft]) {
      const res = await clientPerson.get(`/api/t/alpha/invoices/${id}`).expect(404);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      await clientPerson.get(`/api/t/alpha/invoices/${id}/pdf`).expect(404);
    }
    const before = await count('invoices');
    const own = (await clientPerson.get('/api/t/alpha/invoices?status=issued').expect(200)).body[0].id;
    await clientPerson.post('/api/t/alpha/invoices', domainExample()).expect(403);
    await clientPerson.patch(`/api/t/alpha/invoices/${own}`, { note: 'x' }).expect(403);
    await clientPerson.delete(`/api/t/alpha/invoices/${ownDraft}`).expect(403);
    await clientPerson.post(`/api/t/alpha/invoices/${ownDraft}/issue`).expect(403);
    await clientPerson
      .post(`/api/t/alpha/invoices/${own}/payments`, { date: '2026-12-01', amount: 1 })
      .expect(403);
    await clientPerson.post(`/api/t/alpha/invoices/${own}/void`, { reason: 'x' }).expect(403);
    await clientPerson.put('/api/t/alpha/invoices/settings', invoiceSettings('alpha')).expect(403);
    expect(await count('invoices')).toBe(before);
    expect((await admin.get(`/api/t/alpha/invoices/${ownDraft}`).expect(200)).body.status).toBe('draft');
  });

  it('sees nothing when linked to no company, and beta’s client person gets 404 for alpha’s invoices', async () => {
    const { email } = await t.addUser('alpha', 'client', 'unlinked-client@alpha.test');
    const unlinked = await t.signIn(email);
    expect((await unlinked.get('/api/t/alpha/invoices').expect(200)).body).toEqual([]);
    const own = (await clientPerson.get('/api/t/alpha/invoices').expect(200)).body[0].id;
    await unlinked.get(`/api/t/alpha/invoices/${own}`).expect(404);

    const betaClient = await t.signIn('client@beta.test');
    await betaClient.get(`/api/t/beta/invoices/${own}`).expect(404);
    await betaClient.get(`/api/t/beta/invoices/${own}/pdf`).expect(404);
    await betaClient.get('/api/t/alpha/invoices').expect(404);
    await betaClient.get(`/api/t/alpha/invoices/${own}`).expect(404);
    expect((await betaClient.get('/api/t/beta/invoices').expect(200)).body).toEqual([]);
  });
});
