import { z } from 'zod';
import { isDate } from '../../kernel/tokyo.js';
import { Slug } from '../tenants/tenant.schemas.js';

const digits = (n: number, ja: string, en: string) =>
  z
    .string()
    .trim()
    .regex(
      new RegExp(`^[0-9]{${n}}$`),
      `${ja}は半角数字${n}桁で入力してください / ${en} must be exactly ${n} digits`,
    );

const Name = (ja: string, en: string) =>
  z
    .string()
    .trim()
    .min(1, `${ja}を入力してください / Enter the ${en}`)
    .max(60, `${ja}は60文字までです / The ${en} is at most 60 characters`);

const AccountType = z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(9)], {
  error: '預金種目は 1（普通）, 2（当座）, 4（貯蓄）, 9（その他）です / Account type is 1, 2, 4 or 9',
});

export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月は YYYY-MM で指定してください / Use YYYY-MM for the month');

const bankFields = {
  bankCode: digits(4, '銀行番号', 'The bank code'),
  bankName: Name('銀行名', 'bank name'),
  branchCode: digits(3, '支店番号', 'The branch code'),
  branchName: Name('支店名', 'branch name'),
  accountType: AccountType,
  accountNumber: digits(7, '口座番号', 'The account number'),
};

export const BankAccountBody = z.strictObject({
  ...bankFields,
  /** Kana (full- or half-width); stored as half-width bank kana. */
  holderName: z
    .string()
    .trim()
    .min(1, '口座名義（カナ）を入力してください / Enter the account holder (kana)')
    .max(60),
});
export type BankAccountInput = z.output<typeof BankAccountBody>;

export const SettingsBody = z.strictObject({
  consignorCode: digits(10, '委託者コード', 'The consignor code'),
  consignorName: z.string().trim().min(1, '委託者名を入力してください / Enter the consignor name').max(80),
  ...bankFields,
});
export type SettingsInput = z.output<typeof SettingsBody>;

export const BudgetOverride = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, '理由を入力してください / Give a reason')
    .max(500, '理由は500文字までです / At most 500 characters'),
});

export const CreateRunBody = z.strictObject({ month: Month });
export const ApproveBody = z.strictObject({ budgetOverride: BudgetOverride.optional() });

/** POST …/runs/:id/paid: the day the bank made the transfer. */
export const PaidBody = z.strictObject({
  date: z
    .string({ error: '振込日を YYYY-MM-DD で入力してください / Enter the transfer date as YYYY-MM-DD' })
    .refine(isDate, '振込日は実在する YYYY-MM-DD で指定してください / Use a real date as YYYY-MM-DD'),
});

export const TenantParams = z.strictObject({ tenant: Slug });
export const RunParams = z.strictObject({ tenant: Slug, id: z.uuid() });
export const RunStatementParams = z.strictObject({ tenant: Slug, id: z.uuid(), statementId: z.uuid() });
export const UserParams = z.strictObject({ tenant: Slug, userId: z.uuid() });

export const BankAccountView = z.object({
  registered: z.boolean(),
  bankCode: z.string().nullable(),
  bankName: z.string().nullable(),
  branchCode: z.string().nullable(),
  branchName: z.string().nullable(),
  accountType: z.number().int().nullable(),
  accountNumberMasked: z.string().nullable(),
  holderKana: z.string().nullable(),
  updatedAt: z.date().nullable(),
});

export const SettingsView = z.object({
  configured: z.boolean(),
  consignorCode: z.string().nullable(),
  consignorName: z.string().nullable(),
  bankCode: z.string().nullable(),
  bankName: z.string().nullable(),
  branchCode: z.string().nullable(),
  branchName: z.string().nullable(),
  accountType: z.number().int().nullable(),
  accountNumberMasked: z.string().nullable(),
});

export const StatementView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  workerName: z.string(),
  month: z.string(),
  minutes: z.number().int(),
  hourlyRate: z.number().int(),
  hourAmount: z.number().int(),
  units: z.number().int(),
  unitAmount: z.number().int(),
  amount: z.number().int(),
  paymentDate: z.string(),
  pdf: z.boolean(),
  /** The day the run's transfer was recorded as made; null while it is still to be paid. */
  paidOn: z.string().nullable(),
});

const RunSummaryFields = {
  id: z.uuid(),
  month: z.string(),
  status: z.enum(['preview', 'approved', 'processing', 'completed', 'failed', 'discarded', 'paid']),
  paymentDate: z.string(),
  paymentDateNote: z.string().nullable(),
  workers: z.number().int(),
  totalAmount: z.number().int(),
  approvedAt: z.date().nullable(),
  approvedBy: z.uuid().nullable(),
  paidAt: z.date().nullable(),
  paidOn: z.string().nullable(),
  createdAt: z.date(),
};
export const RunSummaryView = z.object(RunSummaryFields);

export const RunView = z.object({
  ...RunSummaryFields,
  problems: z.array(
    z.object({
      userId: z.uuid().nullable(),
      workerName: z.string().nullable(),
      code: z.string(),
      detail: z.string(),
    }),
  ),
  statements: z.array(StatementView),
  job: z.object({ id: z.string(), state: z.string(), progress: z.number() }).nullable(),
  files: z.object({ zengin: z.boolean() }),
  error: z.string().nullable(),
});
