import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentActor, optionalScope } from '../../db/request-context.js';
import { notFound, Problem, type ProblemBody } from '../../kernel/problems.js';
import { isDate, tokyoDate } from '../../kernel/tokyo.js';
import { AuditService } from '../audit/audit.service.js';
import { type Account, LedgerService } from '../ledger/ledger.service.js';
import {
  applyMovements,
  chargeMovements,
  clampToFiscalYear,
  decideCharge,
  FUNDING_SOURCE_LABELS,
  fiscalYearMonths,
  fiscalYearOf,
  isYen,
  type LineStatus,
  lineStatus,
  type Movement,
  pickSource,
  SOURCE_PRIORITY,
  shortfall,
} from './budget.rules.js';
import type { CreateLine, LineViewT, MovementViewT } from './budget.schemas.js';
import type { MovementKind } from './budget.tables.js';

/** Where a budget line's money comes from. */
export const FUNDING_SOURCES = ['city_general_fund', 'national_grant', 'order_revenue'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** A movement another module asks the budget to record, in the caller's transaction. */
export interface BudgetCharge {
  /** 'YYYY-MM-DD' (Tokyo): decides the fiscal year (April–March) and the month it is reported in. */
  date: string;
  /** The ledger account of the budget line, e.g. 'worker_costs' or 'revenue'. */
  account: string;
  /** Integer yen, > 0 (0 records nothing: a 0-yen invoice moves no money). */
  amount: number;
  /** What caused it (an order, a payout run, an invoice): reversals and reports find it by this. */
  source: { kind: string; id: string };
  memo: string;
  /** The line's funding source; when left out the budget picks a line of that account with room. */
  fundingSource?: FundingSource;
  /** A tenant admin's decision to go over budget anyway, with the reason (audited). */
  override?: { reason: string };
}

/** The `budget` extension of an over-budget problem (money-api.md). */
export interface OverBudgetDetail {
  fiscalYear: number;
  account: string;
  fundingSource: FundingSource;
  budget: number;
  committed: number;
  actual: number;
  requested: number;
  shortfall: number;
}

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

/** 409 over-budget, carrying the line's figures so the client can show them and offer an override. */
export class OverBudgetProblem extends Problem {
  constructor(readonly budget: OverBudgetDetail) {
    const label = FUNDING_SOURCE_LABELS[budget.fundingSource];
    super(
      'over-budget',
      `${budget.fiscalYear}年度の予算（${budget.account}・${label.ja}）を${yen(budget.shortfall)}超えます（予算 ${yen(budget.budget)}、執行済・予定 ${yen(budget.committed + budget.actual)}、今回 ${yen(budget.requested)}） / ` +
        `Over the FY${budget.fiscalYear} budget of ${budget.account} (${label.en}) by ${budget.shortfall} yen (budget ${budget.budget}, committed and spent ${budget.committed + budget.actual}, requested ${budget.requested})`,
    );
  }

  override toBody(instance?: string): ProblemBody {
    return { ...super.toBody(instance), budget: this.budget };
  }
}

const invalid = (pointer: string, code: string, detail: string) =>
  new Problem('validation-failed', `${pointer}: ${detail}`, { errors: [{ pointer, code, detail }] });

const ADMIN_ROLES = new Set(['hub_admin', 'tenant_admin']);
const ZERO: LineStatus = { budget: 0, committed: 0, actual: 0, available: 0 };

interface LineRow {
  id: string;
  fiscalYear: number;
  account: string;
  fundingSource: FundingSource;
  status: LineStatus;
  /** Whether the line was planned (has a budget movement): a year with one is controlled. */
  planned: boolean;
  note: string | null;
}

/**
 * Budget per tenant and fiscal year: lines by account and funding source, whose figures are sums of
 * append-only movements. Other modules record commitments and actuals through recordCommitment /
 * recordActual / reverseSource in their own transaction; staff read the year, admins plan and adjust it.
 */
@injectable()
export class BudgetService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(LedgerService) private readonly ledger: LedgerService,
  ) {}

  // --- inside a caller's transaction (orders, payouts, invoices) ---

  /** An order or hourly engagement accepted: commits the amount on its line (409 over-budget unless overridden). */
  async recordCommitment(tx: Tx, charge: BudgetCharge): Promise<void> {
    await this.charge(tx, 'commitment', charge);
  }

  /** A payout or invoice posted: the actual, releasing the line's open commitments first. */
  async recordActual(tx: Tx, charge: BudgetCharge): Promise<void> {
    await this.charge(tx, 'actual', charge);
  }

  /**
   * What is left to commit on an account in a fiscal year (sum of its lines' available amounts), or null when
   * the year has no planned line for it (then nothing is controlled). The hub's allocation reads it.
   */
  async available(tx: Tx, fy: number, account: string): Promise<number | null> {
    const lines = (await this.lines(tx, fy, account)).filter((l) => l.planned);
    return lines.length === 0 ? null : lines.reduce((sum, l) => sum + l.status.available, 0);
  }

  /** Undoes every movement recorded for that source (order cancelled, invoice voided) by reversing movements. */
  async reverseSource(tx: Tx, source: { kind: string; id: string }, memo: string): Promise<void> {
    const text = memo.trim().slice(0, 500) || '取消 / Reversed';
    const open = () =>
      tx
        .selectFrom('budget_movements as m')
        .innerJoin('budget_lines as l', (j) =>
          j.onRef('l.tenant_id', '=', 'm.tenant_id').onRef('l.id', '=', 'm.line_id'),
        )
        .select([
          'm.id',
          'm.line_id',
          'm.kind',
          'm.amount',
          sql<string>`m.entry_date::text`.as('entry_date'),
          'l.fiscal_year',
          'l.account_code',
        ])
        .where('m.source_kind', '=', source.kind)
        .where('m.source_id', '=', source.id)
        .where('m.reverses_id', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('budget_movements as r')
                .select('r.id')
                .whereRef('r.tenant_id', '=', 'm.tenant_id')
                .whereRef('r.reverses_id', '=', 'm.id'),
            ),
          ),
        )
        .orderBy('m.created_at')
        .orderBy('m.id')
        .execute();
    const first = await open();
    if (first.length === 0) return;
    // The same locks as charges take, in a fixed order, then read again: a concurrent reversal is seen.
    const keys = [...new Set(first.map((m) => `${m.fiscal_year}:${m.account_code}`))].sort();
    for (const key of keys) await this.lockKey(tx, key);
    const today = tokyoDate(new Date());
    for (const m of await open()) {
      // Dated today, but never before the original (dates are strings) nor outside its line's year.
      const date = clampToFiscalYear([today, m.entry_date].sort()[1]!, m.fiscal_year);
      // A commitment already partly settled by actuals (released) gives back only what is still open,
      // so cancelling an order never takes the line's committed amount below zero.
      const amount =
        m.kind === 'commitment'
          ? Math.min(Number(m.amount), await this.openCommitment(tx, m.line_id))
          : Number(m.amount);
      if (amount <= 0 && m.kind === 'commitment') continue;
      await this.insertMovement(tx, {
        lineId: m.line_id,
        kind: m.kind,
        amount: -amount,
        date,
        memo: text,
        source,
        overrideReason: null,
        reversesId: m.id,
      });
    }
  }

  /** Commitments not yet settled by actuals on a line (commitments − releases). */
  private async openCommitment(tx: Tx, lineId: string): Promise<number> {
    const row = await tx
      .selectFrom('budget_movements')
      .select(
        sql<string>`coalesce(sum(CASE kind WHEN 'commitment' THEN amount WHEN 'release' THEN -amount ELSE 0 END), 0)::text`.as(
          'open',
        ),
      )
      .where('line_id', '=', lineId)
      .executeTakeFirstOrThrow();
    return Number(row.open);
  }

  // --- the routes' own transactions ---

  year(fy: number) {
    return this.db.inTenant(async (tx) => {
      const accounts = await this.accountMap(tx);
      const lines = await this.lines(tx, fy);
      const views = sortLines(
        lines.map((l) => this.lineView(l, accounts)),
        [...accounts.keys()],
      );
      const expense = views.filter((v) => v.kind === 'expense');
      const sum = (k: 'budget' | 'committed' | 'actual' | 'available') =>
        expense.reduce((t, v) => t + v[k], 0);
      return {
        fiscalYear: fy,
        controlled: lines.some((l) => l.planned),
        lines: views,
        totals: {
          budget: sum('budget'),
          committed: sum('committed'),
          actual: sum('actual'),
          available: sum('available'),
        },
      };
    });
  }

  /** Plans a line: its initial budget is its first 'budget' movement (409 when the line is planned already). */
  createLine(fy: number, input: CreateLine): Promise<LineViewT> {
    return this.db.inTenant(async (tx) => {
      const accounts = await this.accountMap(tx);
      const account = accounts.get(input.account);
      if (!account)
        throw invalid(
          '/body/account',
          'unknown_account',
          `勘定科目「${input.account}」はありません / Unknown account "${input.account}"`,
        );
      await this.lock(tx, fy, account.code);
      const existing = (await this.lines(tx, fy, account.code)).find(
        (l) => l.fundingSource === input.fundingSource,
      );
      if (existing?.planned)
        throw new Problem(
          'conflict',
          `${fy}年度の「${account.nameJa}・${FUNDING_SOURCE_LABELS[input.fundingSource].ja}」の予算は既にあります。補正してください / ` +
            `FY${fy} already has a ${account.code} line funded by ${input.fundingSource}: adjust it instead`,
        );
      const lineId = existing?.id ?? (await this.ensureLine(tx, fy, account.code, input.fundingSource));
      await this.insertMovement(tx, {
        lineId,
        kind: 'budget',
        amount: input.amount,
        date: clampToFiscalYear(tokyoDate(new Date()), fy),
        memo: input.note ?? '当初予算 / Initial budget',
        source: null,
        overrideReason: null,
        reversesId: null,
      });
      await this.audit.record(tx, {
        action: 'budget.line_created',
        entityType: 'budget_line',
        entityId: lineId,
        data: {
          fiscalYear: fy,
          account: account.code,
          fundingSource: input.fundingSource,
          amount: input.amount,
        },
      });
      return this.lineView((await this.lineById(tx, lineId))!, accounts);
    });
  }

  /** 補正予算: a budget movement of ± amount; an expense line cannot go below what is committed and spent. */
  adjust(lineId: string, amount: number, reason: string): Promise<LineViewT> {
    return this.db.inTenant(async (tx) => {
      const found = await this.lineById(tx, lineId);
      if (!found) throw notFound('予算行', 'Budget line');
      await this.lock(tx, found.fiscalYear, found.account);
      const line = (await this.lineById(tx, lineId))!;
      const accounts = await this.accountMap(tx);
      const expense = accounts.get(line.account)?.kind === 'expense';
      const after = applyMovements(line.status, [{ kind: 'budget', amount }]);
      const floor = expense ? Math.max(0, line.status.committed + line.status.actual) : 0;
      if (after.budget < floor)
        throw new Problem(
          'conflict',
          `補正後の予算（${yen(after.budget)}）が執行済・予定額（${yen(floor)}）を下回ります / ` +
            `The adjusted budget (${after.budget} yen) would be below what is committed and spent (${floor} yen)`,
        );
      await this.insertMovement(tx, {
        lineId,
        kind: 'budget',
        amount,
        date: clampToFiscalYear(tokyoDate(new Date()), line.fiscalYear),
        memo: reason,
        source: null,
        overrideReason: null,
        reversesId: null,
      });
      await this.audit.record(tx, {
        action: 'budget.adjusted',
        entityType: 'budget_line',
        entityId: lineId,
        data: { amount, reason, budgetBefore: line.status.budget, budgetAfter: after.budget },
      });
      return this.lineView((await this.lineById(tx, lineId))!, accounts);
    });
  }

  report(fy: number) {
    return this.db.inTenant(async (tx) => {
      const accounts = await this.accountMap(tx);
      const expense = (await this.lines(tx, fy)).filter((l) => accounts.get(l.account)?.kind === 'expense');
      const ids = expense.map((l) => l.id);
      const sums =
        ids.length === 0
          ? []
          : await tx
              .selectFrom('budget_movements as m')
              .innerJoin('budget_lines as l', (j) =>
                j.onRef('l.tenant_id', '=', 'm.tenant_id').onRef('l.id', '=', 'm.line_id'),
              )
              .where('m.line_id', 'in', ids)
              .where('m.kind', '<>', 'budget')
              .groupBy(['m.month', 'l.funding_source', 'm.kind'])
              .select(['m.month', 'l.funding_source', 'm.kind', sql<string>`sum(m.amount)::text`.as('total')])
              .execute();
      const months = fiscalYearMonths(fy).map((month) => {
        const bySource = Object.fromEntries(
          FUNDING_SOURCES.map((s) => {
            const status = lineStatus(
              sums
                .filter((r) => r.month === month && r.funding_source === s)
                .map((r) => ({ kind: r.kind, amount: Number(r.total) })),
            );
            return [s, { committed: status.committed, actual: status.actual }];
          }),
        ) as Record<FundingSource, { committed: number; actual: number }>;
        const all = Object.values(bySource);
        return {
          month,
          bySource,
          committed: all.reduce((t, v) => t + v.committed, 0),
          actual: all.reduce((t, v) => t + v.actual, 0),
        };
      });
      const bySource = FUNDING_SOURCES.map((fundingSource) => {
        const of = expense.filter((l) => l.fundingSource === fundingSource).map((l) => l.status);
        const add = (k: keyof LineStatus) => of.reduce((t, s) => t + s[k], 0);
        return {
          fundingSource,
          budget: add('budget'),
          committed: add('committed'),
          actual: add('actual'),
          available: add('available'),
        };
      });
      return { fiscalYear: fy, months, bySource };
    });
  }

  movements(fy: number, limit: number): Promise<MovementViewT[]> {
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('budget_movements as m')
        .innerJoin('budget_lines as l', (j) =>
          j.onRef('l.tenant_id', '=', 'm.tenant_id').onRef('l.id', '=', 'm.line_id'),
        )
        .where('l.fiscal_year', '=', fy)
        .select([
          'm.id',
          sql<string>`m.entry_date::text`.as('entry_date'),
          'm.kind',
          'l.account_code',
          'l.funding_source',
          'm.amount',
          'm.memo',
          'm.source_kind',
          'm.source_id',
          'm.override_reason',
          'm.reverses_id',
          'm.created_at',
          'm.created_by',
        ])
        .orderBy('m.entry_date', 'desc')
        .orderBy('m.created_at', 'desc')
        .orderBy('m.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        date: r.entry_date,
        kind: r.kind,
        account: r.account_code,
        fundingSource: r.funding_source,
        amount: Number(r.amount),
        memo: r.memo,
        source: r.source_kind && r.source_id ? { kind: r.source_kind, id: r.source_id } : null,
        overrideReason: r.override_reason,
        reversesId: r.reverses_id,
        createdAt: r.created_at,
        createdBy: r.created_by,
      }));
    });
  }

  // --- internals ---

  private async charge(tx: Tx, kind: 'commitment' | 'actual', c: BudgetCharge): Promise<void> {
    if (!isYen(c.amount) || c.amount < 0)
      throw invalid(
        '/amount',
        'negative_yen',
        '金額は0円以上の整数です / The amount is whole yen, 0 or more',
      );
    // A 0-yen invoice or payout run moves no money: nothing to record (a movement is never 0 yen).
    if (c.amount === 0) return;
    if (!isDate(c.date)) throw invalid('/date', 'bad_date', '日付は YYYY-MM-DD です / Use YYYY-MM-DD');
    if (c.fundingSource !== undefined && !FUNDING_SOURCES.includes(c.fundingSource))
      throw invalid(
        '/fundingSource',
        'unknown_source',
        `財源「${c.fundingSource}」はありません / Unknown source`,
      );
    const reason = c.override?.reason.trim();
    if (c.override && (!reason || reason.length > 500))
      throw invalid(
        '/body/budgetOverride/reason',
        'override_reason_required',
        '予算超過の理由を入力してください（500文字まで） / Give a reason for going over budget (up to 500 characters)',
      );
    if (c.override && !ADMIN_ROLES.has(optionalScope()?.role ?? ''))
      throw new Problem(
        'forbidden',
        '予算超過の承認はセンター管理者・ハブ管理者だけができます / Only a tenant or hub admin may override the budget',
      );
    const account = (await this.accountMap(tx)).get(c.account);
    if (!account)
      throw invalid('/account', 'unknown_account', `勘定科目「${c.account}」はありません / Unknown account`);
    const fy = fiscalYearOf(c.date);
    // One charge at a time per account and year: two cannot both pass the check on the same room.
    await this.lock(tx, fy, account.code);
    const all = await this.lines(tx, fy);
    const controlled = all.some((l) => l.planned);
    const mine = all.filter((l) => l.account === account.code);
    const statusOf = (s: FundingSource) => mine.find((l) => l.fundingSource === s)?.status ?? ZERO;
    // Income is never refused, so "room" means nothing for it: the first planned source takes it.
    const fundingSource =
      c.fundingSource ??
      (account.kind !== 'expense'
        ? (SOURCE_PRIORITY.find((s) => mine.some((l) => l.fundingSource === s && l.planned)) ??
          SOURCE_PRIORITY[0]!)
        : undefined) ??
      pickSource(
        SOURCE_PRIORITY.map((s) => ({ source: s, status: statusOf(s) })),
        kind,
        c.amount,
      );
    const status = statusOf(fundingSource);
    const decision = decideCharge({
      controlled,
      expense: account.kind === 'expense',
      status,
      kind,
      amount: c.amount,
      override: Boolean(c.override),
    });
    const short = shortfall(status, kind, c.amount);
    if (decision === 'refuse')
      throw new OverBudgetProblem({
        fiscalYear: fy,
        account: account.code,
        fundingSource,
        budget: status.budget,
        committed: status.committed,
        actual: status.actual,
        requested: c.amount,
        shortfall: short,
      });
    const lineId =
      mine.find((l) => l.fundingSource === fundingSource)?.id ??
      (await this.ensureLine(tx, fy, account.code, fundingSource));
    const overrideReason = decision === 'override' ? (reason ?? null) : null;
    let mainId = '';
    for (const m of chargeMovements(status, kind, c.amount)) {
      const id = await this.insertMovement(tx, {
        lineId,
        kind: m.kind,
        amount: m.amount,
        date: c.date,
        memo: c.memo.trim().slice(0, 500) || c.source.kind,
        source: c.source,
        overrideReason: m.kind === kind ? overrideReason : null,
        reversesId: null,
      });
      if (m.kind === kind) mainId = id;
    }
    if (decision === 'override')
      await this.audit.record(tx, {
        action: 'budget.override',
        entityType: 'budget_line',
        entityId: lineId,
        data: {
          movementId: mainId,
          kind,
          fiscalYear: fy,
          account: account.code,
          fundingSource,
          amount: c.amount,
          budget: status.budget,
          committed: status.committed,
          actual: status.actual,
          shortfall: short,
          reason: overrideReason,
          source: c.source,
        },
      });
  }

  private lock(tx: Tx, fy: number, account: string) {
    return this.lockKey(tx, `${fy}:${account}`);
  }

  /** Transaction-scoped lock per tenant, fiscal year and account (the app role may not lock rows it cannot update). */
  private async lockKey(tx: Tx, key: string) {
    await sql`SELECT pg_advisory_xact_lock(hashtext('budget:' || kado_current_tenant()::text || ':' || ${key}))`.execute(
      tx,
    );
  }

  private async accountMap(tx: Tx): Promise<Map<string, Account>> {
    return new Map((await this.ledger.accounts(tx)).map((a) => [a.code, a]));
  }

  /** A line for movements on an account and source not planned (yet): budget 0 until it is. */
  private async ensureLine(tx: Tx, fy: number, account: string, source: FundingSource): Promise<string> {
    await tx
      .insertInto('budget_lines')
      .values({
        tenant_id: sql<string>`kado_current_tenant()`,
        fiscal_year: fy,
        account_code: account,
        funding_source: source,
        created_by: currentActor().userId,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'fiscal_year', 'account_code', 'funding_source']).doNothing(),
      )
      .execute();
    const row = await tx
      .selectFrom('budget_lines')
      .select('id')
      .where('fiscal_year', '=', fy)
      .where('account_code', '=', account)
      .where('funding_source', '=', source)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private async insertMovement(
    tx: Tx,
    m: {
      lineId: string;
      kind: MovementKind;
      amount: number;
      date: string;
      memo: string;
      source: { kind: string; id: string } | null;
      overrideReason: string | null;
      reversesId: string | null;
    },
  ): Promise<string> {
    const row = await tx
      .insertInto('budget_movements')
      .values({
        tenant_id: sql<string>`kado_current_tenant()`,
        line_id: m.lineId,
        kind: m.kind,
        amount: m.amount,
        entry_date: m.date,
        month: m.date.slice(0, 7),
        memo: m.memo,
        source_kind: m.source?.kind ?? null,
        source_id: m.source?.id ?? null,
        override_reason: m.overrideReason,
        reverses_id: m.reversesId,
        created_by: currentActor().userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The lines of a year (optionally one account's), with their figures summed from the movements. */
  private async lines(tx: Tx, fy: number, account?: string): Promise<LineRow[]> {
    let q = tx.selectFrom('budget_lines as l').where('l.fiscal_year', '=', fy);
    if (account) q = q.where('l.account_code', '=', account);
    const rows = await q
      .leftJoin('budget_movements as m', (j) =>
        j.onRef('m.tenant_id', '=', 'l.tenant_id').onRef('m.line_id', '=', 'l.id'),
      )
      .groupBy(['l.tenant_id', 'l.id'])
      .select([
        'l.id',
        'l.fiscal_year',
        'l.account_code',
        'l.funding_source',
        sql<string>`coalesce(sum(m.amount) FILTER (WHERE m.kind = 'budget'), 0)::text`.as('budget'),
        sql<string>`coalesce(sum(m.amount) FILTER (WHERE m.kind = 'commitment'), 0)::text`.as('commitment'),
        sql<string>`coalesce(sum(m.amount) FILTER (WHERE m.kind = 'release'), 0)::text`.as('release'),
        sql<string>`coalesce(sum(m.amount) FILTER (WHERE m.kind = 'actual'), 0)::text`.as('actual'),
        sql<number>`count(m.id) FILTER (WHERE m.kind = 'budget')::int`.as('budgets'),
        sql<
          string | null
        >`(SELECT b.memo FROM budget_movements b WHERE b.tenant_id = l.tenant_id AND b.line_id = l.id AND b.kind = 'budget' ORDER BY b.created_at, b.id LIMIT 1)`.as(
          'note',
        ),
      ])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      fiscalYear: r.fiscal_year,
      account: r.account_code,
      fundingSource: r.funding_source,
      status: lineStatus(
        (['budget', 'commitment', 'release', 'actual'] as const).map(
          (kind): Movement => ({ kind, amount: Number(r[kind]) }),
        ),
      ),
      planned: Number(r.budgets) > 0,
      note: r.note,
    }));
  }

  private async lineById(tx: Tx, id: string): Promise<LineRow | undefined> {
    const line = await tx
      .selectFrom('budget_lines')
      .select(['fiscal_year', 'account_code'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!line) return undefined;
    return (await this.lines(tx, line.fiscal_year, line.account_code)).find((l) => l.id === id);
  }

  private lineView(l: LineRow, accounts: Map<string, Account>): LineViewT {
    const a = accounts.get(l.account);
    return {
      id: l.id,
      account: l.account,
      accountNameJa: a?.nameJa ?? l.account,
      accountNameEn: a?.nameEn ?? l.account,
      kind: a?.kind ?? 'expense',
      fundingSource: l.fundingSource,
      ...l.status,
      note: l.note,
    };
  }
}

/** Lines in a stable order: the ledger's account order, then funding source priority. */
export function sortLines<T extends { account: string; fundingSource: FundingSource }>(
  lines: T[],
  accountOrder: string[],
): T[] {
  const rank = (a: string) => {
    const i = accountOrder.indexOf(a);
    return i < 0 ? 999 : i;
  };
  return [...lines].sort(
    (x, y) =>
      rank(x.account) - rank(y.account) ||
      SOURCE_PRIORITY.indexOf(x.fundingSource) - SOURCE_PRIORITY.indexOf(y.fundingSource),
  );
}
