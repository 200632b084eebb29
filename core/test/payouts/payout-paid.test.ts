import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, tokyoToday } from '../../src/kernel/tokyo.js';
import { giveContract } from '../support/contracts-time-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { account, expectProblem, record, SETTINGS, submitAndApprove, waitForRun } from './helpers.js';

/**
 * Recording that a completed run's bank transfer was made (POST …/runs/:id/paid): one ledger entry clears the
 * workers' payables, the run and the workers' statements show it paid; bad dates, wrong states, a second
 * request, other roles and another centre are refused with nothing written.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let betaAdmin: Client;
let runId: string;
const MONTH = '2026-05';
const AMOUNT = 2_500; // 150 minutes at ¥1,000/h

const balance = async (code: string) => {
  const b = (await admin.get('/api/t/alpha/ledger/balances?asOf=2099-12-31').expect(200)).body;
  expect(b.total).toBe(0);
  return b.accounts.find((a: { code: string }) => a.code === code)?.balance ?? 0;
};
const paidEntries = async () =>
  (await admin.get('/api/t/alpha/ledger/entries?sourceKind=payout_run_paid').expect(200)).body;
const status = async () => (await admin.get(`/api/t/alpha/payouts/runs/${runId}`).expect(200)).body.status;

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  const { userId } = await giveContract(admin, worker, 'alpha', 'worker@alpha.test');
  await admin.put('/api/t/alpha/payouts/settings', SETTINGS).expect(200);
  await worker.put('/api/t/alpha/me/bank-account', account('1234567', 'ヤマダ ハナコ')).expect(200);
  await record(worker, 'alpha', `${MONTH}-11`, '13:00', '15:30');
  await submitAndApprove(worker, director, 'alpha', userId, MONTH);
  runId = (await admin.post('/api/t/alpha/payouts/runs', { month: MONTH }).expect(201)).body.id;
});

describe('marking a payout run as paid', () => {
  it('refuses a preview with a bilingual 409, writing nothing', async () => {
    const res = await admin
      .post(`/api/t/alpha/payouts/runs/${runId}/paid`, { date: tokyoToday() })
      .expect(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expectProblem(res.body, 'conflict', /完了した支払だけ.*Only a completed run/s);
    expect(await status()).toBe('preview');
    expect(await paidEntries()).toEqual([]);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    await admin.post(`/api/t/alpha/payouts/runs/${runId}/approve`, {}).expect(202);
    const done = await waitForRun(admin, 'alpha', runId);
    expect(done.status).toBe('completed');
    expect(done.paidOn).toBeNull();
    expect(await balance('payables_workers')).toBe(-AMOUNT);

    const url = `/api/t/alpha/payouts/runs/${runId}/paid`;
    for (const body of [{}, { date: '2026-02-30' }, { date: 'tomorrow' }, { date: tokyoToday(), extra: 1 }]) {
      const res = await admin.post(url, body).expect(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expectProblem(res.body, 'validation-failed');
    }
    const future = await admin.post(url, { date: addDays(tokyoToday(), 1) }).expect(422);
    expectProblem(future.body, 'unprocessable', /未来.*future/s);
    expect(future.body.errors).toEqual([
      expect.objectContaining({ pointer: '/body/date', code: 'in_future' }),
    ]);
    const early = await admin.post(url, { date: addDays(tokyoToday(), -1) }).expect(422);
    expectProblem(early.body, 'unprocessable', /承認日.*before the approval/s);
    expect(early.body.errors).toEqual([
      expect.objectContaining({ pointer: '/body/date', code: 'before_approval' }),
    ]);
    // Only admins may record it; directors and workers get 403.
    await director.post(url, { date: tokyoToday() }).expect(403);
    await worker.post(url, { date: tokyoToday() }).expect(403);
    // Another centre's admin: 404 through its own URL and alpha's.
    await betaAdmin.post(`/api/t/beta/payouts/runs/${runId}/paid`, { date: tokyoToday() }).expect(404);
    await betaAdmin.post(url, { date: tokyoToday() }).expect(404);

    expect(await status()).toBe('completed');
    expect(await paidEntries()).toEqual([]);
    expect(await balance('payables_workers')).toBe(-AMOUNT);
    const mine = (await worker.get('/api/t/alpha/me/statements').expect(200)).body;
    expect(mine).toEqual([expect.objectContaining({ month: MONTH, paidOn: null })]);
  });

  it('posts one entry Dr payables_workers / Cr cash: the payables return to 0 and the run is paid', async () => {
    const today = tokyoToday();
    const cashBefore = await balance('cash');
    const res = await admin
      .post(`/api/t/alpha/payouts/runs/${runId}/paid`, { date: today })
      .set('Idempotency-Key', `paid-${runId}`)
      .expect(200);
    expect(res.body).toMatchObject({ id: runId, status: 'paid', paidOn: today });
    expect(res.body.paidAt).toEqual(expect.any(String));
    expect(res.body.statements.every((s: { paidOn: string }) => s.paidOn === today)).toBe(true);

    // A retry with the same key replays the answer; a new request is a 409; either way one entry only.
    const replay = await admin
      .post(`/api/t/alpha/payouts/runs/${runId}/paid`, { date: today })
      .set('Idempotency-Key', `paid-${runId}`)
      .expect(200);
    expect(replay.body.status).toBe('paid');
    const twice = await admin.post(`/api/t/alpha/payouts/runs/${runId}/paid`, { date: today }).expect(409);
    expectProblem(twice.body, 'conflict', /振込済み.*already recorded as paid/s);

    const entries = await paidEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ date: today, source: { kind: 'payout_run_paid', id: runId } });
    expect(entries[0].lines).toEqual([
      expect.objectContaining({ account: 'payables_workers', amount: AMOUNT }),
      expect.objectContaining({ account: 'cash', amount: -AMOUNT }),
    ]);
    expect(await balance('payables_workers')).toBe(0);
    expect(await balance('cash')).toBe(cashBefore - AMOUNT);

    const list = (await admin.get('/api/t/alpha/payouts/runs').expect(200)).body;
    expect(list.find((r: { id: string }) => r.id === runId)).toMatchObject({ status: 'paid', paidOn: today });
    const mine = (await worker.get('/api/t/alpha/me/statements').expect(200)).body;
    expect(mine).toEqual([expect.objectContaining({ month: MONTH, amount: AMOUNT, paidOn: today })]);
  });

  it('keeps a paid run paid: the database refuses moving it back or changing its date', async () => {
    const back = t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx.updateTable('payout_runs').set({ status: 'completed' }).where('id', '=', runId).execute(),
    );
    await expect(back).rejects.toThrow(/fixed once written/);
    const redate = t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx.updateTable('payout_runs').set({ paid_on: '2026-01-01' }).where('id', '=', runId).execute(),
    );
    await expect(redate).rejects.toThrow(/fixed once written/);
    expect(await status()).toBe('paid');
  });
});
