import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { CreateTenantBody, Slug, TenantView, UpdateTenantBody } from './tenant.schemas.js';
import { type TenantsService, toTenantView } from './tenants.service.js';

const TenantParams = z.strictObject({ tenant: Slug });
const PartnerParams = z.strictObject({ tenant: Slug, slug: Slug });

export const tenantsRoutes = (tenants: TenantsService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant',
    summary: 'センターの設定 / The centre and its settings',
    tags: ['tenants'],
    access: { kind: 'tenant' },
    params: TenantParams,
    response: { status: 200, description: 'The tenant', schema: TenantView },
    handle: async ({ scope }) => toTenantView((await tenants.findBySlug(scope!.tenant.slug))!),
  }),
  defineRoute({
    method: 'patch',
    path: '/t/:tenant',
    summary: 'センターの設定を変更 / Change the centre settings',
    tags: ['tenants'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: TenantParams,
    body: UpdateTenantBody,
    response: { status: 200, description: 'The updated tenant', schema: TenantView },
    handle: async ({ body }) => toTenantView(await tenants.update(body)),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/code-history',
    summary: '地方公共団体コードの履歴 / Local government code history',
    tags: ['tenants'],
    access: { kind: 'tenant', roles: TENANT_ROLES.staff },
    params: TenantParams,
    response: { status: 200, description: 'Codes, newest first' },
    handle: () => tenants.codeHistory(),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/tenants',
    summary: 'ハブ: 全センター一覧 / Hub: all tenants with their status',
    tags: ['hub'],
    access: { kind: 'tenant', roles: ['hub_admin'], hubOnly: true },
    params: TenantParams,
    response: { status: 200, description: 'Tenants', schema: z.array(TenantView) },
    handle: async () => (await tenants.list()).map(toTenantView),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/tenants',
    summary: 'ハブ: センターを作成 / Hub: create a tenant',
    tags: ['hub'],
    access: { kind: 'tenant', roles: ['hub_admin'], hubOnly: true },
    params: TenantParams,
    body: CreateTenantBody,
    response: { status: 201, description: 'Created', schema: TenantView },
    handle: async ({ body }) => toTenantView(await tenants.create(body)),
  }),
  ...(['suspend', 'reactivate'] as const).map((verb) =>
    defineRoute({
      method: 'post',
      path: `/t/:tenant/tenants/:slug/${verb}`,
      summary:
        verb === 'suspend'
          ? 'ハブ: センターを停止 / Hub: suspend a tenant'
          : 'ハブ: センターを再開 / Hub: reactivate a tenant',
      tags: ['hub'],
      access: { kind: 'tenant', roles: ['hub_admin'], hubOnly: true },
      params: PartnerParams,
      response: { status: 200, description: 'The tenant', schema: TenantView },
      handle: async ({ params }) =>
        toTenantView(await tenants.setStatus(params.slug, verb === 'suspend' ? 'suspended' : 'active')),
    }),
  ),
];
