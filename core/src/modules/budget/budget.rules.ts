import type { FundingSourceCode, MovementKind } from './budget.tables.js';

/**
 * The pure rules of the budget: no database, so they can be checked on generated sequences of movements.
 * Every figure of a line is a sum of its movements (integer yen), so nothing is ever edited.
 */

export interface Movement {
  kind: MovementKind;
  /** Integer yen, signed (a reversal negates). */
  amount: number;
}

export interface LineStatus {
  budget: number;
  /** Commitments not yet settled: commitments − releases. */
  committed: number;
  actual: number;
  /** budget − committed − actual (negative when over budget). */
  available: number;
}

/** Order in which a charge without a named funding source looks for a line with room. */
export const SOURCE_PRIORITY: readonly FundingSourceCode[] = [
  'order_revenue',
  'national_grant',
  'city_general_fund',
];

export const FUNDING_SOURCE_LABELS: Record<FundingSourceCode, { ja: string; en: string }> = {
  city_general_fund: { ja: '一般財源', en: 'City general fund' },
  national_grant: { ja: '国の交付金（地方創生関連交付金など）', en: 'National grant' },
  order_revenue: { ja: '受注収入', en: 'Order revenue' },
};

/** The largest amount of one movement (the database has the same bound): sums stay exact in JS numbers. */
export const MAX_MOVEMENT_YEN = 1_000_000_000_000;

/** The fiscal year (April–March, named by its starting calendar year) of a 'YYYY-MM-DD' date. */
export function fiscalYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

/** First and last day of a fiscal year. */
export const fiscalYearRange = (fy: number) => ({ from: `${fy}-04-01`, to: `${fy + 1}-03-31` });

/** The twelve months of a fiscal year, April → March, as 'YYYY-MM'. */
export function fiscalYearMonths(fy: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    return `${m >= 4 ? fy : fy + 1}-${String(m).padStart(2, '0')}`;
  });
}

/** A date moved into the fiscal year if it falls outside it (a movement stays in its line's year). */
export function clampToFiscalYear(date: string, fy: number): string {
  const { from, to } = fiscalYearRange(fy);
  return date < from ? from : date > to ? to : date;
}

/** A line's figures from its movements. */
export function lineStatus(movements: readonly Movement[]): LineStatus {
  let budget = 0;
  let commitments = 0;
  let releases = 0;
  let actual = 0;
  for (const m of movements) {
    if (m.kind === 'budget') budget += m.amount;
    else if (m.kind === 'commitment') commitments += m.amount;
    else if (m.kind === 'release') releases += m.amount;
    else actual += m.amount;
  }
  const committed = commitments - releases;
  return { budget, committed, actual, available: budget - committed - actual };
}

/**
 * The movements a charge adds to a line: a commitment as it is; an actual together with the release of
 * the line's open commitments it settles (release = min(actual, open commitment)), so money promised and
 * then spent is counted once.
 */
export function chargeMovements(
  status: LineStatus,
  kind: 'commitment' | 'actual',
  amount: number,
): Movement[] {
  if (kind === 'commitment') return [{ kind: 'commitment', amount }];
  const release = Math.min(amount, Math.max(status.committed, 0));
  return release > 0
    ? [
        { kind: 'actual', amount },
        { kind: 'release', amount: release },
      ]
    : [{ kind: 'actual', amount }];
}

/** The status after adding movements. */
export function applyMovements(status: LineStatus, movements: readonly Movement[]): LineStatus {
  const delta = lineStatus(movements);
  const budget = status.budget + delta.budget;
  const committed = status.committed + delta.committed;
  const actual = status.actual + delta.actual;
  return { budget, committed, actual, available: budget - committed - actual };
}

/**
 * How far a charge would take a line over its budget: committed + actual after it, minus the budget;
 * 0 when it fits. Only charges that raise committed + actual can exceed (an actual that settles open
 * commitments raises it by the uncovered part only).
 */
export function shortfall(status: LineStatus, kind: 'commitment' | 'actual', amount: number): number {
  const after = applyMovements(status, chargeMovements(status, kind, amount));
  const rise = after.committed + after.actual - (status.committed + status.actual);
  if (rise <= 0) return 0;
  return Math.max(0, -after.available);
}

export type ChargeDecision = 'record' | 'override' | 'refuse';

/**
 * Whether a charge is recorded: an uncontrolled year (no budget line at all) and revenue accounts refuse
 * nothing; an expense charge that would exceed its line is refused unless overridden (then recorded with
 * the override noted).
 */
export function decideCharge(input: {
  controlled: boolean;
  expense: boolean;
  status: LineStatus;
  kind: 'commitment' | 'actual';
  amount: number;
  override: boolean;
}): ChargeDecision {
  if (!input.controlled || !input.expense) return 'record';
  if (shortfall(input.status, input.kind, input.amount) === 0) return 'record';
  return input.override ? 'override' : 'refuse';
}

/**
 * The line a charge without a named funding source goes to: the first, in SOURCE_PRIORITY order, where it
 * fits; when none fits, the budgeted one with the most room (ties: priority order), or order_revenue when
 * none is budgeted. `candidates` lists every source.
 */
export function pickSource(
  candidates: readonly { source: FundingSourceCode; status: LineStatus }[],
  kind: 'commitment' | 'actual',
  amount: number,
): FundingSourceCode {
  const ordered = SOURCE_PRIORITY.map((s) => candidates.find((c) => c.source === s)).filter(
    (c): c is { source: FundingSourceCode; status: LineStatus } => c !== undefined,
  );
  const fits = ordered.find((c) => shortfall(c.status, kind, amount) === 0);
  if (fits) return fits.source;
  let best: (typeof ordered)[number] | undefined;
  for (const c of ordered)
    if (c.status.budget > 0 && (!best || c.status.available > best.status.available)) best = c;
  return best?.source ?? SOURCE_PRIORITY[0]!;
}

/** The movements that undo some: every amount negated, kinds kept. */
export const reversalMovements = <M extends Movement>(movements: readonly M[]): M[] =>
  movements.map((m) => ({ ...m, amount: -m.amount }));

/** Whether an amount is whole yen within the bound a movement may carry. */
export const isYen = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && Math.abs(n) <= MAX_MOVEMENT_YEN;
