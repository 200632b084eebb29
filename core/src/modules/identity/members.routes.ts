import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Problem } from '../../kernel/problems.js';
import { Slug } from '../tenants/tenant.schemas.js';
import { ROLES } from './identity.schemas.js';
import type { MembershipsService } from './memberships.service.js';

const TenantParams = z.strictObject({ tenant: Slug });
const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });

export const membersRoutes = (memberships: MembershipsService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/members',
    summary: 'メンバー一覧 / Members of the centre',
    tags: ['members'],
    access: { kind: 'tenant', roles: TENANT_ROLES.staff },
    params: TenantParams,
    response: { status: 200, description: 'Members' },
    handle: () => memberships.list(),
  }),
  defineRoute({
    method: 'patch',
    path: '/t/:tenant/members/:id',
    summary: 'メンバーの役割を変更 / Change a member’s role',
    tags: ['members'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: ItemParams,
    body: z.strictObject({ role: z.enum(ROLES) }),
    response: { status: 200, description: 'The membership' },
    handle: async ({ params, body, scope }) => {
      if (body.role === 'hub_admin' && (scope!.tenant.kind !== 'hub' || scope!.role !== 'hub_admin')) {
        throw new Problem(
          'forbidden',
          'hub_admin はハブでハブ管理者のみ付与できます / Only a hub admin on the hub grants hub_admin',
        );
      }
      const m = await memberships.changeRole(params.id, body.role);
      return { id: m.id, role: m.role, userId: m.user_id };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/members/:id',
    summary: 'メンバーを外す / Remove a member',
    tags: ['members'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: ItemParams,
    response: { status: 204, description: 'Removed' },
    handle: async ({ params }) => {
      await memberships.remove(params.id);
    },
  }),
];
