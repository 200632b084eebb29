import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { currentTenant } from '../../db/request-context.js';
import { defineRoute, STREAMED, TENANT_ROLES } from '../../http/route.js';
import {
  AdjustmentBody,
  CreateLineBody,
  LineParams,
  LineView,
  MovementsQuery,
  MovementView,
  ReportView,
  YearParams,
  YearView,
} from './budget.schemas.js';
import type { BudgetService } from './budget.service.js';
import { budgetWorkbook } from './budget.xlsx.js';

/** Directors read the budget; tenant and hub admins plan and adjust it. */
const readers = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
const writers = { kind: 'tenant', roles: TENANT_ROLES.admins } as const;

export const budgetRoutes = (budget: BudgetService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/budget/years/:fy',
    summary: '年度の予算と執行状況 / A fiscal year’s budget and spending',
    tags: ['budget'],
    access: readers,
    params: YearParams,
    response: { status: 200, description: 'The year', schema: YearView },
    handle: ({ params }) => budget.year(params.fy),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/budget/years/:fy/lines',
    summary: '予算行を登録（当初予算） / Plan a budget line',
    tags: ['budget'],
    access: writers,
    params: YearParams,
    body: CreateLineBody,
    idempotent: true,
    response: { status: 201, description: 'The line', schema: LineView },
    handle: ({ params, body }) => budget.createLine(params.fy, body),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/budget/lines/:id/adjustments',
    summary: '補正予算 / Adjust a budget line',
    tags: ['budget'],
    access: writers,
    params: LineParams,
    body: AdjustmentBody,
    idempotent: true,
    response: { status: 201, description: 'The line after the adjustment', schema: LineView },
    handle: ({ params, body }) => budget.adjust(params.id, body.amount, body.reason),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/budget/years/:fy/report',
    summary: '月別・財源別の執行状況 / Spending by month and funding source',
    tags: ['budget'],
    access: readers,
    params: YearParams,
    response: { status: 200, description: 'The report', schema: ReportView },
    handle: ({ params }) => budget.report(params.fy),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/budget/years/:fy/movements',
    summary: '予算の明細（新しい順） / Budget movements, newest first',
    tags: ['budget'],
    access: readers,
    params: YearParams,
    query: MovementsQuery,
    response: { status: 200, description: 'Movements', schema: z.array(MovementView) },
    handle: ({ params, query }) => budget.movements(params.fy, query.limit),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/budget/years/:fy/export.xlsx',
    summary: '年度の予算を xlsx で（市の会計向け） / The year’s budget as xlsx for the city',
    tags: ['budget'],
    access: readers,
    params: YearParams,
    response: { status: 200, description: 'The workbook' },
    handle: async ({ params, res }) => {
      const [year, report, movements] = await Promise.all([
        budget.year(params.fy),
        budget.report(params.fy),
        budget.movements(params.fy, 1_000_000),
      ]);
      const tenant = currentTenant();
      res.status(200).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.attachment(`budget-${tenant.slug}-${params.fy}.xlsx`);
      res.set('Cache-Control', 'private, no-store');
      await pipeline(Readable.from(budgetWorkbook(year, report, movements, tenant.name_ja)), res);
      return STREAMED;
    },
  }),
];
