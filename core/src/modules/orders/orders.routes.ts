import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import { CreateOrderBody, OrdersQuery, OrderView, TransitionBody, UpdateOrderBody } from './order.schemas.js';
import type { OrdersService } from './orders.service.js';

const ListParams = z.strictObject({ tenant: Slug });
const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });
const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
/** Clients read their own company's orders and progress; the service narrows what they see. */
const staffAndClients = { kind: 'tenant', roles: [...TENANT_ROLES.staff, 'client'] } as const;

export const ordersRoutes = (orders: OrdersService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/orders',
    summary: '受注一覧（発注者には自社分のみ） / List orders (a client sees its own only)',
    tags: ['orders'],
    access: staffAndClients,
    params: ListParams,
    query: OrdersQuery,
    response: { status: 200, description: 'Orders', schema: z.array(OrderView) },
    handle: ({ query }) => orders.list(query),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/orders',
    summary: '受注を登録（Idempotency-Key 対応） / Create an order (accepts Idempotency-Key)',
    tags: ['orders'],
    access: staff,
    idempotent: true,
    params: ListParams,
    body: CreateOrderBody,
    response: { status: 201, description: 'Created', schema: OrderView },
    handle: ({ body }) => orders.create(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/orders/:id',
    summary: '受注と進捗 / An order and its progress',
    tags: ['orders'],
    access: staffAndClients,
    params: ItemParams,
    response: { status: 200, description: 'The order', schema: OrderView },
    handle: ({ params }) => orders.get(params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/t/:tenant/orders/:id',
    summary: '下書きの受注を変更 / Change a draft order',
    tags: ['orders'],
    access: staff,
    params: ItemParams,
    body: UpdateOrderBody,
    response: { status: 200, description: 'The order', schema: OrderView },
    handle: ({ params, body }) => orders.update(params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/orders/:id',
    summary: '下書きの受注を削除 / Delete a draft order',
    tags: ['orders'],
    access: staff,
    params: ItemParams,
    response: { status: 204, description: 'Deleted' },
    handle: async ({ params }) => {
      await orders.remove(params.id);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/orders/:id/transitions',
    summary: '受注の状態を進める / Move an order along its lifecycle',
    tags: ['orders'],
    access: staff,
    params: ItemParams,
    body: TransitionBody,
    response: { status: 200, description: 'The order', schema: OrderView },
    handle: ({ params, body }) => orders.transition(params.id, body.to, body.budgetOverride),
  }),
];
