import { expect } from 'vitest';
import { giveContract } from './contracts-time-seed.js';
import type { Client } from './test-app.js';

/** A month no other seed records time in, so its run is not refused for someone's unapproved timesheet. */
export const PAYOUT_SEED_MONTH = '2026-06';

/**
 * Through the API, a row in every table of the payouts context (0014) for tenant `slug`: payout_settings,
 * worker_bank_accounts, payout_runs and payout_statements (a preview run for PAYOUT_SEED_MONTH paying the
 * worker for one approved hour). Returns `{ payoutRun, payoutStatement, payoutWorker }`.
 */
export async function seedPayouts(
  admin: Client,
  worker: Client,
  slug: string,
  workerEmail = `worker@${slug}.test`,
): Promise<Record<string, string>> {
  const { userId } = await giveContract(admin, worker, slug, workerEmail);
  const month = PAYOUT_SEED_MONTH;
  await admin
    .put(`/api/t/${slug}/payouts/settings`, {
      consignorCode: '1234567890',
      consignorName: 'ｶ)ﾃﾚﾜｰｸｾﾝﾀｰ',
      bankCode: '0143',
      bankName: 'ﾊﾁｼﾞﾕｳﾆ',
      branchCode: '101',
      branchName: 'ｼｵｼﾞﾘ',
      accountType: 1,
      accountNumber: '7654321',
    })
    .expect(200);
  await worker
    .put(`/api/t/${slug}/me/bank-account`, {
      bankCode: '0143',
      bankName: 'ハチジユウニ',
      branchCode: '101',
      branchName: 'シオジリ',
      accountType: 1,
      accountNumber: '1234567',
      holderName: 'ヤマダ ハナコ',
    })
    .expect(200);
  await worker
    .post(`/api/t/${slug}/me/time-entries`, {
      kind: 'other',
      startedAt: `${month}-01T10:00:00+09:00`,
      endedAt: `${month}-01T11:00:00+09:00`,
      breakMinutes: 0,
      reason: '打刻を忘れたため / Forgot to clock in',
    })
    .expect(201);
  await worker.post(`/api/t/${slug}/me/timesheets/${month}/submit`).expect(200);
  await admin.post(`/api/t/${slug}/timesheets/${userId}/${month}/approve`, { comment: '' }).expect(200);
  const run = (await admin.post(`/api/t/${slug}/payouts/runs`, { month }).expect(201)).body;
  expect(run.statements).toHaveLength(1);
  return { payoutRun: run.id, payoutStatement: run.statements[0].id, payoutWorker: userId };
}
