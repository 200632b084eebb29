import { z } from 'zod';
import { Slug } from '../tenants/tenant.schemas.js';
import { MAX_MOVEMENT_YEN } from './budget.rules.js';

export const FUNDING_SOURCE_CODES = ['city_general_fund', 'national_grant', 'order_revenue'] as const;
const FundingSourceEnum = z.enum(FUNDING_SOURCE_CODES);
const KINDS = ['budget', 'commitment', 'release', 'actual'] as const;

/** Integer yen within the bound a movement may carry. */
const Yen = z
  .number()
  .int('金額は円単位の整数で指定してください / Amounts are whole yen')
  .min(-MAX_MOVEMENT_YEN)
  .max(MAX_MOVEMENT_YEN);

/** An admin's decision to go over budget anyway: the reason is required and audited. */
export const BudgetOverrideBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, '予算超過の理由を入力してください / Give a reason for going over budget')
    .max(500),
});

export const YearParams = z.strictObject({
  tenant: Slug,
  fy: z.coerce.number().int().min(2000).max(2099),
});
export const LineParams = z.strictObject({ tenant: Slug, id: z.uuid() });

export const CreateLineBody = z.strictObject({
  account: z.string().trim().min(1).max(40),
  fundingSource: FundingSourceEnum,
  amount: Yen.min(0, '予算額は0円以上です / A budget is 0 yen or more'),
  note: z.string().trim().min(1).max(500).optional(),
});
export type CreateLine = z.output<typeof CreateLineBody>;

export const AdjustmentBody = z.strictObject({
  amount: Yen.refine((n) => n !== 0, '補正額は0円以外で指定してください / An adjustment is not 0 yen'),
  reason: z.string().trim().min(1).max(500),
});

export const MovementsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const Money = {
  budget: z.number().int(),
  committed: z.number().int(),
  actual: z.number().int(),
  available: z.number().int(),
};

export const LineView = z.object({
  id: z.uuid(),
  account: z.string(),
  accountNameJa: z.string(),
  accountNameEn: z.string(),
  kind: z.enum(['asset', 'liability', 'revenue', 'expense', 'equity']),
  fundingSource: FundingSourceEnum,
  ...Money,
  /** The note given when the line was planned (null for a line that only received movements). */
  note: z.string().nullable(),
});
export type LineViewT = z.output<typeof LineView>;

export const YearView = z.object({
  fiscalYear: z.number().int(),
  /** The year has at least one planned line: over-budget charges on expense accounts are refused. */
  controlled: z.boolean(),
  lines: z.array(LineView),
  /** Over expense lines only (a revenue line's budget is income expected, not money to spend). */
  totals: z.object(Money),
});

const CommittedActual = z.object({ committed: z.number().int(), actual: z.number().int() });

export const ReportView = z.object({
  fiscalYear: z.number().int(),
  /** Expense lines, by the month a movement is dated in (April → March); committed is net of releases. */
  months: z.array(
    z.object({
      month: z.string(),
      bySource: z.record(FundingSourceEnum, CommittedActual),
      committed: z.number().int(),
      actual: z.number().int(),
    }),
  ),
  bySource: z.array(z.object({ fundingSource: FundingSourceEnum, ...Money })),
});

export const MovementView = z.object({
  id: z.uuid(),
  date: z.string(),
  kind: z.enum(KINDS),
  account: z.string(),
  fundingSource: FundingSourceEnum,
  amount: z.number().int(),
  memo: z.string(),
  source: z.object({ kind: z.string(), id: z.string() }).nullable(),
  overrideReason: z.string().nullable(),
  reversesId: z.uuid().nullable(),
  createdAt: z.date(),
  createdBy: z.uuid().nullable(),
});
export type MovementViewT = z.output<typeof MovementView>;
