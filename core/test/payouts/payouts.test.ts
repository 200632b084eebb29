import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { readZenginFile } from '../../src/modules/payouts/zengin.js';
import { giveContract } from '../support/contracts-time-seed.js';
import { pdfText } from '../support/pdf-text.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import {
  account,
  download,
  expectProblem,
  record,
  SETTINGS,
  submitAndApprove,
  waitForRun,
} from './helpers.js';

/**
 * Worker payouts over HTTP on the real database and queue: bank accounts (encrypted, masked, validated),
 * a monthly run from preview to approval to the job's PDFs and Zengin file, and what must never happen:
 * paying anyone twice, paying from an unapproved timesheet, or showing one centre's payouts to another.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let worker2: Client;
let betaAdmin: Client;
let workerId: string;
let worker2Id: string;
const SEP = '2026-09';
const AUG = '2026-08';

const runs = (month: string) =>
  t.db.withTenant(t.tenants.alpha!, (tx) =>
    tx.selectFrom('payout_runs').select(['id', 'status']).where('month', '=', month).execute(),
  );

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  await t.addUser('alpha', 'worker', 'worker2@alpha.test');
  worker2 = await t.signIn('worker2@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  ({ userId: workerId } = await giveContract(admin, worker, 'alpha', 'worker@alpha.test'));
  ({ userId: worker2Id } = await giveContract(admin, worker2, 'alpha', 'worker2@alpha.test'));
});

describe('bank accounts and settings', () => {
  it('refuses an account number that is not 7 digits, writing nothing', async () => {
    const res = await worker
      .put('/api/t/alpha/me/bank-account', account('123456', 'ヤマダ ハナコ'))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({
        pointer: '/body/accountNumber',
        detail: expect.stringMatching(/7桁.*7 digits/),
      }),
    );
    expect((await worker.get('/api/t/alpha/me/bank-account').expect(200)).body.registered).toBe(false);
  });

  it('refuses a holder name outside the bank character set with the bilingual message', async () => {
    const res = await worker.put('/api/t/alpha/me/bank-account', account('1234567', '山田★')).expect(400);
    expectProblem(res.body, 'validation-failed');
    expect(res.body.errors).toEqual([
      {
        pointer: '/body/holderName',
        code: 'not_bank_kana',
        detail: '使えない文字があります: 山, 田, ★ / Characters the bank cannot take: 山, 田, ★',
      },
    ]);
    expect((await worker.get('/api/t/alpha/me/bank-account').expect(200)).body.registered).toBe(false);
    const rows = await t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx.selectFrom('worker_bank_accounts').select('id').execute(),
    );
    expect(rows).toEqual([]);
  });

  it('stores the number encrypted, converts the holder to half-width kana and shows only a mask', async () => {
    const view = (
      await worker.put('/api/t/alpha/me/bank-account', account('1234567', 'ヤマダ ハナコ')).expect(200)
    ).body;
    expect(view).toMatchObject({
      registered: true,
      bankCode: '0143',
      branchCode: '101',
      accountType: 1,
      accountNumberMasked: '****567',
      holderKana: 'ﾔﾏﾀﾞ ﾊﾅｺ',
    });
    expect(JSON.stringify(view)).not.toContain('1234567');
    const staffView = (await director.get(`/api/t/alpha/workers/${workerId}/bank-account`).expect(200)).body;
    expect(staffView).toMatchObject({ accountNumberMasked: '****567', holderKana: 'ﾔﾏﾀﾞ ﾊﾅｺ' });
    expect(
      (await director.get(`/api/t/alpha/workers/${worker2Id}/bank-account`).expect(200)).body.registered,
    ).toBe(false);
    const stored = await t.db.asOwner((tx) =>
      tx.selectFrom('worker_bank_accounts').select(['account_number_enc', 'holder_enc']).execute(),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.account_number_enc).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toMatch(/1234567|ﾔﾏﾀﾞ/);
  });

  it('keeps the remitter settings for admins, converting the name to bank kana', async () => {
    expect((await admin.get('/api/t/alpha/payouts/settings').expect(200)).body.configured).toBe(false);
    const bad = await admin
      .put('/api/t/alpha/payouts/settings', { ...SETTINGS, consignorName: '塩尻★' })
      .expect(400);
    expect(bad.body.errors[0]).toMatchObject({ pointer: '/body/consignorName', code: 'not_bank_kana' });
    const saved = (await admin.put('/api/t/alpha/payouts/settings', SETTINGS).expect(200)).body;
    expect(saved).toMatchObject({
      configured: true,
      consignorName: 'ｶ)ﾃﾚﾜ-ｸｾﾝﾀ-',
      accountNumberMasked: '****321',
    });
    expect(saved.accountNumber).toBeUndefined();
    await director.get('/api/t/alpha/payouts/settings').expect(403);
    await worker.put('/api/t/alpha/payouts/settings', SETTINGS).expect(403);
  });
});

describe('a monthly run', () => {
  let runId: string;

  it('refuses a month with a timesheet that is not approved (422 naming the worker), writing nothing', async () => {
    await record(worker, 'alpha', `${AUG}-03`, '09:00', '10:00');
    await worker.post(`/api/t/alpha/me/timesheets/${AUG}/submit`).expect(200);
    const res = await admin.post('/api/t/alpha/payouts/runs', { month: AUG }).expect(422);
    expectProblem(res.body, 'unprocessable', /承認されていない.*not approved/s);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: `/workers/${workerId}`, code: 'timesheet_submitted' }),
    ]);
    expect(res.body.detail).toContain('worker of alpha');
    expect(await runs(AUG)).toEqual([]);
  });

  it('answers 403 to a worker and 409 when there is nothing to pay', async () => {
    await worker.get('/api/t/alpha/payouts/runs').expect(403);
    await worker.post('/api/t/alpha/payouts/runs', { month: SEP }).expect(403);
    await director.post('/api/t/alpha/payouts/runs', { month: SEP }).expect(403);
    const none = await admin.post('/api/t/alpha/payouts/runs', { month: '2026-05' }).expect(409);
    expectProblem(none.body, 'conflict', /支払う対象がありません.*Nothing to pay/s);
    await admin.post('/api/t/alpha/payouts/runs', { month: '2026-13' }).expect(400);
  });

  it('previews one statement per worker, listing a missing bank account as a problem that blocks approval', async () => {
    // worker: 247 + 353 + 5 = 605 minutes → 605 × 1000 / 60 = 10,083.3 → 10,083 yen.
    await record(worker, 'alpha', `${SEP}-01`, '09:00', '13:07');
    await record(worker, 'alpha', `${SEP}-02`, '10:00', '16:00', 7);
    await record(worker, 'alpha', `${SEP}-03`, '09:00', '09:05');
    await submitAndApprove(worker, director, 'alpha', workerId, SEP);
    // worker2: 150 minutes → 2,500 yen.
    await record(worker2, 'alpha', `${SEP}-01`, '13:00', '15:30');
    await submitAndApprove(worker2, director, 'alpha', worker2Id, SEP);

    const run = (await admin.post('/api/t/alpha/payouts/runs', { month: SEP }).expect(201)).body;
    runId = run.id;
    expect(run).toMatchObject({
      month: SEP,
      status: 'preview',
      workers: 2,
      totalAmount: 12_583,
      // 2026-10-31 is a Saturday.
      paymentDate: '2026-10-30',
      files: { zengin: false },
      job: null,
    });
    expect(run.paymentDateNote).toContain('2026-10-31（土）は銀行休業日のため 2026-10-30（金）に前倒し');
    const byUser = Object.fromEntries(run.statements.map((s: { userId: string }) => [s.userId, s]));
    expect(byUser[workerId]).toMatchObject({
      minutes: 605,
      hourlyRate: 1000,
      hourAmount: 10_083,
      units: 0,
      unitAmount: 0,
      amount: 10_083,
      paymentDate: '2026-10-30',
      pdf: false,
    });
    expect(byUser[worker2Id]).toMatchObject({ minutes: 150, amount: 2_500 });
    expect(run.problems).toEqual([
      expect.objectContaining({ userId: worker2Id, workerName: 'worker of alpha', code: 'no_bank_account' }),
    ]);
    // One open preview per month.
    await admin.post('/api/t/alpha/payouts/runs', { month: SEP }).expect(409);
    const blocked = await admin.post(`/api/t/alpha/payouts/runs/${runId}/approve`, {}).expect(409);
    expect(blocked.body.detail).toMatch(/No bank account registered/);
    expect((await admin.get(`/api/t/alpha/payouts/runs/${runId}`).expect(200)).body.status).toBe('preview');
  });

  it('approves once: ledger entries per statement, then the job renders PDFs and the Zengin file', async () => {
    await worker2.put('/api/t/alpha/me/bank-account', account('7654321', 'ｽｽﾞｷ ｲﾁﾛｳ')).expect(200);
    expect((await admin.get(`/api/t/alpha/payouts/runs/${runId}`).expect(200)).body.problems).toEqual([]);
    // With a worker-costs budget of ¥1,000 for the year, the run (¥12,583) is refused, changing nothing…
    const line = (
      await admin
        .post('/api/t/alpha/budget/years/2026/lines', {
          account: 'worker_costs',
          fundingSource: 'city_general_fund',
          amount: 1_000,
        })
        .expect(201)
    ).body;
    const over = await admin.post(`/api/t/alpha/payouts/runs/${runId}/approve`, {}).expect(409);
    expect(over.body.type).toMatch(/over-budget$/);
    expect(over.body.budget).toMatchObject({ account: 'worker_costs', requested: 12_583, shortfall: 11_583 });
    expect((await admin.get(`/api/t/alpha/payouts/runs/${runId}`).expect(200)).body.status).toBe('preview');
    expect((await admin.get('/api/t/alpha/ledger/entries?sourceKind=payout_statement')).body).toEqual([]);
    await admin
      .post(`/api/t/alpha/payouts/runs/${runId}/approve`, { budgetOverride: { reason: ' ' } })
      .expect(400);
    // …until an admin overrides with a reason, which the budget keeps (then the line is raised for later runs).
    const approved = await admin
      .post(`/api/t/alpha/payouts/runs/${runId}/approve`, {
        budgetOverride: { reason: '9月分の報酬は契約どおり支払う / pay September as contracted' },
      })
      .expect(202);
    const movements = (await admin.get('/api/t/alpha/budget/years/2026/movements').expect(200)).body;
    expect(movements.find((m: { kind: string }) => m.kind === 'actual')).toMatchObject({
      amount: 12_583,
      overrideReason: '9月分の報酬は契約どおり支払う / pay September as contracted',
    });
    await admin
      .post(`/api/t/alpha/budget/lines/${line.id}/adjustments`, { amount: 10_000_000, reason: '補正予算' })
      .expect(201);
    expect(approved.body.status).toMatch(/approved|processing|completed/);
    expect(approved.body.job.id).toBe(`payout-run-${runId}`);
    await admin.post(`/api/t/alpha/payouts/runs/${runId}/approve`, {}).expect(409);
    await admin.post(`/api/t/alpha/payouts/runs/${runId}/discard`).expect(409);

    const done = await waitForRun(admin, 'alpha', runId);
    expect(done).toMatchObject({ status: 'completed', files: { zengin: true } });
    expect(done.statements.every((s: { pdf: boolean }) => s.pdf)).toBe(true);
    expect(done.job).toMatchObject({ state: 'completed', progress: 100 });

    const entries = (await admin.get('/api/t/alpha/ledger/entries?sourceKind=payout_statement').expect(200))
      .body;
    expect(entries).toHaveLength(2);
    expect(new Set(entries.map((e: { source: { id: string } }) => e.source.id)).size).toBe(2);
    const amounts = entries.flatMap((e: { lines: { account: string; amount: number }[] }) => e.lines);
    expect(
      amounts
        .filter((l: { account: string }) => l.account === 'worker_costs')
        .map((l: { amount: number }) => l.amount)
        .sort(),
    ).toEqual([10_083, 2_500].sort());
    expect(entries[0].date).toBe('2026-09-30');
  });

  it('serves the Zengin file: 120-byte records, trailer equal to the data, half-width payee kana', async () => {
    const { bytes, headers } = await download(admin, `/api/t/alpha/payouts/runs/${runId}/zengin`);
    expect(headers['content-type']).toMatch(/text\/plain; charset=Shift_JIS/i);
    expect(headers['content-disposition']).toContain(`zengin-${SEP}.txt`);
    expect(bytes.length % 122).toBe(0);
    const file = readZenginFile(bytes);
    expect(file.records.every((r) => r.length === 120)).toBe(true);
    expect(file.header).toMatchObject({
      remitterCode: '1234567890',
      remitterName: 'ｶ)ﾃﾚﾜ-ｸｾﾝﾀ-',
      transferDate: '1030',
      bankCode: '0143',
      accountNumber: '7654321',
    });
    expect(file.data).toHaveLength(2);
    expect(file.trailer.count).toBe(file.data.length);
    expect(file.trailer.total).toBe(file.data.reduce((t, d) => t + d.amount, 0));
    expect(file.trailer.total).toBe(12_583);
    expect(file.data.map((d) => d.name).sort()).toEqual(['ｽｽﾞｷ ｲﾁﾛｳ', 'ﾔﾏﾀﾞ ﾊﾅｺ']);
    expect(file.data.find((d) => d.name === 'ﾔﾏﾀﾞ ﾊﾅｺ')).toMatchObject({
      accountNumber: '1234567',
      amount: 10_083,
    });
    expect(file.data[0]!.bankName).toBe('ﾊﾁｼﾞﾕｳﾆ');
    await director.get(`/api/t/alpha/payouts/runs/${runId}/zengin`).expect(403);
  });

  it('serves the statement PDF in Japanese with the amounts, the period and the payment date', async () => {
    const run = (await director.get(`/api/t/alpha/payouts/runs/${runId}`).expect(200)).body;
    const mine = run.statements.find((s: { userId: string }) => s.userId === workerId);
    const { bytes, headers } = await download(
      director,
      `/api/t/alpha/payouts/runs/${runId}/statements/${mine.id}/pdf`,
    );
    expect(headers['content-type']).toBe('application/pdf');
    const { text } = await pdfText(bytes);
    for (const part of [
      '支払明細書',
      'alpha センター',
      'worker of alpha',
      '2026年9月1日',
      '2026年9月30日',
      '2026年10月30日',
      '10時間5分',
      '1,000円',
      '10,083円',
    ])
      expect(text).toContain(part);
  });

  it('shows a worker their own statements and PDFs only', async () => {
    const mine = (await worker.get('/api/t/alpha/me/statements').expect(200)).body;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ month: SEP, amount: 10_083, pdf: true });
    await download(worker, `/api/t/alpha/me/statements/${mine[0].id}/pdf`);
    const theirs = (await worker2.get('/api/t/alpha/me/statements').expect(200)).body[0];
    await worker.get(`/api/t/alpha/me/statements/${theirs.id}/pdf`).expect(404);
    await worker.get(`/api/t/alpha/payouts/runs/${runId}/statements/${theirs.id}/pdf`).expect(403);
  });

  it('never pays anyone twice for a month: a second run pays only new workers, else 409', async () => {
    const again = await admin.post('/api/t/alpha/payouts/runs', { month: SEP }).expect(409);
    expectProblem(again.body, 'conflict', /Nothing to pay/);
    const { email, userId } = await t.addUser('alpha', 'worker', 'worker3@alpha.test');
    const worker3 = await t.signIn(email);
    await giveContract(admin, worker3, 'alpha', email);
    await worker3.put('/api/t/alpha/me/bank-account', account('1111111', 'サトウ ジロウ')).expect(200);
    await record(worker3, 'alpha', `${SEP}-10`, '09:00', '10:00');
    await submitAndApprove(worker3, director, 'alpha', userId, SEP);
    const second = (await admin.post('/api/t/alpha/payouts/runs', { month: SEP }).expect(201)).body;
    expect(second.statements.map((s: { userId: string }) => s.userId)).toEqual([userId]);
    // Discarded, then made again: the discarded statement no longer counts.
    await admin.post(`/api/t/alpha/payouts/runs/${second.id}/discard`).expect(200);
    const third = (await admin.post('/api/t/alpha/payouts/runs', { month: SEP }).expect(201)).body;
    // A retried request with the same Idempotency-Key replays the first answer instead of a 409.
    const first = await admin
      .post(`/api/t/alpha/payouts/runs/${third.id}/approve`, {})
      .set('Idempotency-Key', `approve-${third.id}`)
      .expect(202);
    const replay = await admin
      .post(`/api/t/alpha/payouts/runs/${third.id}/approve`, {})
      .set('Idempotency-Key', `approve-${third.id}`)
      .expect(202);
    expect(replay.body.id).toBe(first.body.id);
    await waitForRun(admin, 'alpha', third.id);
    const list = (await admin.get('/api/t/alpha/payouts/runs').expect(200)).body;
    expect(list.map((r: { status: string }) => r.status)).toEqual(['completed', 'discarded', 'completed']);

    const paid = await t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx
        .selectFrom('payout_statements')
        .select(['user_id'])
        .where('month', '=', SEP)
        .where('discarded', '=', false)
        .execute(),
    );
    expect(paid.map((p) => p.user_id).sort()).toEqual([workerId, worker2Id, userId].sort());
    const entries = (await admin.get('/api/t/alpha/ledger/entries?sourceKind=payout_statement').expect(200))
      .body;
    expect(entries).toHaveLength(3);
    const zengin = readZenginFile(
      (await download(admin, `/api/t/alpha/payouts/runs/${third.id}/zengin`)).bytes,
    );
    expect(zengin.data.map((d) => d.name)).toEqual(['ｻﾄｳ ｼﾞﾛｳ']);
    // The database itself refuses a second live statement for the same worker and month, and any edit of amounts.
    const dup = t.db.withTenant(t.tenants.alpha!, (tx) =>
      sql`INSERT INTO payout_statements (tenant_id, run_id, user_id, month, worker_name, minutes, hourly_rate,
            hour_amount, units, unit_amount, amount, payment_date)
          VALUES (kado_current_tenant(), ${third.id}, ${userId}, ${SEP}, 'x', 60, 1000, 1000, 0, 0, 1000, '2026-10-30')`.execute(
        tx,
      ),
    );
    await expect(dup).rejects.toThrow(/payout_statements_once_key|duplicate/);
    const edit = t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx.updateTable('payout_statements').set({ minutes: 1 }).where('user_id', '=', userId).execute(),
    );
    await expect(edit).rejects.toThrow(/fixed once written/);
  });
});

describe('tenant isolation', () => {
  it('answers 404 to another centre’s admin for runs, statements, files and bank accounts', async () => {
    const run = (await admin.get('/api/t/alpha/payouts/runs').expect(200)).body.at(-1);
    const full = (await admin.get(`/api/t/alpha/payouts/runs/${run.id}`).expect(200)).body;
    const statement = full.statements[0].id;
    for (const path of [
      `/payouts/runs/${run.id}`,
      `/payouts/runs/${run.id}/zengin`,
      `/payouts/runs/${run.id}/statements/${statement}/pdf`,
      `/workers/${workerId}/bank-account`,
      `/me/statements/${statement}/pdf`,
    ]) {
      await betaAdmin.get(`/api/t/beta${path}`).expect(404);
      await betaAdmin.get(`/api/t/alpha${path}`).expect(404);
    }
    await betaAdmin.post(`/api/t/beta/payouts/runs/${run.id}/approve`, {}).expect(404);
    await betaAdmin.post(`/api/t/beta/payouts/runs/${run.id}/discard`).expect(404);
    expect((await betaAdmin.get('/api/t/beta/payouts/runs').expect(200)).body).toEqual([]);
  });
});
