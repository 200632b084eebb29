import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTerms, giveContract, tokyoToday } from '../support/contracts-time-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Quasi-delegation agreements (issue #5): versioned terms, an offer with the Freelance Act statement, the
 * 60-day payment rule, the worker's acceptance, "no current agreement, no work", and tenant isolation.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let worker2: Client;
let betaAdmin: Client;
let betaWorker: Client;
let workerId: string;
let worker2Id: string;

const offer = (userId: string, extra: object = {}) => ({
  userId,
  hourlyRate: 1050,
  startsOn: '2026-04-01',
  work: '教師データ作成（画像アノテーション）',
  place: '塩尻市市民交流センター えんぱーく または自宅',
  ...extra,
});

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  worker2Id = (await t.addUser('alpha', 'worker', 'worker2@alpha.test')).userId;
  worker2 = await t.signIn('worker2@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  betaWorker = await t.signIn('worker@beta.test');
  const members = (await admin.get('/api/t/alpha/members').expect(200)).body as {
    userId: string;
    email: string;
  }[];
  workerId = members.find((m) => m.email === 'worker@alpha.test')!.userId;
});

describe('contract terms', () => {
  it('are versioned per tenant and written by admins only', async () => {
    await director
      .post('/api/t/alpha/contract-terms', { textJa: '約款', effectiveFrom: '2026-04-01' })
      .expect(403);
    const v1 = await ensureTerms(admin, 'alpha');
    expect(v1.version).toBe(1);
    const v2 = await admin
      .post('/api/t/alpha/contract-terms', { textJa: '第1条 改定版の約款', effectiveFrom: '2026-04-01' })
      .expect(201);
    expect(v2.body.version).toBe(2);
    const list = (await director.get('/api/t/alpha/contract-terms').expect(200)).body;
    expect(list.map((x: { version: number }) => x.version)).toEqual([2, 1]);
    // Beta has its own numbering and sees none of alpha's.
    expect((await betaAdmin.get('/api/t/beta/contract-terms').expect(200)).body).toEqual([]);
  });
});

describe('offering and accepting an agreement', () => {
  let contractId: string;

  it('refuses payment terms that pay more than 60 days after the month’s work, writing nothing', async () => {
    const res = await director
      .post(
        '/api/t/alpha/contracts',
        offer(workerId, { paymentTerms: { closingDay: 0, payMonthOffset: 2, payDay: 0 } }),
      )
      .expect(422);
    expect(res.body.detail).toMatch(/60日以内.*\/ The payment date must be no more than 60 days/);
    expect(res.body.errors[0].pointer).toBe('/body/paymentTerms');
    expect((await director.get(`/api/t/alpha/contracts?userId=${workerId}`).expect(200)).body).toEqual([]);
  });

  it('refuses an agreement for someone who is not a worker of the centre', async () => {
    const members = (await admin.get('/api/t/alpha/members').expect(200)).body as {
      userId: string;
      email: string;
    }[];
    const clientUser = members.find((m) => m.email === 'client@alpha.test')!.userId;
    const res = await director.post('/api/t/alpha/contracts', offer(clientUser)).expect(422);
    expect(res.body.detail).toMatch(/ワーカーではありません/);
  });

  it('offers with the Freelance Act statement: work, pay, payment date rule, parties, place, period', async () => {
    const res = await director.post('/api/t/alpha/contracts', offer(workerId)).expect(201);
    contractId = res.body.id;
    expect(res.body).toMatchObject({
      status: 'offered',
      hourlyRate: 1050,
      termsVersion: 2,
      current: false,
      statement: {
        work: '教師データ作成（画像アノテーション）',
        pay: { hourlyRate: 1050, unitSharePercent: 100 },
        payment: { rule: '月末締め翌月末払い', maxDaysAfterReceipt: 31 },
        parties: { orderer: 'alpha センター', worker: 'worker of alpha' },
        place: '塩尻市市民交流センター えんぱーく または自宅',
        period: { startsOn: '2026-04-01', endsOn: null },
        termsVersion: 2,
      },
    });
  });

  it('refuses a second agreement for the same period', async () => {
    const res = await director
      .post('/api/t/alpha/contracts', offer(workerId, { startsOn: '2026-06-01' }))
      .expect(409);
    expect(res.body.detail).toMatch(/既に契約があります.*\/ This worker already has an agreement/);
  });

  it('shows the worker their agreement with the terms text; nobody else’s', async () => {
    const mine = (await worker.get('/api/t/alpha/me/contracts').expect(200)).body;
    expect(mine).toHaveLength(1);
    expect(mine[0].termsText).toBe('第1条 改定版の約款');
    expect((await worker2.get('/api/t/alpha/me/contracts').expect(200)).body).toEqual([]);
    // Workers do not read the staff list.
    await worker.get('/api/t/alpha/contracts').expect(403);
  });

  it('refuses acceptance by another worker (404) or of other terms than were shown (409)', async () => {
    await worker2.post(`/api/t/alpha/me/contracts/${contractId}/accept`, { termsVersion: 2 }).expect(404);
    const res = await worker
      .post(`/api/t/alpha/me/contracts/${contractId}/accept`, { termsVersion: 1 })
      .expect(409);
    expect(res.body.detail).toMatch(/約款の版.*\/ The terms you were shown/);
  });

  it('records the acceptance, its date in the statement, and audits it', async () => {
    const res = await worker
      .post(`/api/t/alpha/me/contracts/${contractId}/accept`, { termsVersion: 2 })
      .expect(200);
    expect(res.body.status).toBe('accepted');
    expect(res.body.acceptedAt).toBeTruthy();
    expect(res.body.statement.agreedOn).toBe(tokyoToday());
    expect(res.body.current).toBe(tokyoToday() >= '2026-04-01');
    await worker.post(`/api/t/alpha/me/contracts/${contractId}/accept`, { termsVersion: 2 }).expect(409);
    const audit = (await admin.get('/api/t/alpha/audit?entityType=worker_contract').expect(200)).body;
    const actions = (Array.isArray(audit) ? audit : (audit.items ?? audit.entries ?? [])).map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['contract.offered', 'contract.accepted']));
  });
});

describe('no current agreement, no work', () => {
  it('refuses clocking in without an accepted agreement, with a bilingual 403, writing nothing', async () => {
    const res = await worker2.post('/api/t/alpha/me/clock', { action: 'in' }).expect(403);
    expect(res.body.detail).toBe(
      '有効な業務委託契約がありません。契約内容を確認して同意してください / You have no current agreement: review and accept your contract first',
    );
    expect((await worker2.get('/api/t/alpha/me/clock').expect(200)).body.entry).toBeNull();
  });

  it('refuses "next task" for a worker whose agreement has ended', async () => {
    const { contractId } = await giveContract(admin, worker2, 'alpha', 'worker2@alpha.test');
    await director.post(`/api/t/alpha/contracts/${contractId}/end`, { endsOn: '2021-03-31' }).expect(200);
    const res = await worker2.post('/api/t/alpha/tasks/next', {}).expect(403);
    expect(res.body.detail).toMatch(/有効な業務委託契約がありません/);
    const clock = await worker2.post('/api/t/alpha/me/clock', { action: 'in' }).expect(403);
    expect(clock.body.detail).toMatch(/You have no current agreement/);
  });

  it('lets a new agreement follow the ended one', async () => {
    const res = await director
      .post('/api/t/alpha/contracts', offer(worker2Id, { startsOn: '2021-04-01', hourlyRate: 1000 }))
      .expect(201);
    await worker2
      .post(`/api/t/alpha/me/contracts/${res.body.id}/accept`, { termsVersion: res.body.termsVersion })
      .expect(200);
    // No work is open in alpha: the claim answers "nothing for you" rather than refusing.
    expect((await worker2.post('/api/t/alpha/tasks/next', {}).expect(200)).body).toEqual({ task: null });
  });
});

describe('tenant isolation', () => {
  it('answers 404 to another centre for every contract endpoint', async () => {
    const [c] = (await admin.get(`/api/t/alpha/contracts?userId=${workerId}`).expect(200)).body;
    await betaAdmin.get(`/api/t/beta/contracts/${c.id}`).expect(404);
    await betaAdmin.post(`/api/t/beta/contracts/${c.id}/end`, { endsOn: '2030-01-01' }).expect(404);
    await betaAdmin.post(`/api/t/beta/contracts/${c.id}/offer`).expect(404);
    await betaWorker.post(`/api/t/beta/me/contracts/${c.id}/accept`, { termsVersion: 2 }).expect(404);
    expect((await betaAdmin.get('/api/t/beta/contracts').expect(200)).body).toEqual([]);
    expect((await betaWorker.get('/api/t/beta/me/contracts').expect(200)).body).toEqual([]);
    // Beta's staff cannot reach alpha's through alpha's URL either: they are not members there.
    await betaAdmin.get(`/api/t/alpha/contracts/${c.id}`).expect(404);
    // An offer naming another centre's worker is refused.
    const res = await betaAdmin.post('/api/t/beta/contracts', offer(workerId)).expect(422);
    expect(res.body.detail).toMatch(/Not a worker of this centre/);
  });
});
