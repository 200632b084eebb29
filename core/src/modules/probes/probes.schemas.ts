import { z } from 'zod';
import { Slug } from '../tenants/tenant.schemas.js';

export const TenantParams = z.strictObject({ tenant: Slug });
export const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });

export const CreateProbesBody = z.strictObject({
  count: z.number().int().min(1).max(1000).default(1),
  holdMs: z.number().int().min(0).max(60_000).default(0),
});
export type CreateProbes = z.output<typeof CreateProbesBody>;

export const SummaryQuery = z.strictObject({ batch: z.uuid().optional() });

export const CreatedProbes = z.object({ batch: z.uuid(), ids: z.array(z.uuid()) });

export const ProbeView = z.object({
  id: z.uuid(),
  batch: z.uuid(),
  holdMs: z.number().int(),
  createdAt: z.date(),
  runs: z.number().int(),
  effects: z.number().int(),
  processedAt: z.date().nullable(),
  processedBy: z.string().nullable(),
});

export const ProbeSummary = z.object({
  probes: z.number().int(),
  processed: z.number().int(),
  pending: z.number().int(),
  /** Runs beyond the first: jobs run again after a worker died or lost its lease. */
  reruns: z.number().int(),
  effects: z.number().int(),
  /** Effects beyond one per probe: must stay 0 (every handler is idempotent). */
  duplicateEffects: z.number().int(),
  /** Probes processed per process (host:pid): shows the work spread over the workers. */
  processedBy: z.record(z.string(), z.number().int()),
});
