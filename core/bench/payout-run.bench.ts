/**
 * A monthly payout run for 3,000 workers against 300, in the same process: preview (statements from
 * approved time), approval (a ledger entry per statement, budget, audit — one transaction) and the job
 * (a PDF per statement and the Zengin file). Time per worker should stay flat (ratio near 1) and the peak
 * heap should not grow with the number of workers beyond the run's own rows (the job renders page by page).
 * The seed is bulk SQL as the owner; only the measured part goes through the service.
 *
 * Run with --expose-gc (npm run bench does) so each memory sample follows a collection. Samples are taken
 * once a second: a full collection every 100 ms would dominate the time being measured.
 */
import { rm } from 'node:fs/promises';
import { sql } from 'kysely';
import { runInTenantScope } from '../src/db/request-context.js';
import type { Config } from '../src/kernel/config.js';
import { TOKENS } from '../src/kernel/tokens.js';
import { BankAccountsService } from '../src/modules/payouts/bank-accounts.service.js';
import { PayoutsService } from '../src/modules/payouts/payouts.service.js';
import { benchApp, seedProject } from './support.js';

const SIZES = (process.env.BENCH_PAYOUT_SIZES ?? '300,3000').split(',').map(Number) as [number, number];
const MONTHS = ['2026-09', '2026-10'] as const;
/** Working days of the month with a 4-hour record each. */
const DAYS = 20;

const { db, done, container, tenant } = await benchApp();
const accounts = container.get(BankAccountsService);
const payouts = container.get(PayoutsService);
const admin = await db.asOwner((tx) =>
  tx
    .insertInto('users')
    .values({ email: 'bench-admin@kado.example', display_name: 'ベンチ 管理者', password_hash: null })
    .returning('id')
    .executeTakeFirstOrThrow(),
);
await db.asOwner((tx) =>
  tx
    .insertInto('memberships')
    .values({ tenant_id: tenant.id, user_id: admin.id, role: 'tenant_admin' })
    .execute(),
);
const asAdmin = <T>(fn: () => Promise<T>) =>
  runInTenantScope({ tenant, role: 'tenant_admin', actor: { userId: admin.id, tokenId: null } }, fn);

await asAdmin(() =>
  accounts.putSettings({
    consignorCode: '0000012345',
    consignorName: 'ﾍﾞﾝﾁ ｾﾝﾀｰ',
    bankCode: '0143',
    bankName: 'ﾊﾁｼﾞﾕｳﾆ',
    branchCode: '301',
    branchName: 'ｼｵｼﾞﾘ',
    accountType: 1,
    accountNumber: '1234567',
  }),
);

/** `workers` people with an accepted contract (¥1,000/h), a month of approved time and a bank account. */
async function seedMonth(workers: number, month: string) {
  const { workerIds } = await seedProject(db, tenant.id, {
    workType: 'data-entry',
    parameters: {},
    workers,
    skills: [],
  });
  const days = Array.from({ length: DAYS }, (_, d) => `${month}-${String(d + 1).padStart(2, '0')}`);
  await db.asOwner(async (tx) => {
    await sql`INSERT INTO time_entries (tenant_id, user_id, kind, started_at, ended_at, break_minutes, place, source, reason)
              SELECT ${tenant.id}::uuid, w, 'other', (d || 'T09:00:00+09:00')::timestamptz,
                     (d || 'T13:00:00+09:00')::timestamptz + (row_number() OVER () % 17) * interval '1 minute', 0,
                     'home', 'manual', 'bench'
              FROM unnest(${sql.val(workerIds)}::uuid[]) w, unnest(${sql.val(days)}::text[]) d`.execute(tx);
    await sql`INSERT INTO timesheets (tenant_id, user_id, month, status, submitted_at, decided_at)
              SELECT ${tenant.id}::uuid, w, ${month}, 'approved', now(), now()
              FROM unnest(${sql.val(workerIds)}::uuid[]) w`.execute(tx);
  });
  // Encrypted as the service does; inserted in bulk.
  const cipher = accounts.cipher;
  for (let i = 0; i < workerIds.length; i += 1000) {
    const rows = workerIds.slice(i, i + 1000).map((userId, j) => {
      const number = String(1_000_000 + i + j).slice(-7);
      return {
        tenant_id: tenant.id,
        user_id: userId,
        bank_code: '0143',
        bank_name: 'ﾊﾁｼﾞﾕｳﾆ',
        branch_code: '301',
        branch_name: 'ｼｵｼﾞﾘ',
        account_type: 1,
        account_number_enc: cipher.encrypt(number, `${tenant.id}:${userId}:account_number`),
        account_last_digits: number.slice(-3),
        holder_enc: cipher.encrypt(`ﾜ-ｶ- ${i + j}`, `${tenant.id}:${userId}:holder`),
      };
    });
    await db.asOwner((tx) => tx.insertInto('worker_bank_accounts').values(rows).execute());
  }
  // As autovacuum would after a bulk load (PGlite has none): the planner needs row counts to pick joins.
  await sql`ANALYZE`.execute(db.kysely);
}

const log = (line: string) => process.stderr.write(`  … ${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;

async function measure(workers: number, month: string) {
  const s0 = performance.now();
  await seedMonth(workers, month);
  log(`${workers} workers seeded in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
  gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => {
    gc?.();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1000);
  const t0 = performance.now();
  const preview = await asAdmin(() => payouts.createRun(month));
  const t1 = performance.now();
  log(`preview ${((t1 - t0) / 1000).toFixed(1)} s`);
  await asAdmin(() => payouts.approve(preview.id));
  const t2 = performance.now();
  log(`approve ${((t2 - t1) / 1000).toFixed(1)} s`);
  const result = await payouts.run(tenant.id, preview.id, async () => {});
  const t3 = performance.now();
  clearInterval(timer);
  if (!('statementsRendered' in result) || result.statementsRendered !== workers)
    throw new Error(`job did not render every statement: ${JSON.stringify(result)}`);
  const seconds = { preview: (t1 - t0) / 1000, approve: (t2 - t1) / 1000, job: (t3 - t2) / 1000 };
  return {
    workers,
    total: preview.totalAmount,
    seconds,
    all: seconds.preview + seconds.approve + seconds.job,
    peakMb: (peak - before) / 2 ** 20,
  };
}

const results = [];
for (const [i, size] of SIZES.entries()) results.push(await measure(size, MONTHS[i]!));
if (!gc) console.log('(run with node --expose-gc for steadier numbers)');
console.log(
  `database: ${db.kind}; payout run = preview + approve (ledger, budget, audit) + job (PDF per statement, Zengin file)`,
);
for (const r of results)
  console.log(
    `${String(r.workers).padStart(6)} workers (¥${r.total.toLocaleString('ja-JP')}): preview ${r.seconds.preview.toFixed(1)} s, approve ${r.seconds.approve.toFixed(1)} s, job ${r.seconds.job.toFixed(1)} s = ${r.all.toFixed(1)} s (${((r.all * 1000) / r.workers).toFixed(1)} ms/worker); peak heap +${r.peakMb.toFixed(1)} MB`,
  );
const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
const perWorker = (r: typeof small, k: keyof typeof small.seconds) => r.seconds[k] / r.workers;
console.log(
  `ratio time per worker 3000/300: ${(large.all / large.workers / (small.all / small.workers)).toFixed(2)} (preview ${(perWorker(large, 'preview') / perWorker(small, 'preview')).toFixed(2)}, approve ${(perWorker(large, 'approve') / perWorker(small, 'approve')).toFixed(2)}, job ${(perWorker(large, 'job') / perWorker(small, 'job')).toFixed(2)})`,
);
console.log(`ratio peak heap 3000/300: ${(large.peakMb / Math.max(small.peakMb, 0.1)).toFixed(2)}`);
await rm(`${container.get<Config>(TOKENS.Config).filesDir}/${tenant.id}`, { recursive: true, force: true });
await done();
