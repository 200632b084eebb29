import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import type { AuditService } from './audit.service.js';

const AuditQuery = z.strictObject({
  action: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  actorUserId: z.uuid().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditRoutes = (audit: AuditService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/audit',
    summary: '監査ログ / Audit log, newest first, filterable; page with `before`',
    tags: ['audit'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: z.strictObject({ tenant: Slug }),
    query: AuditQuery,
    response: { status: 200, description: 'Entries' },
    handle: ({ query }) => audit.list(query),
  }),
];
