import { z } from 'zod';
import { Slug } from '../tenants/tenant.schemas.js';

export const PLACEMENT_KINDS = ['employed_local', 'employed_other', 'returned_to_centre', 'other'] as const;

/** Japanese and English labels of placement kinds (the xlsx and the UI use the same words). */
export const PLACEMENT_LABELS: Record<(typeof PLACEMENT_KINDS)[number], { ja: string; en: string }> = {
  employed_local: { ja: '地元企業に就職', en: 'Employed at a local firm' },
  employed_other: { ja: 'その他の就職', en: 'Employed elsewhere' },
  returned_to_centre: { ja: 'センターに復帰', en: 'Returned to the centre' },
  other: { ja: 'その他', en: 'Other' },
};

const isRealDate = (d: string) => {
  const parsed = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(d);
};
export const DateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD で / Use YYYY-MM-DD')
  .refine(isRealDate, { message: '存在しない日付です / No such date' });

export const GrowthQuery = z
  .strictObject({ from: DateOnly.optional(), to: DateOnly.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: '終了日は開始日以降にしてください / "to" must not be before "from"',
  });

export const CreatePlacementBody = z.strictObject({
  userId: z.uuid(),
  kind: z.enum(PLACEMENT_KINDS),
  employerName: z.string().trim().max(200).nullable().default(null),
  occurredOn: DateOnly,
  note: z.string().trim().max(1000).default(''),
});
export type CreatePlacement = z.output<typeof CreatePlacementBody>;

export const PlacementView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  kind: z.enum(PLACEMENT_KINDS),
  employerName: z.string().nullable(),
  occurredOn: z.string(),
  note: z.string(),
  createdAt: z.date(),
});

const Accuracy = z.object({
  workType: z.string(),
  scored: z.number().int(),
  accuracy: z.number().nullable(),
});
const PlacementCounts = z.object(
  Object.fromEntries(PLACEMENT_KINDS.map((k) => [k, z.number().int()])) as Record<
    (typeof PLACEMENT_KINDS)[number],
    z.ZodNumber
  >,
);

export const GrowthView = z.object({
  from: z.string(),
  to: z.string(),
  /** Hours are estimated minutes of accepted work until approved time records exist (see GrowthService). */
  hoursSource: z.enum(['estimated_accepted_work']),
  totals: z.object({
    workers: z.number().int(),
    activeWorkers: z.number().int(),
    hours: z.number(),
    tasks: z.number().int(),
    placements: PlacementCounts,
  }),
  months: z.array(
    z.object({ month: z.string(), hours: z.number(), tasks: z.number().int(), placements: z.number().int() }),
  ),
  workers: z.array(
    z.object({
      userId: z.uuid(),
      displayName: z.string(),
      hours: z.number(),
      tasks: z.number().int(),
      accuracy: z.array(Accuracy),
      placements: z.array(PlacementView),
    }),
  ),
});

export const TenantParams = z.strictObject({ tenant: Slug });
export const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });
