import { z } from 'zod';
import { Slug } from '../../tenants/tenant.schemas.js';

export const TenantParams = z.strictObject({ tenant: Slug });

export const NetworkQuery = z.strictObject({
  fy: z.coerce
    .number({
      message: '年度は数字で指定してください（例 2026） / Give the fiscal year as a number, e.g. 2026',
    })
    .int('年度は整数です / The fiscal year is a whole number')
    .min(2000, '年度は2000以降です / The fiscal year is 2000 or later')
    .max(2999, '年度は2999までです / The fiscal year is 2999 at the latest')
    .optional(),
});

const Bilingual = z.object({ ja: z.string(), en: z.string() });
const PlacementCounts = z.object({
  employed_local: z.number().int(),
  employed_other: z.number().int(),
  returned_to_centre: z.number().int(),
  other: z.number().int(),
});

const Capacity = z.object({
  workType: z.string(),
  /** Workers holding every skill the work type's plugin needs. */
  qualifiedWorkers: z.number().int(),
  /** Their available hours over the next seven days, from their availability rules. */
  weeklyHours: z.number(),
  /** Qualified workers who have not set their hours (they add nothing to weeklyHours). */
  qualifiedWithoutHours: z.number().int(),
});

const Figures = z.object({
  workers: z.number().int(),
  activeWorkers: z.number().int(),
  hoursWorked: z.number(),
  placements: z.number().int(),
  placementsByKind: PlacementCounts,
  /** Integer yen: tasks × unit price of the offers the centre accepted in the fiscal year. */
  revenueShared: z.number().int(),
  tasksShared: z.number().int(),
  offersAccepted: z.number().int(),
});

export const CentreView = Figures.extend({
  slug: z.string(),
  name: Bilingual,
  kind: z.enum(['hub', 'municipality', 'operator']),
  prefecture: z.string(),
  status: z.enum(['onboarding', 'active', 'suspended']),
  localGovernmentCode: z.string(),
  location: z.object({
    lat: z.number(),
    lng: z.number(),
    precision: z.enum(['municipality', 'prefecture', 'none']),
  }),
  capacity: z.array(Capacity),
});

export const NetworkView = z.object({
  fiscalYear: z.number().int(),
  from: z.string(),
  to: z.string(),
  /** Hours worked are the minutes of approved monthly timesheets (not estimates). */
  hoursSource: z.literal('approved_timesheets'),
  activeWindowDays: z.number().int(),
  capacityWindow: z.object({ from: z.string(), days: z.number().int() }),
  workTypes: z.array(z.object({ id: z.string(), title: Bilingual, skills: z.array(z.string()) })),
  centres: z.array(CentreView),
  totals: Figures.extend({
    centres: z.number().int(),
    activeCentres: z.number().int(),
    capacity: z.array(Capacity.extend({ centres: z.number().int() })),
  }),
});
export type NetworkViewT = z.output<typeof NetworkView>;
export type CentreViewT = z.output<typeof CentreView>;
