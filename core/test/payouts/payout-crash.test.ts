import type { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerJobHandlers } from '../../src/jobs/handlers.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { TOKENS } from '../../src/kernel/tokens.js';
import { PayoutsService } from '../../src/modules/payouts/payouts.service.js';
import { readZenginFile } from '../../src/modules/payouts/zengin.js';
import type { FileStorage } from '../../src/storage/file-storage.js';
import { giveContract } from '../support/contracts-time-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { account, download, record, SETTINGS, submitAndApprove, waitForRun } from './helpers.js';

/**
 * The payout job is delivered at least once: a worker killed half-way leaves some statement PDFs stored and
 * the rest not. Running it again must finish the run with every PDF written once, every ledger entry and
 * every Zengin data record present once.
 */
let t: TestApp;
let admin: Client;
const MONTH = '2026-07';
const writes: string[] = [];
const HOLDERS = ['アオキ イチロウ', 'イノウエ ジロウ', 'ウエダ サブロウ', 'エンドウ シロウ'];

beforeAll(async () => {
  // No job processing yet: the test plays the killed worker itself, then lets the real queue run the job.
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  const director = await t.signIn('director@alpha.test');
  await admin.put('/api/t/alpha/payouts/settings', SETTINGS).expect(200);
  for (const [i, holder] of HOLDERS.entries()) {
    const { email, userId } = await t.addUser('alpha', 'worker', `crash${i}@alpha.test`);
    const worker = await t.signIn(email);
    await giveContract(admin, worker, 'alpha', email);
    await worker.put('/api/t/alpha/me/bank-account', account(`100000${i}`, holder)).expect(200);
    await record(worker, 'alpha', `${MONTH}-0${i + 1}`, '09:00', `1${i}:30`);
    await submitAndApprove(worker, director, 'alpha', userId, MONTH);
  }
  // Count every file written, by key.
  const storage = t.container.get<FileStorage>(TOKENS.FileStorage);
  const write = storage.write.bind(storage);
  storage.write = (key: string, source: Readable | AsyncIterable<Uint8Array | string>) => {
    writes.push(key);
    return write(key, source);
  };
});

describe('payout job crash and re-run', () => {
  it('finishes a half-done run without writing anything twice', async () => {
    const run = (await admin.post('/api/t/alpha/payouts/runs', { month: MONTH }).expect(201)).body;
    expect(run.statements).toHaveLength(4);
    const approved = (await admin.post(`/api/t/alpha/payouts/runs/${run.id}/approve`, {}).expect(202)).body;
    expect(approved.job).toMatchObject({ id: `payout-run-${run.id}`, state: 'waiting' });
    // The enqueue after the approval's commit is lost (the process died in between): reading the run
    // enqueues the job again under the same id.
    await t.db.asOwner((tx) => tx.deleteFrom('jobs').where('id', '=', `payout-run-${run.id}`).execute());
    const healed = (await admin.get(`/api/t/alpha/payouts/runs/${run.id}`).expect(200)).body;
    expect(healed.job).toMatchObject({ id: `payout-run-${run.id}`, state: 'waiting' });

    // First attempt: the worker dies after two statements (as a killed process would leave it).
    let calls = 0;
    const dying = async () => {
      calls++;
      if (calls === 2) throw new Error('worker killed');
    };
    await expect(t.container.get(PayoutsService).run(t.tenants.alpha!, run.id, dying)).rejects.toThrow(
      'worker killed',
    );
    const half = (await admin.get(`/api/t/alpha/payouts/runs/${run.id}`).expect(200)).body;
    expect(half.status).toBe('failed');
    expect(half.statements.filter((s: { pdf: boolean }) => s.pdf)).toHaveLength(2);
    expect(half.files.zengin).toBe(false);
    expect(writes).toHaveLength(2);

    // The queue delivers the job again: it renders only what is missing, then the file.
    const queue = t.container.get<JobQueue>(TOKENS.JobQueue);
    registerJobHandlers(queue, t.container);
    await queue.start({ concurrency: 1 });
    // The run still reads 'failed' (the killed attempt) until the queue picks the job up: wait for the end.
    await expect
      .poll(async () => (await admin.get(`/api/t/alpha/payouts/runs/${run.id}`).expect(200)).body.status, {
        timeout: 60_000,
        interval: 100,
      })
      .toBe('completed');
    const done = await waitForRun(admin, 'alpha', run.id);
    expect(done.status).toBe('completed');
    expect(done.statements.every((s: { pdf: boolean }) => s.pdf)).toBe(true);

    const pdfs = writes.filter((k) => k.endsWith('.pdf'));
    expect(pdfs).toHaveLength(4);
    expect(new Set(pdfs).size).toBe(4);
    expect(writes.filter((k) => k.includes('zengin'))).toHaveLength(1);

    // A further delivery (at least once) changes nothing.
    const again = await t.container.get(PayoutsService).run(t.tenants.alpha!, run.id, async () => {});
    expect(again).toEqual({ skipped: true });
    expect(writes).toHaveLength(5);

    const entries = (await admin.get('/api/t/alpha/ledger/entries?sourceKind=payout_statement').expect(200))
      .body;
    expect(entries).toHaveLength(4);
    expect(new Set(entries.map((e: { source: { id: string } }) => e.source.id))).toEqual(
      new Set(run.statements.map((s: { id: string }) => s.id)),
    );
    const file = readZenginFile((await download(admin, `/api/t/alpha/payouts/runs/${run.id}/zengin`)).bytes);
    expect(file.data).toHaveLength(4);
    expect(new Set(file.data.map((d) => d.accountNumber)).size).toBe(4);
    expect(file.trailer).toEqual({ count: 4, total: run.totalAmount });
    // 90, 150, 210 and 270 minutes at ¥1,000/h.
    expect(file.data.map((d) => d.amount).sort((a, b) => a - b)).toEqual([1_500, 2_500, 3_500, 4_500]);
  });
});
