import { z } from 'zod';
import { Slug } from '../../tenants/tenant.schemas.js';

export const TenantParams = z.strictObject({ tenant: Slug });
export const OrderParams = z.strictObject({ tenant: Slug, orderId: z.uuid() });
export const ShareParams = z.strictObject({ tenant: Slug, id: z.uuid() });
export const ShareOfferParams = z.strictObject({ tenant: Slug, id: z.uuid(), offerId: z.uuid() });
export const OfferParams = z.strictObject({ tenant: Slug, id: z.uuid() });

const tasks = z.number().int().min(0).max(10_000_000);

/** The hub's edit: centre (tenant id) → tasks, kept exactly; the other centres are re-optimised. */
export const AllocationBody = z.strictObject({
  shares: z.record(z.uuid(), tasks).refine((s) => Object.keys(s).length <= 2000, 'too many centres'),
});
export type AllocationEdit = z.output<typeof AllocationBody>;

export const SendBody = z.strictObject({ respondBy: z.iso.datetime({ offset: true }).optional() });

export const DeclineBody = z.strictObject({ reason: z.string().trim().max(500).default('') });

export const CounterBody = z
  .strictObject({
    tasks: z.number().int().positive().max(10_000_000).optional(),
    unitPrice: z.number().int().min(0).max(10_000_000).optional(),
    note: z.string().trim().min(1).max(500),
  })
  .refine((b) => b.tasks !== undefined || b.unitPrice !== undefined, {
    message: '件数か単価を指定してください / Give tasks or a unit price',
    path: ['tasks'],
  });
export type Counter = z.output<typeof CounterBody>;

const Text = z.object({ ja: z.string(), en: z.string() });

export const ProposalCentre = z.object({
  tenantId: z.string(),
  slug: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  isHub: z.boolean(),
  tasks: z.number(),
  unitPrice: z.number(),
  costYen: z.number(),
  qualifiedWorkers: z.number(),
  workersWithoutHours: z.number(),
  availableHours: z.number(),
  tasksPerHour: z.number(),
  throughputMeasured: z.boolean(),
  committedTasks: z.number(),
  capacityTasks: z.number(),
  budgetLeftYen: z.number().nullable(),
  fixed: z.boolean(),
  explanation: Text,
});
export type ProposalCentre = z.output<typeof ProposalCentre>;

export const Proposal = z.object({
  feasible: z.boolean(),
  costYen: z.number(),
  lowerBoundYen: z.number().nullable(),
  totalShortfall: z.number(),
  message: Text.nullable(),
  horizon: z.object({ from: z.string(), to: z.string(), days: z.number() }),
  centres: z.array(ProposalCentre),
});
export type Proposal = z.output<typeof Proposal>;

export const OfferView = z.object({
  id: z.string(),
  shareId: z.string(),
  hubName: Text,
  partner: z.object({ tenantId: z.string(), slug: z.string(), nameJa: z.string(), nameEn: z.string() }),
  title: z.string(),
  workType: z.string(),
  tasks: z.number(),
  unitPrice: z.number(),
  amountYen: z.number(),
  deadline: z.date(),
  respondBy: z.date(),
  status: z.enum(['offered', 'countered', 'accepted', 'declined', 'withdrawn']),
  counter: z.object({ tasks: z.number(), unitPrice: z.number(), note: z.string() }).nullable(),
  partnerProjectId: z.string().nullable(),
  respondedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type OfferView = z.output<typeof OfferView>;

export const ShareView = z.object({
  id: z.string(),
  orderId: z.string(),
  orderTitle: z.string(),
  workType: z.string(),
  tasks: z.number(),
  deadline: z.string(),
  status: z.enum(['draft', 'offered', 'delivered', 'cancelled']),
  createdAt: z.date(),
  proposal: Proposal,
  offers: z.array(OfferView),
});

export const ShareSummary = ShareView.omit({ proposal: true, offers: true }).extend({
  offers: z.record(z.string(), z.number()),
});

/** Moving a centre's untouched work to another centre (or back to the hub). */
export const MoveBody = z.strictObject({
  fromOfferId: z.uuid(),
  toTenantId: z.uuid(),
  tasks: z.number().int().positive().max(10_000_000),
});
export type MoveBody = z.output<typeof MoveBody>;

export const DeliverBody = z.strictObject({ format: z.string().trim().min(1).max(50) });
