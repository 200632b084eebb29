import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import { CreateWorkspaceBody, UpdateWorkspaceBody, WorkspaceView } from './workspace.schemas.js';
import { toWorkspaceView, type WorkspacesService } from './workspaces.service.js';

const ListParams = z.strictObject({ tenant: Slug });
const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });

export const workspacesRoutes = (workspaces: WorkspacesService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/workspaces',
    summary: 'ワークスペース一覧 / List workspaces',
    tags: ['workspaces'],
    access: { kind: 'tenant' },
    params: ListParams,
    response: { status: 200, description: 'Workspaces', schema: z.array(WorkspaceView) },
    handle: async () => (await workspaces.list()).map(toWorkspaceView),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/workspaces',
    summary: 'ワークスペースを作成 / Create a workspace',
    tags: ['workspaces'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: ListParams,
    body: CreateWorkspaceBody,
    response: { status: 201, description: 'Created', schema: WorkspaceView },
    handle: async ({ body }) => toWorkspaceView(await workspaces.create(body)),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/workspaces/:id',
    summary: 'ワークスペース / A workspace',
    tags: ['workspaces'],
    access: { kind: 'tenant' },
    params: ItemParams,
    response: { status: 200, description: 'The workspace', schema: WorkspaceView },
    handle: async ({ params }) => toWorkspaceView(await workspaces.get(params.id)),
  }),
  defineRoute({
    method: 'patch',
    path: '/t/:tenant/workspaces/:id',
    summary: 'ワークスペースを変更 / Change a workspace',
    tags: ['workspaces'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: ItemParams,
    body: UpdateWorkspaceBody,
    response: { status: 200, description: 'The workspace', schema: WorkspaceView },
    handle: async ({ params, body }) => toWorkspaceView(await workspaces.update(params.id, body)),
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/workspaces/:id',
    summary: 'ワークスペースを削除 / Delete a workspace',
    tags: ['workspaces'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: ItemParams,
    response: { status: 204, description: 'Deleted' },
    handle: async ({ params }) => {
      await workspaces.remove(params.id);
    },
  }),
];
