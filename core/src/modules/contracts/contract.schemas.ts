import { z } from 'zod';

const IsoDate = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    '日付は YYYY-MM-DD で指定してください / Use YYYY-MM-DD',
  );

export const CreateTermsBody = z.strictObject({
  textJa: z.string().trim().min(1).max(50_000),
  effectiveFrom: IsoDate,
});
export type CreateTerms = z.output<typeof CreateTermsBody>;

export const PaymentTermsBody = z.strictObject({
  closingDay: z.number().int().min(0).max(28),
  payMonthOffset: z.number().int().min(0).max(2),
  payDay: z.number().int().min(0).max(28),
});

export const CreateContractBody = z
  .strictObject({
    userId: z.uuid(),
    hourlyRate: z.number().int().min(1).max(100_000),
    unitSharePercent: z.number().int().min(0).max(100).default(100),
    perUnitNote: z.string().trim().max(500).nullable().default(null),
    startsOn: IsoDate,
    endsOn: IsoDate.nullable().default(null),
    work: z.string().trim().min(1).max(2000),
    place: z.string().trim().min(1).max(500),
    paymentTerms: PaymentTermsBody.default({ closingDay: 0, payMonthOffset: 1, payDay: 0 }),
    /** Offer at once (the usual case), or keep as a draft. */
    offer: z.boolean().default(true),
  })
  .refine((c) => c.endsOn === null || c.endsOn >= c.startsOn, {
    message: '終了日は開始日以降にしてください / The end date must not be before the start date',
    path: ['endsOn'],
  });
export type CreateContract = z.output<typeof CreateContractBody>;

export const EndContractBody = z.strictObject({ endsOn: IsoDate });
export const AcceptContractBody = z.strictObject({
  /** The terms version the worker was shown: must be the contract's. */
  termsVersion: z.number().int().positive(),
});

export const TermsView = z.object({
  id: z.uuid(),
  version: z.number().int(),
  textJa: z.string(),
  effectiveFrom: z.string(),
  createdAt: z.date(),
});

export const StatementView = z.object({
  work: z.string(),
  pay: z.object({ hourlyRate: z.number(), unitSharePercent: z.number(), perUnitNote: z.string().nullable() }),
  payment: z.object({ rule: z.string(), maxDaysAfterReceipt: z.number() }),
  parties: z.object({ orderer: z.string(), worker: z.string() }),
  place: z.string(),
  period: z.object({ startsOn: z.string(), endsOn: z.string().nullable() }),
  agreedOn: z.string(),
  termsVersion: z.number(),
});

export const ContractView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  hourlyRate: z.number().int(),
  unitSharePercent: z.number().int(),
  perUnitNote: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  termsVersion: z.number().int(),
  paymentTerms: z.object({ closingDay: z.number(), payMonthOffset: z.number(), payDay: z.number() }),
  statement: StatementView,
  status: z.enum(['draft', 'offered', 'accepted', 'ended']),
  offeredAt: z.date().nullable(),
  acceptedAt: z.date().nullable(),
  termsText: z.string().optional(),
  current: z.boolean(),
});
