import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import { type ApiTokensService, toApiTokenView } from './api-tokens.service.js';
import { GRANTABLE_ROLES } from './identity.schemas.js';

const TenantParams = z.strictObject({ tenant: Slug });
const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });
const ApiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(GRANTABLE_ROLES),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const apiTokensRoutes = (apiTokens: ApiTokensService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/api-tokens',
    summary: 'API トークン一覧 / API tokens',
    tags: ['api-tokens'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: TenantParams,
    response: { status: 200, description: 'Tokens (never the secrets)', schema: z.array(ApiTokenView) },
    handle: async () => (await apiTokens.list()).map(toApiTokenView),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/api-tokens',
    summary: 'API トークンを発行 / Create an API token (the secret is shown once)',
    tags: ['api-tokens'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: TenantParams,
    body: z.strictObject({ name: z.string().trim().min(1).max(100), role: z.enum(GRANTABLE_ROLES) }),
    response: { status: 201, description: 'Created', schema: ApiTokenView.extend({ secret: z.string() }) },
    handle: async ({ body }) => {
      const { token, secret } = await apiTokens.create(body.name, body.role);
      return { ...toApiTokenView(token), secret };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/api-tokens/:id',
    summary: 'API トークンを無効化 / Revoke an API token',
    tags: ['api-tokens'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: ItemParams,
    response: { status: 204, description: 'Revoked' },
    handle: async ({ params }) => {
      await apiTokens.revoke(params.id);
    },
  }),
];
