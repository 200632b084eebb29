import { expect } from 'vitest';
import type { Client } from '../support/test-app.js';

export const SETTINGS = {
  consignorCode: '1234567890',
  consignorName: 'カ）テレワークセンター',
  bankCode: '0143',
  bankName: 'ハチジユウニ',
  branchCode: '101',
  branchName: 'シオジリ',
  accountType: 1,
  accountNumber: '7654321',
};

export const account = (accountNumber: string, holderName: string) => ({
  bankCode: '0143',
  bankName: 'ハチジユウニ',
  branchCode: '101',
  branchName: 'シオジリ',
  accountType: 1,
  accountNumber,
  holderName,
});

/** A manual record on a day of `month`, Tokyo wall-clock times. */
export async function record(
  worker: Client,
  slug: string,
  date: string,
  from: string,
  to: string,
  breakMinutes = 0,
  taskId?: string,
) {
  await worker
    .post(`/api/t/${slug}/me/time-entries`, {
      kind: taskId ? 'task' : 'other',
      ...(taskId && { taskId }),
      startedAt: `${date}T${from}:00+09:00`,
      endedAt: `${date}T${to}:00+09:00`,
      breakMinutes,
      reason: '打刻忘れ / Forgot to clock',
    })
    .expect(201);
}

export async function submitAndApprove(
  worker: Client,
  staff: Client,
  slug: string,
  userId: string,
  month: string,
) {
  await worker.post(`/api/t/${slug}/me/timesheets/${month}/submit`).expect(200);
  await staff.post(`/api/t/${slug}/timesheets/${userId}/${month}/approve`, { comment: '' }).expect(200);
}

/** Polls the run until its job has finished (completed or failed). */
export async function waitForRun(staff: Client, slug: string, id: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await staff.get(`/api/t/${slug}/payouts/runs/${id}`).expect(200);
    // The run is marked completed inside the job; the job itself is marked a moment later, once it returns.
    const finished = res.body.status === 'completed' || res.body.status === 'failed';
    if (finished && res.body.job?.state !== 'active') return res.body;
    if (Date.now() > until) throw new Error(`timed out waiting for run ${id}: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The raw bytes of a download. */
export async function download(c: Client, url: string, status = 200) {
  const res = await c
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (d: Buffer) => chunks.push(d));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(status);
  return { bytes: res.body as Buffer, headers: res.headers };
}

export function expectProblem(body: { type: string; detail?: string }, type: string, detail?: RegExp) {
  expect(body.type).toBe(`/api/problems/${type}`);
  if (detail) expect(body.detail).toMatch(detail);
}
