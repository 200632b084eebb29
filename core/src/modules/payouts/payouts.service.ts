import { Readable } from 'node:stream';
import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { Logger } from '../../kernel/logger.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { TOKENS } from '../../kernel/tokens.js';
import { monthRange, tokyoDate, tokyoToday } from '../../kernel/tokyo.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { AuditService } from '../audit/audit.service.js';
import { BudgetService } from '../budget/budget.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { BankAccountsService } from './bank-accounts.service.js';
import { isBankKana, toBankKana } from './bank-kana.js';
import { monthEnd, paymentDate } from './payment-date.js';
import type { PayoutRunStatus } from './payouts.tables.js';
import { renderStatementPdf } from './statement-pdf.js';
import { buildZenginFile, type ZenginPayee } from './zengin.js';

export const PAYOUT_RUN_JOB = 'payouts.run';
const CHUNK = 500;

export interface RunProblem {
  userId: string | null;
  workerName: string | null;
  code: string;
  detail: string;
}

interface StatementRow {
  id: string;
  user_id: string;
  worker_name: string;
  month: string;
  minutes: number;
  hourly_rate: number;
  hour_amount: number | string | bigint;
  units: number;
  unit_amount: number | string | bigint;
  amount: number | string | bigint;
  payment_date: string;
  pdf_key: string | null;
  bank_account_id: string | null;
  /** The run's transfer date once it is recorded as paid. */
  paid_on?: string | null;
}

const toStatementView = (s: StatementRow) => ({
  id: s.id,
  userId: s.user_id,
  workerName: s.worker_name,
  month: s.month,
  minutes: s.minutes,
  hourlyRate: s.hourly_rate,
  hourAmount: Number(s.hour_amount),
  units: s.units,
  unitAmount: Number(s.unit_amount),
  amount: Number(s.amount),
  paymentDate: s.payment_date,
  pdf: s.pdf_key !== null,
  paidOn: s.paid_on ?? null,
});

const STATEMENT_COLUMNS = [
  'id',
  'user_id',
  'worker_name',
  'month',
  'minutes',
  'hourly_rate',
  'hour_amount',
  'units',
  'unit_amount',
  'amount',
  'pdf_key',
  'bank_account_id',
  sql<string>`payment_date::text`.as('payment_date'),
] as const;

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

/** A computed statement before it is written. */
interface Draft {
  userId: string;
  workerName: string;
  minutes: number;
  hourlyRate: number;
  hourAmount: number;
  units: number;
  unitAmount: number;
  paymentDate: string;
  paymentDateNote: string | null;
}

/**
 * Monthly worker payouts: a preview run computes one statement per worker from approved time and accepted
 * per-unit work; an admin approves it (ledger, budget and audit in one transaction); a background job then
 * renders the statement PDFs and the Zengin transfer file. Every step is keyed in the database so that a
 * second approval, a second run of the month or a re-run job pays nobody twice.
 */
@injectable()
export class PayoutsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(LedgerService) private readonly ledger: LedgerService,
    @inject(BudgetService) private readonly budget: BudgetService,
    @inject(BankAccountsService) private readonly accounts: BankAccountsService,
    @inject(TOKENS.FileStorage) private readonly storage: FileStorage,
    @inject(TOKENS.JobQueue) private readonly jobs: JobQueue,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  // --- runs ---

  async createRun(month: string) {
    const { actor } = currentScope();
    try {
      return await this.withJob(
        this.db.inTenant(async (tx) => {
          // One preview computation per tenant and month at a time.
          await sql`SELECT pg_advisory_xact_lock(hashtext('payout_run:' || kado_current_tenant()::text || ${month}))`.execute(
            tx,
          );
          const open = await tx
            .selectFrom('payout_runs')
            .select('id')
            .where('month', '=', month)
            .where('status', '=', 'preview')
            .executeTakeFirst();
          if (open)
            throw new Problem(
              'conflict',
              `${month} の支払プレビューが既にあります。承認するか破棄してください / A preview run for ${month} already exists (${open.id}): approve or discard it first`,
            );
          await this.refuseUnapproved(tx, month);
          const drafts = await this.compute(tx, month);
          if (drafts.length === 0)
            throw new Problem(
              'conflict',
              `${month} に支払う対象がありません（全員支払済み、または承認済みの稼働・出来高がありません） / Nothing to pay for ${month}: every worker is already paid, or there is no approved time or accepted per-unit work`,
            );
          const first = drafts.reduce((a, b) => (b.paymentDate < a.paymentDate ? b : a));
          const total = drafts.reduce((t, d) => t + d.hourAmount + d.unitAmount, 0);
          const run = await tx
            .insertInto('payout_runs')
            .values({
              tenant_id: sql<string>`kado_current_tenant()`,
              month,
              payment_date: first.paymentDate,
              payment_date_note: first.paymentDateNote,
              workers: drafts.length,
              total_amount: total,
              created_by: actor.userId,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          for (let i = 0; i < drafts.length; i += CHUNK)
            await tx
              .insertInto('payout_statements')
              .values(
                drafts.slice(i, i + CHUNK).map((d) => ({
                  tenant_id: sql<string>`kado_current_tenant()`,
                  run_id: run.id,
                  user_id: d.userId,
                  month,
                  worker_name: d.workerName,
                  minutes: d.minutes,
                  hourly_rate: d.hourlyRate,
                  hour_amount: d.hourAmount,
                  units: d.units,
                  unit_amount: d.unitAmount,
                  amount: d.hourAmount + d.unitAmount,
                  payment_date: d.paymentDate,
                })),
              )
              .execute();
          await this.audit.record(tx, {
            action: 'payouts.run_previewed',
            entityType: 'payout_run',
            entityId: run.id,
            data: { month, workers: drafts.length, total },
          });
          return this.view(tx, run.id);
        }),
      );
    } catch (err) {
      if (isUniqueViolation(err))
        throw new Problem(
          'conflict',
          `${month} の支払が同時に作成されました。一覧を確認してください / Another run for ${month} was created at the same time: check the list`,
        );
      throw err;
    }
  }

  listRuns() {
    return this.db.inTenant(async (tx) =>
      (await this.runRows(tx).orderBy('created_at', 'desc').limit(100).execute()).map(toRunSummary),
    );
  }

  getRun(id: string) {
    return this.withJob(this.db.inTenant((tx) => this.view(tx, id)));
  }

  async approve(id: string, override?: { reason: string }) {
    const { tenant, actor } = currentScope();
    const jobId = `payout-run-${id}`;
    const run = await this.db.inTenant(async (tx) => {
      const run = await this.runRows(tx).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!run) throw notFound('支払', 'Payout run');
      if (run.status !== 'preview')
        throw new Problem(
          'conflict',
          `この支払は「${run.status}」のため承認できません（プレビューのみ承認できます） / Only a preview can be approved; this run is ${run.status}`,
        );
      const statements = await this.statementsOf(tx, id);
      const problems = await this.problems(tx, statements);
      if (problems.length > 0)
        throw new Problem(
          'conflict',
          `承認前に解決が必要な問題があります / Resolve these before approving:\n${problems.map((p) => `- ${p.workerName ?? ''} ${p.detail}`).join('\n')}`,
          {
            errors: problems.map((p) => ({
              pointer: p.userId ? `/statements/${p.userId}` : '/settings',
              code: p.code,
              detail: p.detail,
            })),
          },
        );
      // The transfer goes to the account registered now, whatever the worker changes later.
      await sql`UPDATE payout_statements s SET bank_account_id = (
          SELECT a.id FROM worker_bank_accounts a WHERE a.user_id = s.user_id ORDER BY a.created_at DESC LIMIT 1)
        WHERE s.run_id = ${id}`.execute(tx);
      const date = monthEnd(run.month);
      for (const s of statements)
        await this.ledger.post(tx, {
          date,
          memo: `${run.month} 報酬 ${s.worker_name} / Worker pay`,
          lines: [
            { account: 'worker_costs', amount: Number(s.amount) },
            { account: 'payables_workers', amount: -Number(s.amount) },
          ],
          source: { kind: 'payout_statement', id: s.id },
        });
      await this.budget.recordActual(tx, {
        date,
        account: 'worker_costs',
        amount: Number(run.total_amount),
        source: { kind: 'payout_run', id },
        memo: `${run.month} ワーカー報酬 ${run.workers}名 / Worker payouts`,
        ...(override && { override }),
      });
      await tx
        .updateTable('payout_runs')
        .set({ status: 'approved', approved_at: new Date(), approved_by: actor.userId, job_id: jobId })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'payouts.run_approved',
        entityType: 'payout_run',
        entityId: id,
        data: {
          month: run.month,
          workers: run.workers,
          total: Number(run.total_amount),
          budgetOverride: override?.reason ?? null,
        },
      });
      return run;
    });
    // After the commit: a job must never see a run that is not approved. At-least-once and keyed by jobId;
    // if this enqueue is lost, reading the run enqueues it again (withJob).
    try {
      await this.jobs.enqueue(PAYOUT_RUN_JOB, { runId: id }, { tenantId: tenant.id, jobId, attempts: 5 });
    } catch (err) {
      this.logger.error({ err, runId: id }, 'payout run approved but its job was not enqueued yet');
    }
    this.logger.info({ runId: id, month: run.month }, 'payout run approved');
    return this.getRun(id);
  }

  discard(id: string) {
    return this.withJob(
      this.db.inTenant(async (tx) => {
        const run = await this.runRows(tx).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!run) throw notFound('支払', 'Payout run');
        if (run.status !== 'preview')
          throw new Problem(
            'conflict',
            `プレビューだけ破棄できます（この支払は「${run.status}」） / Only a preview can be discarded; this run is ${run.status}`,
          );
        await tx.updateTable('payout_statements').set({ discarded: true }).where('run_id', '=', id).execute();
        await tx.updateTable('payout_runs').set({ status: 'discarded' }).where('id', '=', id).execute();
        await this.audit.record(tx, {
          action: 'payouts.run_discarded',
          entityType: 'payout_run',
          entityId: id,
          data: { month: run.month },
        });
        return this.view(tx, id);
      }),
    );
  }

  /**
   * Records that the bank made a completed run's transfer on `date`: one ledger entry clearing the run's
   * payables (Dr payables_workers / Cr cash, source payout_run_paid) and the run marked paid, in one
   * transaction under the run's row lock, so a second request finds it paid (409) and posts nothing.
   */
  markPaid(id: string, date: string) {
    const { actor } = currentScope();
    return this.withJob(
      this.db.inTenant(async (tx) => {
        const run = await this.runRows(tx).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!run) throw notFound('支払', 'Payout run');
        if (run.status === 'paid')
          throw new Problem(
            'conflict',
            `この支払は ${run.paid_on} に振込済みとして記録されています / This run was already recorded as paid on ${run.paid_on}`,
          );
        if (run.status !== 'completed')
          throw new Problem(
            'conflict',
            `振込済みにできるのは完了した支払だけです（この支払は「${run.status}」） / Only a completed run can be marked as paid; this run is ${run.status}`,
          );
        const approvedOn = tokyoDate(run.approved_at!);
        if (date < approvedOn)
          throw new Problem(
            'unprocessable',
            `振込日は承認日（${approvedOn}）以降にしてください / The transfer date cannot be before the approval (${approvedOn})`,
            {
              errors: [
                {
                  pointer: '/body/date',
                  code: 'before_approval',
                  detail: `振込日は承認日（${approvedOn}）以降にしてください / Not before the approval date ${approvedOn}`,
                },
              ],
            },
          );
        const today = tokyoToday();
        if (date > today)
          throw new Problem(
            'unprocessable',
            `振込日に未来の日付は指定できません（今日は ${today}） / The transfer date cannot be in the future (today is ${today})`,
            {
              errors: [
                {
                  pointer: '/body/date',
                  code: 'in_future',
                  detail: `未来の日付は指定できません / Not after today (${today})`,
                },
              ],
            },
          );
        const total = Number(run.total_amount);
        const entryId = await this.ledger.post(tx, {
          date,
          memo: `${run.month} 報酬の振込 ${run.workers}名 / Worker pay transferred`,
          lines: [
            { account: 'payables_workers', amount: total },
            { account: 'cash', amount: -total },
          ],
          source: { kind: 'payout_run_paid', id },
        });
        await tx
          .updateTable('payout_runs')
          .set({ status: 'paid', paid_at: new Date(), paid_on: date, paid_by: actor.userId })
          .where('id', '=', id)
          .execute();
        await this.audit.record(tx, {
          action: 'payouts.run_paid',
          entityType: 'payout_run',
          entityId: id,
          data: { month: run.month, date, total, entryId },
        });
        return this.view(tx, id);
      }),
    );
  }

  // --- files ---

  async openZengin(id: string) {
    const run = await this.db.inTenant((tx) => this.runRows(tx).where('id', '=', id).executeTakeFirst());
    if (!run) throw notFound('支払', 'Payout run');
    if (!run.zengin_key)
      throw new Problem(
        'conflict',
        '総合振込ファイルはまだ作成されていません（承認後に作成されます） / The transfer file is not ready yet (it is built after approval)',
      );
    const size = await this.storage.size(run.zengin_key);
    return { stream: this.storage.read(run.zengin_key), size, fileName: `zengin-${run.month}.txt` };
  }

  /** A statement's PDF: staff by run, or the worker's own (`userId`); anyone else's answers 404. */
  async openStatementPdf(statementId: string, opts: { runId?: string; userId?: string }) {
    const s = await this.db.inTenant(async (tx) => {
      let q = tx
        .selectFrom('payout_statements as s')
        .innerJoin('payout_runs as r', 'r.id', 's.run_id')
        .select(['s.id', 's.pdf_key', 's.month', 'r.status'])
        .where('s.id', '=', statementId)
        .where('s.discarded', '=', false);
      if (opts.runId) q = q.where('s.run_id', '=', opts.runId);
      if (opts.userId) q = q.where('s.user_id', '=', opts.userId).where('r.status', '<>', 'preview');
      return q.executeTakeFirst();
    });
    if (!s) throw notFound('支払明細', 'Statement');
    if (!s.pdf_key)
      throw new Problem(
        'conflict',
        '支払明細書はまだ作成されていません（承認後に作成されます） / The statement PDF is not ready yet (it is made after approval)',
      );
    const size = await this.storage.size(s.pdf_key);
    return { stream: this.storage.read(s.pdf_key), size, fileName: `statement-${s.month}.pdf` };
  }

  myStatements() {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('payout_statements as s')
        .innerJoin('payout_runs as r', 'r.id', 's.run_id')
        .select([
          's.id',
          's.user_id',
          's.worker_name',
          's.month',
          's.minutes',
          's.hourly_rate',
          's.hour_amount',
          's.units',
          's.unit_amount',
          's.amount',
          's.pdf_key',
          's.bank_account_id',
          sql<string>`s.payment_date::text`.as('payment_date'),
          sql<string | null>`r.paid_on::text`.as('paid_on'),
        ])
        .where('s.user_id', '=', userId)
        .where('s.discarded', '=', false)
        .where('r.status', 'not in', ['preview', 'discarded'])
        .orderBy('s.month', 'desc')
        .execute();
      return rows.map(toStatementView);
    });
  }

  // --- the job ---

  /**
   * Renders each statement's PDF (skipping those already stored), builds the Zengin file once, and marks
   * the run completed. Idempotent: every effect is keyed on the run's rows, so a re-run after a crash
   * renders only what is missing and never stores a second file.
   */
  async run(tenantId: string, runId: string, progress: (percent: number) => Promise<void>) {
    const start = await this.db.withTenant(tenantId, async (tx) => {
      const run = await this.runRows(tx).where('id', '=', runId).forUpdate().executeTakeFirst();
      if (!run || ['preview', 'discarded', 'completed', 'paid'].includes(run.status)) return null;
      await tx
        .updateTable('payout_runs')
        .set({ status: 'processing', error: null })
        .where('id', '=', runId)
        .execute();
      const tenant = await tx
        .selectFrom('tenants')
        .select('name_ja')
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow();
      const todo = await tx
        .selectFrom('payout_statements')
        .select(({ fn }) => fn.countAll<string>().as('n'))
        .where('run_id', '=', runId)
        .where('pdf_key', 'is', null)
        .executeTakeFirstOrThrow();
      return { run, centreName: tenant.name_ja, todo: Number(todo.n) };
    });
    if (!start) return { skipped: true };
    const { run, centreName, todo } = start;
    try {
      let done = 0;
      let reported = 0;
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const page = await this.db.withTenant(tenantId, (tx) =>
          tx
            .selectFrom('payout_statements')
            .select(STATEMENT_COLUMNS)
            .where('run_id', '=', runId)
            .where('pdf_key', 'is', null)
            .where('id', '>', after)
            .orderBy('id')
            .limit(100)
            .execute(),
        );
        if (page.length === 0) break;
        for (const s of page) {
          const key = `${tenantId}/payouts/${runId}/statement-${s.id}.pdf`;
          const bytes = await renderStatementPdf({
            centreName,
            workerName: s.worker_name,
            month: s.month,
            minutes: s.minutes,
            hourlyRate: s.hourly_rate,
            hourAmount: Number(s.hour_amount),
            units: s.units,
            unitAmount: Number(s.unit_amount),
            amount: Number(s.amount),
            paymentDate: s.payment_date,
            paymentDateNote: s.payment_date === run.payment_date ? run.payment_date_note : null,
          });
          await this.storage.write(key, Readable.from([bytes]));
          await this.db.withTenant(tenantId, (tx) =>
            tx
              .updateTable('payout_statements')
              .set({ pdf_key: key })
              .where('id', '=', s.id)
              .where('pdf_key', 'is', null)
              .execute(),
          );
          done++;
          const percent = Math.floor((done * 90) / Math.max(todo, 1));
          if (percent >= reported + 2 || todo < 50) {
            reported = percent;
            await progress(percent);
          }
        }
        after = page[page.length - 1]!.id;
      }
      if (!run.zengin_key) await this.writeZengin(tenantId, run.id, run.month, run.payment_date);
      await this.db.withTenant(tenantId, async (tx) => {
        await tx
          .updateTable('payout_runs')
          .set({ status: 'completed', completed_at: new Date() })
          .where('id', '=', runId)
          .execute();
        await this.audit.record(
          tx,
          {
            action: 'payouts.run_completed',
            entityType: 'payout_run',
            entityId: runId,
            data: { rendered: done },
          },
          tenantId,
        );
      });
      await progress(100);
      return { runId, statementsRendered: done };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.db
        .withTenant(tenantId, (tx) =>
          tx
            .updateTable('payout_runs')
            .set({ status: 'failed', error: message.slice(0, 2000) })
            .where('id', '=', runId)
            .execute(),
        )
        .catch(() => undefined);
      throw err;
    }
  }

  /** Builds the transfer file from the accounts fixed at approval; stored under one key, recorded once. */
  private async writeZengin(tenantId: string, runId: string, month: string, transferDate: string) {
    const { bytes } = await this.db.withTenant(tenantId, async (tx) => {
      const remitter = await this.accounts.remitter(tx);
      if (!remitter)
        throw new Error('振込元口座が設定されていません / The remitter account is not set (payout settings)');
      const statements = await tx
        .selectFrom('payout_statements')
        .select(['id', 'user_id', 'amount', 'bank_account_id'])
        .where('run_id', '=', runId)
        // Deterministic order: the same run always gives the same bytes.
        .orderBy('user_id')
        .execute();
      const accounts = await this.accounts.payeeAccounts(
        tx,
        statements.map((s) => s.bank_account_id!).filter(Boolean),
      );
      const bankKana = (name: string) => {
        // Banks route by code; a bank or branch name without a kana form is left blank, never guessed.
        const r = toBankKana(name);
        return r.ok ? r.value : '';
      };
      const payees: ZenginPayee[] = statements.map((s) => {
        const a = accounts.get(s.bank_account_id ?? '');
        if (!a) throw new Error(`statement ${s.id} has no bank account fixed at approval`);
        return {
          bankCode: a.bankCode,
          bankName: bankKana(a.bankName),
          branchCode: a.branchCode,
          branchName: bankKana(a.branchName),
          accountType: a.accountType,
          accountNumber: a.accountNumber,
          name: a.holderKana,
          amount: Number(s.amount),
        };
      });
      const bytes = buildZenginFile({
        remitter: {
          code: remitter.consignorCode,
          name: remitter.consignorName,
          transferDate,
          bankCode: remitter.bankCode,
          bankName: bankKana(remitter.bankName),
          branchCode: remitter.branchCode,
          branchName: bankKana(remitter.branchName),
          accountType: remitter.accountType,
          accountNumber: remitter.accountNumber,
        },
        payees,
      });
      return { bytes };
    });
    const key = `${tenantId}/payouts/${runId}/zengin-${month}.txt`;
    await this.storage.write(key, Readable.from([Buffer.from(bytes)]));
    await this.db.withTenant(tenantId, (tx) =>
      tx
        .updateTable('payout_runs')
        .set({ zengin_key: key })
        .where('id', '=', runId)
        .where('zengin_key', 'is', null)
        .execute(),
    );
  }

  // --- computing a month ---

  /** 422 naming every worker with time in the month whose timesheet is not approved. */
  private async refuseUnapproved(tx: Tx, month: string) {
    const { from, to } = monthRange(month);
    const rows = await sql<{ user_id: string; display_name: string; status: string; entries: string }>`
      SELECT e.user_id, u.display_name, coalesce(ts.status, 'open') AS status, count(*)::text AS entries
      FROM time_entries e
      JOIN users u ON u.id = e.user_id
      LEFT JOIN timesheets ts ON ts.tenant_id = e.tenant_id AND ts.user_id = e.user_id AND ts.month = ${month}
      WHERE e.started_at >= ${from} AND e.started_at < ${to}
        AND NOT EXISTS (SELECT 1 FROM time_entries c WHERE c.tenant_id = e.tenant_id AND c.corrects_id = e.id)
        AND coalesce(ts.status, 'open') <> 'approved'
      GROUP BY e.user_id, u.display_name, ts.status
      ORDER BY u.display_name, e.user_id`.execute(tx);
    if (rows.rows.length === 0) return;
    const label: Record<string, string> = {
      open: '未提出 / open',
      submitted: '提出済み・未承認 / submitted',
      returned: '差し戻し中 / returned',
    };
    const errors = rows.rows.map((r) => ({
      pointer: `/workers/${r.user_id}`,
      code: `timesheet_${r.status}`,
      detail: `${r.display_name}: ${month} の勤務表が承認されていません（${label[r.status] ?? r.status}） / the timesheet for ${month} is not approved`,
    }));
    throw new Problem(
      'unprocessable',
      `${month} の勤務表が承認されていないワーカーがいます。承認してから支払を作成してください / Some timesheets for ${month} are not approved: approve them before the run:\n${errors.map((e) => `- ${e.detail}`).join('\n')}`,
      { errors },
    );
  }

  /** The month's statements for everyone not yet on an approved run of that month. */
  private async compute(tx: Tx, month: string): Promise<Draft[]> {
    const { from, to } = monthRange(month);
    // Tokyo calendar day of an instant, without relying on the server's time-zone data.
    const hours = await sql<{ user_id: string; hourly_rate: number | null; minutes: string }>`
      SELECT e.user_id, c.hourly_rate,
             sum(greatest(0, floor(extract(epoch FROM (e.ended_at - e.started_at)) / 60)::int - e.break_minutes))::text AS minutes
      FROM time_entries e
      JOIN timesheets ts ON ts.tenant_id = e.tenant_id AND ts.user_id = e.user_id AND ts.month = ${month} AND ts.status = 'approved'
      LEFT JOIN tasks t ON t.tenant_id = e.tenant_id AND t.id = e.task_id
      LEFT JOIN projects p ON p.tenant_id = t.tenant_id AND p.id = t.project_id
      LEFT JOIN orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
      LEFT JOIN LATERAL (
        SELECT wc.hourly_rate FROM worker_contracts wc
        WHERE wc.tenant_id = e.tenant_id AND wc.user_id = e.user_id AND wc.accepted_at IS NOT NULL
          AND wc.status IN ('accepted', 'ended')
          AND wc.starts_on <= ((e.started_at AT TIME ZONE 'UTC') + interval '9 hours')::date
          AND (wc.ends_on IS NULL OR wc.ends_on >= ((e.started_at AT TIME ZONE 'UTC') + interval '9 hours')::date)
        ORDER BY wc.starts_on DESC LIMIT 1) c ON true
      WHERE e.started_at >= ${from} AND e.started_at < ${to} AND e.ended_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM time_entries x WHERE x.tenant_id = e.tenant_id AND x.corrects_id = e.id)
        -- Time on per-unit (ukeoi) orders is paid by the unit, never also by the hour.
        AND o.contract_type IS DISTINCT FROM 'ukeoi'
      GROUP BY e.user_id, c.hourly_rate`.execute(tx);
    const units = await sql<{ user_id: string; unit_price: number; share: number; n: string }>`
      SELECT s.worker_id AS user_id, o.unit_price, c.unit_share_percent AS share, count(*)::text AS n
      FROM submissions s
      JOIN tasks t ON t.tenant_id = s.tenant_id AND t.id = s.task_id
      JOIN projects p ON p.tenant_id = t.tenant_id AND p.id = t.project_id
      JOIN orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
      JOIN LATERAL (
        SELECT wc.unit_share_percent FROM worker_contracts wc
        WHERE wc.tenant_id = s.tenant_id AND wc.user_id = s.worker_id AND wc.accepted_at IS NOT NULL
          AND wc.status IN ('accepted', 'ended')
          AND wc.starts_on <= ((t.accepted_at AT TIME ZONE 'UTC') + interval '9 hours')::date
          AND (wc.ends_on IS NULL OR wc.ends_on >= ((t.accepted_at AT TIME ZONE 'UTC') + interval '9 hours')::date)
        ORDER BY wc.starts_on DESC LIMIT 1) c ON true
      WHERE s.verdict = 'accepted' AND s.golden = false
        AND o.contract_type = 'ukeoi' AND o.unit_price IS NOT NULL
        AND t.accepted_at >= ${from} AND t.accepted_at < ${to}
      GROUP BY s.worker_id, o.id, o.unit_price, c.unit_share_percent`.execute(tx);
    const paid = new Set(
      (
        await tx
          .selectFrom('payout_statements as s')
          .innerJoin('payout_runs as r', 'r.id', 's.run_id')
          .select('s.user_id')
          .where('s.month', '=', month)
          .where('s.discarded', '=', false)
          .where('r.status', '<>', 'preview')
          .execute()
      ).map((r) => r.user_id),
    );

    interface Acc {
      minutes: number;
      hourAmount: number;
      rates: Map<number, number>;
      uncovered: number;
      units: number;
      unitAmount: number;
    }
    const by = new Map<string, Acc>();
    const acc = (userId: string) => {
      let a = by.get(userId);
      if (!a) {
        a = { minutes: 0, hourAmount: 0, rates: new Map(), uncovered: 0, units: 0, unitAmount: 0 };
        by.set(userId, a);
      }
      return a;
    };
    for (const h of hours.rows) {
      const minutes = Number(h.minutes);
      const a = acc(h.user_id);
      if (h.hourly_rate === null) {
        a.uncovered += minutes;
        continue;
      }
      a.minutes += minutes;
      // Minutes summed per rate, then floored once (as the timesheet statement does).
      a.hourAmount += Math.floor((minutes * h.hourly_rate) / 60);
      a.rates.set(h.hourly_rate, (a.rates.get(h.hourly_rate) ?? 0) + minutes);
    }
    for (const u of units.rows) {
      const n = Number(u.n);
      const a = acc(u.user_id);
      a.units += n;
      a.unitAmount += Math.floor((n * u.unit_price * u.share) / 100);
    }
    const userIds = [...by.keys()].filter((id) => !paid.has(id));
    if (userIds.length === 0) return [];
    const names = new Map<string, string>();
    const terms = new Map<string, { closing_day: number; pay_month_offset: number; pay_day: number }>();
    const end = monthEnd(month);
    for (let i = 0; i < userIds.length; i += 1000) {
      const slice = userIds.slice(i, i + 1000);
      for (const u of await tx
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('id', 'in', slice)
        .execute())
        names.set(u.id, u.display_name);
      // The payment terms of the agreement in force at the month's end (or the latest one in the month).
      const contracts = await tx
        .selectFrom('worker_contracts')
        .select(['user_id', 'closing_day', 'pay_month_offset', 'pay_day'])
        .where('user_id', 'in', slice)
        .where('accepted_at', 'is not', null)
        .where('status', 'in', ['accepted', 'ended'])
        .where('starts_on', '<=', end)
        .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', `${month}-01`)]))
        .orderBy('starts_on', 'asc')
        .execute();
      for (const c of contracts) terms.set(c.user_id, c);
    }
    const dates = new Map<string, ReturnType<typeof paymentDate>>();
    const drafts: Draft[] = [];
    for (const userId of userIds) {
      const a = by.get(userId)!;
      if (a.hourAmount + a.unitAmount <= 0) continue;
      const t = terms.get(userId);
      const key = t ? `${t.closing_day}:${t.pay_month_offset}:${t.pay_day}` : 'default';
      let pd = dates.get(key);
      if (!pd) {
        pd = t
          ? paymentDate(month, {
              closingDay: t.closing_day,
              payMonthOffset: t.pay_month_offset,
              payDay: t.pay_day,
            })
          : paymentDate(month);
        dates.set(key, pd);
      }
      const mainRate = [...a.rates.entries()].sort((x, y) => y[1] - x[1] || y[0] - x[0])[0]?.[0] ?? 0;
      drafts.push({
        userId,
        workerName: names.get(userId) ?? '',
        minutes: a.minutes,
        hourlyRate: mainRate,
        hourAmount: a.hourAmount,
        units: a.units,
        unitAmount: a.unitAmount,
        paymentDate: pd.date,
        paymentDateNote: pd.note,
      });
    }
    return drafts.sort(
      (x, y) => x.workerName.localeCompare(y.workerName, 'ja') || x.userId.localeCompare(y.userId),
    );
  }

  /** What blocks approval: no remitter settings, a worker without a bank account or a holder not in bank kana. */
  private async problems(tx: Tx, statements: StatementRow[]): Promise<RunProblem[]> {
    const problems: RunProblem[] = [];
    const remitter = await tx.selectFrom('payout_settings').select('consignor_name').executeTakeFirst();
    if (!remitter)
      problems.push({
        userId: null,
        workerName: null,
        code: 'no_remitter_settings',
        detail:
          '振込元口座（委託者）が設定されていません。支払設定で登録してください / The centre’s remitter account is not set: fill in the payout settings',
      });
    const accounts = await this.accounts.currentAccounts(
      tx,
      statements.map((s) => s.user_id),
    );
    for (const s of statements) {
      const a = accounts.get(s.user_id);
      if (!a)
        problems.push({
          userId: s.user_id,
          workerName: s.worker_name,
          code: 'no_bank_account',
          detail: '振込先口座が登録されていません / No bank account registered',
        });
      else if (!a.holderKana || !isBankKana(a.holderKana) || a.holderKana.trim() === '')
        problems.push({
          userId: s.user_id,
          workerName: s.worker_name,
          code: 'holder_not_bank_kana',
          detail:
            '口座名義が銀行で使えるカナになっていません。口座を登録し直してください / The account holder is not in bank kana: register the account again',
        });
    }
    return problems;
  }

  // --- views ---

  private runRows(tx: Tx) {
    return tx
      .selectFrom('payout_runs')
      .select([
        'id',
        'month',
        'status',
        'payment_date_note',
        'workers',
        'total_amount',
        'job_id',
        'zengin_key',
        'error',
        'approved_at',
        'approved_by',
        'paid_at',
        'created_at',
        sql<string>`payment_date::text`.as('payment_date'),
        sql<string | null>`paid_on::text`.as('paid_on'),
      ]);
  }

  private statementsOf(tx: Tx, runId: string): Promise<StatementRow[]> {
    return tx
      .selectFrom('payout_statements')
      .select(STATEMENT_COLUMNS)
      .where('run_id', '=', runId)
      .orderBy('worker_name')
      .orderBy('user_id')
      .execute() as Promise<StatementRow[]>;
  }

  private async view(tx: Tx, id: string) {
    const run = await this.runRows(tx).where('id', '=', id).executeTakeFirst();
    if (!run) throw notFound('支払', 'Payout run');
    const statements = await this.statementsOf(tx, id);
    const problems = run.status === 'preview' ? await this.problems(tx, statements) : [];
    return {
      ...toRunSummary(run),
      problems,
      statements: statements.map((s) => toStatementView({ ...s, paid_on: run.paid_on })),
      jobId: run.job_id,
      files: { zengin: run.zengin_key !== null },
      error: run.error,
    };
  }

  /**
   * Adds the job's state, read after the run's transaction has ended: the queue has its own connection,
   * and the embedded database has one connection only.
   */
  private async withJob(view: Promise<Awaited<ReturnType<PayoutsService['view']>>>) {
    const { jobId, ...rest } = await view;
    const tenantId = currentScope().tenant.id;
    let job = jobId ? await this.jobs.get(tenantId, jobId) : undefined;
    // Approved but no job: the enqueue after the approval's commit did not happen (process died, queue
    // down). Enqueueing again is safe: the job id is the key and the job itself is idempotent.
    if (jobId && !job && rest.status === 'approved') {
      await this.jobs.enqueue(PAYOUT_RUN_JOB, { runId: rest.id }, { tenantId, jobId, attempts: 5 });
      job = await this.jobs.get(tenantId, jobId);
    }
    return { ...rest, job: job ? { id: job.id, state: job.state, progress: job.progress } : null };
  }
}

function toRunSummary(r: {
  id: string;
  month: string;
  status: PayoutRunStatus;
  payment_date: string;
  payment_date_note: string | null;
  workers: number;
  total_amount: number | string | bigint;
  approved_at: Date | null;
  approved_by: string | null;
  paid_at: Date | null;
  paid_on: string | null;
  created_at: Date;
}) {
  return {
    id: r.id,
    month: r.month,
    status: r.status,
    paymentDate: r.payment_date,
    paymentDateNote: r.payment_date_note,
    workers: r.workers,
    totalAmount: Number(r.total_amount),
    approvedAt: r.approved_at,
    approvedBy: r.approved_by,
    paidAt: r.paid_at,
    paidOn: r.paid_on,
    createdAt: r.created_at,
  };
}
