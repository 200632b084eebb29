import { expect } from 'vitest';
import type { Client } from './test-app.js';

/** Helpers that give workers agreements (issue #5) and seed the contracts and time tables over HTTP. */

const TERMS_JA =
  '第1条（目的）本約款は、センターがワーカーに委託する業務（準委任）の条件を定める。\n第2条（報酬）報酬は承認された稼働時間に時給を乗じた額とし、月末締め翌月末日に支払う。';

export const tokyoToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
/** 'YYYY-MM' of the Tokyo month before this one. */
export const previousTokyoMonth = () => {
  const d = new Date(Date.now() + 9 * 3_600_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

async function userIdOf(admin: Client, slug: string, email: string) {
  const members = (await admin.get(`/api/t/${slug}/members`).expect(200)).body as {
    userId: string;
    email: string;
  }[];
  const userId = members.find((m) => m.email === email)?.userId;
  if (!userId) throw new Error(`${email} is not a member of ${slug}`);
  return userId;
}

/** The tenant's terms in force, added (version 1, from 2020-04-01) when there are none yet. Needs an admin. */
export async function ensureTerms(admin: Client, slug: string) {
  const terms = (await admin.get(`/api/t/${slug}/contract-terms`).expect(200)).body as {
    id: string;
    version: number;
  }[];
  if (terms[0]) return terms[0];
  return (
    await admin
      .post(`/api/t/${slug}/contract-terms`, { textJa: TERMS_JA, effectiveFrom: '2020-04-01' })
      .expect(201)
  ).body as { id: string; version: number };
}

/**
 * Offers the worker a current, open-ended agreement (¥1,000/h, from 2020-04-01) and has them accept it; does
 * nothing when they already have a current one. `admin` is a tenant admin (terms are theirs to write).
 */
export async function giveContract(admin: Client, worker: Client, slug: string, workerEmail: string) {
  const userId = await userIdOf(admin, slug, workerEmail);
  const existing = (await admin.get(`/api/t/${slug}/contracts?userId=${userId}`).expect(200)).body as {
    id: string;
    current: boolean;
  }[];
  const current = existing.find((c) => c.current);
  if (current) return { userId, contractId: current.id };
  await ensureTerms(admin, slug);
  const offered = await admin
    .post(`/api/t/${slug}/contracts`, {
      userId,
      hourlyRate: 1000,
      startsOn: '2020-04-01',
      work: 'データ入力・教師データ作成等の業務（準委任）',
      place: 'センターまたは自宅',
    })
    .expect(201);
  const accepted = await worker
    .post(`/api/t/${slug}/me/contracts/${offered.body.id}/accept`, {
      termsVersion: offered.body.termsVersion,
    })
    .expect(200);
  expect(accepted.body.status).toBe('accepted');
  return { userId, contractId: offered.body.id as string };
}

/**
 * At least one row in every tenant table of migrations 0007 and 0008 for `slug`, made through the API:
 * contract_terms, worker_contracts, time_entries (a manual record on the 1st of last month, 10:00–11:00
 * Tokyo) and timesheets (that month, submitted). The worker is `worker@<slug>.test` unless `workerEmail`.
 */
export async function seedContractsTime(
  admin: Client,
  worker: Client,
  slug: string,
  workerEmail = `worker@${slug}.test`,
): Promise<Record<string, string>> {
  const terms = await ensureTerms(admin, slug);
  const { userId, contractId } = await giveContract(admin, worker, slug, workerEmail);
  const month = previousTokyoMonth();
  const entry = await worker
    .post(`/api/t/${slug}/me/time-entries`, {
      kind: 'other',
      startedAt: `${month}-01T10:00:00+09:00`,
      endedAt: `${month}-01T11:00:00+09:00`,
      breakMinutes: 0,
      reason: '打刻を忘れたため / Forgot to clock in',
    })
    .expect(201);
  await worker.post(`/api/t/${slug}/me/timesheets/${month}/submit`).expect(200);
  return { termsId: terms.id, contractId, userId, timeEntryId: entry.body.id as string, month };
}
