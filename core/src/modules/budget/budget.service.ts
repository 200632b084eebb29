import { injectable } from 'inversify';
import type { Tx } from '../../db/database.js';

/** Where a budget line's money comes from. */
export const FUNDING_SOURCES = ['city_general_fund', 'national_grant', 'order_revenue'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** A movement another module asks the budget to record, in the caller's transaction. */
export interface BudgetCharge {
  /** 'YYYY-MM-DD' (Tokyo): decides the fiscal year (April–March) and the month it is reported in. */
  date: string;
  /** The ledger account of the budget line, e.g. 'worker_costs' or 'revenue'. */
  account: string;
  /** Integer yen, > 0. */
  amount: number;
  /** What caused it (an order, a payout run, an invoice): reversals and reports find it by this. */
  source: { kind: string; id: string };
  memo: string;
  /** The line's funding source; when left out the budget picks a line of that account with room. */
  fundingSource?: FundingSource;
  /** A tenant admin's decision to go over budget anyway, with the reason (audited). */
  override?: { reason: string };
}

/**
 * STUB — the budget helper replaces this file. Budget per tenant and fiscal year: lines by account and
 * funding source; commitments and actuals recorded by other modules through these three calls.
 */
@injectable()
export class BudgetService {
  /** An order or hourly engagement accepted: commits the amount on its line (409 over-budget unless overridden). */
  async recordCommitment(_tx: Tx, _charge: BudgetCharge): Promise<void> {}
  /** A payout or invoice posted: the actual, releasing the line's open commitments first. */
  async recordActual(_tx: Tx, _charge: BudgetCharge): Promise<void> {}
  /** Undoes every movement recorded for that source (order cancelled, invoice voided) by reversing movements. */
  async reverseSource(_tx: Tx, _source: { kind: string; id: string }, _memo: string): Promise<void> {}
}
