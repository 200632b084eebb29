import { z } from 'zod';
import { Slug } from '../../tenants/tenant.schemas.js';

export const TenantParams = z.strictObject({ tenant: Slug });
export const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });

/** A Tokyo calendar month, 'YYYY-MM'. */
export const Month = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])$/,
    '月は YYYY-MM で指定してください（例: 2026-10） / Use YYYY-MM, e.g. 2026-10',
  );

export const ComputeBody = z.strictObject({ month: Month });
export const ListQuery = z.strictObject({ month: Month.optional() });
export type ListFilter = z.output<typeof ListQuery>;

const Centre = z.object({ tenantId: z.string(), slug: z.string(), nameJa: z.string(), nameEn: z.string() });

export const SettlementLineView = z.object({
  offerId: z.string(),
  title: z.string(),
  workType: z.string(),
  /** Tasks of this offer the partner accepted in the month. */
  units: z.number().int(),
  /** Integer yen per task, as agreed on the offer. */
  unitPrice: z.number().int(),
  amountYen: z.number().int(),
});
export type SettlementLineView = z.output<typeof SettlementLineView>;

/** A statement: the same for the hub and for the partner. */
export const SettlementView = z.object({
  id: z.string(),
  month: z.string(),
  /** The last Tokyo day of the month: the date of both ledger entries. */
  settlementDate: z.string(),
  status: z.enum(['draft', 'confirmed']),
  hub: Centre,
  partner: Centre,
  units: z.number().int(),
  totalYen: z.number().int(),
  lines: z.array(SettlementLineView),
  /** Whether the month has ended in Tokyo (only then can a statement be confirmed). */
  monthEnded: z.boolean(),
  hubEntryId: z.string().nullable(),
  partnerEntryId: z.string().nullable(),
  createdAt: z.date(),
  computedAt: z.date(),
  confirmedAt: z.date().nullable(),
});
export type SettlementView = z.output<typeof SettlementView>;

export const ComputeView = z.object({
  month: z.string(),
  monthEnded: z.boolean(),
  /** Every statement of the month after the run: drafts (re)computed and confirmed ones as they were. */
  statements: z.array(SettlementView),
  /** Drafts removed because their partner no longer has accepted work in the month. */
  removed: z.number().int(),
  /** Confirmed statements left untouched. */
  keptConfirmed: z.number().int(),
});
export type ComputeView = z.output<typeof ComputeView>;
