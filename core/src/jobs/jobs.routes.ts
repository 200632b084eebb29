import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../http/route.js';
import { notFound, Problem } from '../kernel/problems.js';
import { Slug } from '../modules/tenants/tenant.schemas.js';
import type { JobQueue } from './queue.js';

const JobId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/);
const JobView = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(['waiting', 'active', 'completed', 'failed']),
  progress: z.number(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  result: z.unknown(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

/** Long work in the background: its progress, and the failed-jobs view with a retry. */
export const jobsRoutes = (queue: JobQueue) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/jobs',
    summary:
      'バックグラウンド処理の一覧 / Background jobs, newest first (state=failed: the failed-jobs view)',
    tags: ['jobs'],
    access: { kind: 'tenant', roles: TENANT_ROLES.staff },
    params: z.strictObject({ tenant: Slug }),
    query: z.strictObject({
      state: z.enum(['waiting', 'active', 'completed', 'failed']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: { status: 200, description: 'Jobs', schema: z.array(JobView) },
    handle: ({ scope, query }) =>
      queue.list(
        scope!.tenant.id,
        query.state ? { state: query.state, limit: query.limit } : { limit: query.limit },
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/jobs/:id',
    summary: 'バックグラウンド処理の状態 / A background job and its progress',
    tags: ['jobs'],
    access: { kind: 'tenant', roles: TENANT_ROLES.staff },
    params: z.strictObject({ tenant: Slug, id: JobId }),
    response: { status: 200, description: 'The job', schema: JobView },
    handle: async ({ scope, params }) => {
      const job = await queue.get(scope!.tenant.id, params.id);
      if (!job) throw notFound('処理', 'Job');
      return job;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/jobs/:id/retry',
    summary: '失敗した処理を再実行 / Retry a failed job',
    tags: ['jobs'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: z.strictObject({ tenant: Slug, id: JobId }),
    response: { status: 202, description: 'Queued again', schema: z.object({ jobId: z.string() }) },
    handle: async ({ scope, params }) => {
      const outcome = await queue.retry(scope!.tenant.id, params.id);
      if (outcome === 'not-found') throw notFound('処理', 'Job');
      if (outcome === 'not-failed')
        throw new Problem('conflict', '失敗した処理だけ再実行できます / Only a failed job can be retried');
      return { jobId: params.id };
    },
  }),
];
