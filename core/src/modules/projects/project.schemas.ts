import { z } from 'zod';
import { Slug } from '../tenants/tenant.schemas.js';

export const TASK_STATUSES = [
  'open',
  'assigned',
  'submitted',
  'in_review',
  'accepted',
  'returned',
  'shared',
] as const;

export const TenantParams = z.strictObject({ tenant: Slug });
export const ProjectParams = z.strictObject({ tenant: Slug, id: z.uuid() });
export const ProjectItemParams = z.strictObject({ tenant: Slug, id: z.uuid(), item: z.uuid() });
export const FileParams = z.strictObject({ tenant: Slug, id: z.uuid(), name: z.string().min(1).max(200) });
export const TaskParams = z.strictObject({ tenant: Slug, id: z.uuid() });

export const ProjectsQuery = z.strictObject({ orderId: z.uuid().optional() });
export const UpdateProjectBody = z.strictObject({
  goldenPercent: z.number().int().min(0).max(50).optional(),
  leaseMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 90)
    .optional(),
});
export const UploadQuery = z.strictObject({ name: z.string().min(1).max(200) });
export const ImportQuery = z.strictObject({
  format: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1).max(200).default('input'),
});
export const ExportBody = z.strictObject({ format: z.string().regex(/^[a-z][a-z0-9-]*$/) });
export const TasksQuery = z.strictObject({
  status: z.enum(TASK_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const NextTaskBody = z.strictObject({
  projectId: z.uuid().optional(),
  /** The minutes the worker has now; tasks whose estimate does not fit are not offered. */
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});
export const OpenTasksQuery = z.strictObject({ projectId: z.uuid().optional() });
/** `work`: the worker's view of a task (a director taking work); default: by role. */
export const TaskViewQuery = z.strictObject({ view: z.enum(['auto', 'work']).default('auto') });
export const DraftBody = z.strictObject({ draft: z.unknown() });
export const SubmitBody = z.strictObject({ submission: z.unknown() });
export const ReviewBody = z.strictObject({
  decision: z.enum(['accept', 'return']),
  comment: z.string().max(2000).optional(),
  submissionId: z.uuid().optional(),
});
export const SkillsBody = z.strictObject({
  skills: z
    .array(
      z.strictObject({
        skill: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/),
        level: z.number().int().min(1).max(5).default(1),
      }),
    )
    .max(50),
});
export const MemberParams = z.strictObject({ tenant: Slug, userId: z.uuid() });

/** Views are documented loosely: their fields are listed in the services' `to…View` functions. */
export const Json = z.record(z.string(), z.unknown());
