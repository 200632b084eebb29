/**
 * Types and helpers of the money pages (budget, payouts, invoices, statements): the API shapes of
 * the budget, payouts and invoices routes in core (issue #7). All amounts are integer yen.
 */
import { ApiError } from '$lib/api';
import type { Locale } from '$lib/i18n';

/** Integer yen, written 1,234円. */
export const yen = (n: number) => `${Math.trunc(n).toLocaleString('ja-JP')}円`;

/** Today in Tokyo, 'YYYY-MM-DD'. */
export const tokyoToday = (now = Date.now()) => new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);

/** The fiscal year (starting calendar year, April) of a Tokyo date. */
export function fiscalYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1;
}

export const currentFiscalYear = (now = Date.now()) => fiscalYearOf(tokyoToday(now));

/** 2026年度（令和8年度） / FY2026 (Reiwa 8). Reiwa 1 = 2019. */
export function fiscalYearLabel(fy: number, locale: Locale): string {
  const reiwa = fy - 2018;
  if (locale === 'ja') return reiwa >= 1 ? `${fy}年度（令和${reiwa === 1 ? '元' : reiwa}年度）` : `${fy}年度`;
  return reiwa >= 1 ? `FY${fy} (Reiwa ${reiwa})` : `FY${fy}`;
}

/** The twelve months of a fiscal year, April → March, as 'YYYY-MM'. */
export const fiscalMonths = (fy: number) =>
  Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    return `${i < 9 ? fy : fy + 1}-${String(m).padStart(2, '0')}`;
  });

/** 'YYYY-MM' of the month before this one in Tokyo (the month usually paid). */
export function previousMonth(now = Date.now()): string {
  const today = tokyoToday(now);
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7)) - 1;
  if (m === 0) {
    m = 12;
    y -= 1;
  }
  return `${y}-${String(m).padStart(2, '0')}`;
}

// --- budget ---

export const FUNDING_SOURCES = ['city_general_fund', 'national_grant', 'order_revenue'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export interface BudgetLine {
  id: string;
  account: string;
  accountNameJa: string;
  accountNameEn: string;
  kind: string;
  fundingSource: FundingSource;
  budget: number;
  committed: number;
  actual: number;
  available: number;
  note: string | null;
}

export interface BudgetYear {
  fiscalYear: number;
  controlled: boolean;
  lines: BudgetLine[];
  totals: { budget: number; committed: number; actual: number; available: number };
}

export interface BudgetReport {
  fiscalYear: number;
  months: {
    month: string;
    bySource: Partial<Record<FundingSource, { committed: number; actual: number }>>;
    committed: number;
    actual: number;
  }[];
  bySource: {
    fundingSource: FundingSource;
    budget: number;
    committed: number;
    actual: number;
    available: number;
  }[];
}

export interface Movement {
  id: string;
  date: string;
  kind: 'budget' | 'commitment' | 'release' | 'actual';
  account: string;
  fundingSource: FundingSource;
  amount: number;
  memo: string | null;
  source: { kind: string; id: string } | null;
  overrideReason: string | null;
  reversesId: string | null;
  createdAt: string;
  createdBy: string | null;
}

/** The extension of an `over-budget` (409) problem. */
export interface OverBudget {
  fiscalYear: number;
  account: string;
  fundingSource: FundingSource;
  budget: number;
  committed: number;
  actual: number;
  requested: number;
  shortfall: number;
}

// --- payouts ---

export type RunStatus = 'preview' | 'approved' | 'processing' | 'completed' | 'failed' | 'discarded' | 'paid';

export interface PayStatement {
  id: string;
  userId: string;
  workerName: string;
  month: string;
  minutes: number;
  hourlyRate: number;
  hourAmount: number;
  units: number;
  unitAmount: number;
  amount: number;
  paymentDate: string;
  pdf: boolean;
  /** The day the run's transfer was recorded as made; null while it is still to be paid. */
  paidOn: string | null;
}

export interface RunProblem {
  /** null for a problem of the centre (e.g. no remitter settings). */
  userId: string | null;
  workerName: string | null;
  code: string;
  detail: string;
}

export interface PayoutRun {
  id: string;
  month: string;
  status: RunStatus;
  paymentDate: string;
  paymentDateNote: string | null;
  workers: number;
  totalAmount: number;
  problems: RunProblem[];
  statements: PayStatement[];
  job: { id: string; state: string; progress: number } | null;
  files: { zengin: boolean };
  approvedAt: string | null;
  approvedBy: string | null;
  paidAt?: string | null;
  paidOn?: string | null;
  createdAt?: string;
  /** Why the job failed, when it did. */
  error?: string | null;
}

export type RunSummary = Omit<PayoutRun, 'statements' | 'problems'> & Partial<Pick<PayoutRun, 'problems'>>;

export const ACCOUNT_TYPES = [1, 2, 4, 9] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** GET /payouts/settings: every field null until configured. */
export interface RemitterSettings {
  configured: boolean;
  consignorCode: string | null;
  consignorName: string | null;
  bankCode: string | null;
  bankName: string | null;
  branchCode: string | null;
  branchName: string | null;
  accountType: AccountType | null;
  accountNumberMasked: string | null;
}

/** GET /me/bank-account: every field null until registered; the number is never returned in full. */
export interface BankAccount {
  registered: boolean;
  bankCode: string | null;
  bankName: string | null;
  branchCode: string | null;
  branchName: string | null;
  accountType: AccountType | null;
  accountNumberMasked: string | null;
  holderKana: string | null;
  updatedAt: string | null;
}

// --- invoices ---

export const TAX_RATES = [10, 8] as const;
export type TaxRate = (typeof TAX_RATES)[number];
export const ROUNDINGS = ['down', 'up', 'half-up'] as const;
export type Rounding = (typeof ROUNDINGS)[number];
export const INVOICE_STATUSES = ['draft', 'issued', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface InvoiceItem {
  lineNo: number;
  description: string;
  quantity: number;
  unitPrice: number;
  taxRate: TaxRate;
  amount: number;
}

export interface RateTotal {
  rate: TaxRate;
  net: number;
  tax: number;
  gross: number;
}

export interface Invoice {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  client: { id: string; name: string };
  orderId: string | null;
  issueDate: string;
  dueDate: string | null;
  items: InvoiceItem[];
  rounding: Rounding;
  totalsByRate: RateTotal[];
  subtotal: number;
  tax: number;
  total: number;
  paid: number;
  outstanding: number;
  overdue: boolean;
  issuer: { name: string; registrationNumber: string; address: string } | null;
  payments: { id: string; date: string; amount: number }[];
  note: string;
  issuedAt: string | null;
  voidedAt: string | null;
  voidReason: string | null;
}

export type InvoiceSummary = Pick<
  Invoice,
  | 'id'
  | 'number'
  | 'status'
  | 'client'
  | 'issueDate'
  | 'dueDate'
  | 'total'
  | 'paid'
  | 'outstanding'
  | 'overdue'
> &
  Partial<Invoice>;

export interface InvoiceSettings {
  configured: boolean;
  issuerName: string;
  registrationNumber: string;
  address: string;
  phone: string;
  rounding: Rounding;
  paymentTermsDays: number;
  bankInfo: string;
}

function roundQuotient(numerator: number, denominator: number, rounding: Rounding): number {
  const negative = numerator < 0;
  const magnitude = Math.abs(numerator);
  const quotient = Math.floor(magnitude / denominator);
  const remainder = magnitude % denominator;
  let rounded = quotient;
  if (rounding === 'up' && remainder > 0) rounded = quotient + 1;
  if (rounding === 'half-up' && remainder * 2 >= denominator) rounded = quotient + 1;
  return negative ? -rounded : rounded;
}

/**
 * Per-rate totals as the server computes them: the tax is rounded once per rate on the sum of that rate's
 * lines (never per line), with the issuer's rounding. 10 % first.
 */
export function totalsByRate(
  items: readonly { quantity: number; unitPrice: number; taxRate: TaxRate }[],
  rounding: Rounding,
): { byRate: RateTotal[]; subtotal: number; tax: number; total: number } {
  const sums = new Map<TaxRate, number>();
  for (const item of items) {
    const q = Number(item.quantity);
    const p = Number(item.unitPrice);
    if (!Number.isSafeInteger(q) || !Number.isSafeInteger(p)) continue;
    sums.set(item.taxRate, (sums.get(item.taxRate) ?? 0) + q * p);
  }
  const byRate: RateTotal[] = [];
  let subtotal = 0;
  let tax = 0;
  for (const rate of TAX_RATES) {
    const net = sums.get(rate);
    if (net === undefined) continue;
    const rateTax = roundQuotient(net * rate, 100, rounding);
    subtotal += net;
    tax += rateTax;
    byRate.push({ rate, net, tax: rateTax, gross: net + rateTax });
  }
  return { byRate, subtotal, tax, total: subtotal + tax };
}

/** The figures of an over-budget problem (409), or null for any other error. */
export function overBudgetOf(error: unknown): OverBudget | null {
  if (!(error instanceof ApiError) || error.type !== 'over-budget') return null;
  return (error.extensions.budget as OverBudget | undefined) ?? null;
}
