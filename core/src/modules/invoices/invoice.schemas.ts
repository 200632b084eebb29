import { z } from 'zod';
import { isDate } from '../../kernel/tokyo.js';
import { invoiceRegistrationNumber } from '../clients/invoice-registration-number.js';
import { Slug } from '../tenants/tenant.schemas.js';
import { TAX_ROUNDINGS } from './tax.js';

export const IsoDate = z
  .string()
  .refine(isDate, '日付は実在する YYYY-MM-DD で指定してください / Use a real date as YYYY-MM-DD');

const Yen = z
  .number()
  .int('金額は円単位の整数で指定してください / Amounts are whole yen')
  .min(0, '金額は0円以上です / Amounts are 0 yen or more');

export const TenantParams = z.strictObject({ tenant: Slug });
export const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });

export const SettingsBody = z.strictObject({
  issuerName: z.string().trim().min(1).max(200),
  registrationNumber: invoiceRegistrationNumber,
  address: z.string().trim().min(1).max(300),
  phone: z
    .string()
    .trim()
    .regex(
      /^[0-9+()\- ]{0,20}$/,
      '電話番号は半角数字と + ( ) - で20文字まで / Phone: up to 20 of 0-9 + ( ) -',
    )
    .default(''),
  rounding: z.enum(TAX_ROUNDINGS),
  paymentTermsDays: z.number().int().min(1).max(60),
  bankInfo: z.string().trim().max(500),
});
export type Settings = z.output<typeof SettingsBody>;

export const SettingsView = SettingsBody.extend({
  configured: z.boolean(),
  registrationNumber: z.string(),
  issuerName: z.string(),
  address: z.string(),
});

export const ItemBody = z.strictObject({
  description: z.string().trim().min(1).max(200),
  quantity: z
    .number()
    .int('数量は整数で指定してください / The quantity is a whole number')
    .min(1, '数量は1以上です / The quantity is at least 1')
    .max(1_000_000),
  unitPrice: Yen.max(10_000_000_000),
  taxRate: z.union([z.literal(10), z.literal(8)], { error: '税率は10か8です / The tax rate is 10 or 8' }),
});

const draftShape = {
  clientId: z.uuid(),
  orderId: z.uuid().nullable().optional(),
  issueDate: IsoDate,
  dueDate: IsoDate.nullable().optional(),
  items: z.array(ItemBody).min(1).max(100),
  note: z.string().trim().max(1000).optional(),
};

const dueNotBeforeIssue = (d: { issueDate?: string; dueDate?: string | null | undefined }) =>
  !d.issueDate || !d.dueDate || d.dueDate >= d.issueDate;
const dueMessage = {
  message: '支払期限は請求日以降にしてください / The due date cannot be before the issue date',
  path: ['dueDate'],
};

export const CreateInvoiceBody = z.strictObject(draftShape).refine(dueNotBeforeIssue, dueMessage);
export type CreateInvoice = z.output<typeof CreateInvoiceBody>;

export const UpdateInvoiceBody = z.strictObject(draftShape).partial().refine(dueNotBeforeIssue, dueMessage);
export type UpdateInvoice = z.output<typeof UpdateInvoiceBody>;

export const PaymentBody = z.strictObject({
  date: IsoDate,
  amount: Yen.min(1, '入金額は1円以上です / A payment is at least 1 yen').max(1_000_000_000_000),
});

export const VoidBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const INVOICE_STATUSES = ['draft', 'issued', 'paid', 'void'] as const;

export const ListQuery = z.strictObject({
  status: z.enum(INVOICE_STATUSES).optional(),
  fy: z.coerce.number().int().min(2000).max(2999).optional(),
  clientId: z.uuid().optional(),
});

export const ExportQuery = z.strictObject({ fy: z.coerce.number().int().min(2000).max(2999).optional() });

const Rate = z.union([z.literal(10), z.literal(8)]);

export const InvoiceSummaryView = z.object({
  id: z.uuid(),
  number: z.string().nullable(),
  status: z.enum(INVOICE_STATUSES),
  client: z.object({ id: z.uuid(), name: z.string() }),
  orderId: z.uuid().nullable(),
  issueDate: z.string(),
  dueDate: z.string().nullable(),
  subtotal: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
  paid: z.number().int(),
  outstanding: z.number().int(),
  overdue: z.boolean(),
});

export const InvoiceView = InvoiceSummaryView.extend({
  items: z.array(
    z.object({
      lineNo: z.number().int(),
      description: z.string(),
      quantity: z.number().int(),
      unitPrice: z.number().int(),
      taxRate: Rate,
      amount: z.number().int(),
    }),
  ),
  rounding: z.enum(TAX_ROUNDINGS),
  totalsByRate: z.array(
    z.object({ rate: Rate, net: z.number().int(), tax: z.number().int(), gross: z.number().int() }),
  ),
  issuer: z.object({ name: z.string(), registrationNumber: z.string(), address: z.string() }).nullable(),
  payments: z.array(z.object({ id: z.uuid(), date: z.string(), amount: z.number().int() })),
  note: z.string(),
  issuedAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type Invoice = z.output<typeof InvoiceView>;
export type InvoiceSummary = z.output<typeof InvoiceSummaryView>;

export const ReceivablesView = z.object({
  total: z.number().int(),
  overdue: z.number().int(),
  invoices: z.array(InvoiceSummaryView),
});
