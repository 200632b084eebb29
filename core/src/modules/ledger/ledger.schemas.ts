import { z } from 'zod';

const IsoDate = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    '日付は YYYY-MM-DD で指定してください / Use YYYY-MM-DD',
  );

/** Amounts are checked by the ledger rules (integer, non-zero, balanced) for bilingual per-line errors. */
export const LineBody = z.strictObject({
  account: z.string().trim().min(1).max(40),
  amount: z.number(),
});

export const PostEntryBody = z.strictObject({
  date: IsoDate,
  memo: z.string().trim().min(1).max(500),
  lines: z.array(LineBody).max(200),
  source: z
    .strictObject({
      kind: z.string().regex(/^[a-z][a-z0-9_.-]{0,39}$/),
      id: z.string().min(1).max(100),
    })
    .optional(),
});
export type PostEntry = z.output<typeof PostEntryBody>;

export const ReverseBody = z.strictObject({
  memo: z.string().trim().min(1).max(500),
  /** The reversal's date; today in Tokyo when left out. Never before the entry it reverses. */
  date: IsoDate.optional(),
});

export const EntriesQuery = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  account: z.string().max(40).optional(),
  sourceKind: z.string().max(40).optional(),
  sourceId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type EntriesFilter = z.output<typeof EntriesQuery>;

export const BalancesQuery = z.strictObject({ asOf: IsoDate.optional() });

const Kind = z.enum(['asset', 'liability', 'revenue', 'expense', 'equity']);

export const AccountView = z.object({
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  kind: Kind,
});

export const EntryView = z.object({
  id: z.uuid(),
  date: z.string(),
  memo: z.string(),
  source: z.object({ kind: z.string(), id: z.string() }).nullable(),
  reversesId: z.uuid().nullable(),
  reversedById: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.date(),
  lines: z.array(z.object({ lineNo: z.number().int(), account: z.string(), amount: z.number().int() })),
});

export const BalancesView = z.object({
  asOf: z.string(),
  accounts: z.array(AccountView.extend({ balance: z.number().int() })),
  /** Sum of every balance: always 0 in a double-entry book. */
  total: z.number().int(),
});
