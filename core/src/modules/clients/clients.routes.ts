import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import { ClientView, CreateClientBody, LinkClientUserBody, UpdateClientBody } from './client.schemas.js';
import type { ClientsService } from './clients.service.js';

const ListParams = z.strictObject({ tenant: Slug });
const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });
const UserParams = z.strictObject({ tenant: Slug, id: z.uuid(), userId: z.uuid() });
const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;

export const clientsRoutes = (clients: ClientsService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/clients',
    summary: '発注者一覧 / List clients',
    tags: ['clients'],
    access: staff,
    params: ListParams,
    response: { status: 200, description: 'Clients', schema: z.array(ClientView) },
    handle: () => clients.list(),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/clients',
    summary: '発注者を登録 / Create a client',
    tags: ['clients'],
    access: staff,
    params: ListParams,
    body: CreateClientBody,
    response: { status: 201, description: 'Created', schema: ClientView },
    handle: ({ body }) => clients.create(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/clients/:id',
    summary: '発注者 / A client',
    tags: ['clients'],
    access: staff,
    params: ItemParams,
    response: { status: 200, description: 'The client', schema: ClientView },
    handle: ({ params }) => clients.get(params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/t/:tenant/clients/:id',
    summary: '発注者を変更 / Change a client',
    tags: ['clients'],
    access: staff,
    params: ItemParams,
    body: UpdateClientBody,
    response: { status: 200, description: 'The client', schema: ClientView },
    handle: ({ params, body }) => clients.update(params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/clients/:id',
    summary: '発注者を削除（受注がない場合） / Delete a client without orders',
    tags: ['clients'],
    access: staff,
    params: ItemParams,
    response: { status: 204, description: 'Deleted' },
    handle: async ({ params }) => {
      await clients.remove(params.id);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/clients/:id/users',
    summary: '発注者ロールのメンバーを発注者に紐付け / Link a client-role member to the client',
    tags: ['clients'],
    access: staff,
    params: ItemParams,
    body: LinkClientUserBody,
    response: { status: 200, description: 'The client', schema: ClientView },
    handle: ({ params, body }) => clients.linkUser(params.id, body.userId),
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/clients/:id/users/:userId',
    summary: '紐付けを解除 / Unlink a person from the client',
    tags: ['clients'],
    access: staff,
    params: UserParams,
    response: { status: 204, description: 'Unlinked' },
    handle: async ({ params }) => {
      await clients.unlinkUser(params.id, params.userId);
    },
  }),
];
