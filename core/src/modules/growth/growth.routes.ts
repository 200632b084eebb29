import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { currentTenant } from '../../db/request-context.js';
import { defineRoute, STREAMED, TENANT_ROLES } from '../../http/route.js';
import {
  CreatePlacementBody,
  GrowthQuery,
  GrowthView,
  ItemParams,
  PlacementView,
  TenantParams,
} from './growth.schemas.js';
import { defaultPeriod, type GrowthService } from './growth.service.js';
import { growthWorkbook } from './growth.xlsx.js';

/** Centre admins and directors (and the hub's admins). */
const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;

const period = (q: z.output<typeof GrowthQuery>) => {
  const fallback = defaultPeriod();
  return {
    from: q.from ?? fallback.from,
    to: q.to ?? (q.from && q.from > fallback.to ? q.from : fallback.to),
  };
};

export const growthRoutes = (growth: GrowthService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/growth',
    summary: '成長の記録（ワーカー別・月別） / Growth per worker and month',
    tags: ['growth'],
    access: staff,
    params: TenantParams,
    query: GrowthQuery,
    response: { status: 200, description: 'Growth', schema: GrowthView },
    handle: ({ query }) => {
      const { from, to } = period(query);
      return growth.report(from, to);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/growth.xlsx',
    summary: '成長の記録を xlsx で（市への報告用） / Growth as xlsx for the city’s reports',
    tags: ['growth'],
    access: staff,
    params: TenantParams,
    query: GrowthQuery,
    response: { status: 200, description: 'The workbook' },
    handle: async ({ query, res }) => {
      const { from, to } = period(query);
      const report = await growth.report(from, to);
      const tenant = currentTenant();
      res.status(200).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.attachment(`growth-${tenant.slug}-${from}-${to}.xlsx`);
      res.set('Cache-Control', 'private, no-store');
      await pipeline(Readable.from(growthWorkbook(report, tenant.name_ja)), res);
      return STREAMED;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/growth/placements',
    summary: '就労実績を記録 / Record a placement outcome',
    tags: ['growth'],
    access: staff,
    params: TenantParams,
    body: CreatePlacementBody,
    response: { status: 201, description: 'Recorded', schema: PlacementView },
    handle: ({ body }) => growth.createPlacement(body),
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/growth/placements/:id',
    summary: '就労実績を削除 / Delete a placement outcome',
    tags: ['growth'],
    access: staff,
    params: ItemParams,
    response: { status: 204, description: 'Deleted' },
    handle: async ({ params }) => {
      await growth.removePlacement(params.id);
    },
  }),
];
