import { z } from 'zod';
import { defineRoute, STREAMED, TENANT_ROLES } from '../../../http/route.js';
import {
  ComputeBody,
  ComputeView,
  ItemParams,
  ListQuery,
  SettlementView,
  TenantParams,
} from './settlement.schemas.js';
import type { SettlementService } from './settlement.service.js';
import { settlementPdf } from './settlement-pdf.js';

/**
 * The hub's admins compute and confirm statements. Both sides' staff read them: the hub its statements with
 * every partner, a partner its statements with its hub. Workers and clients: neither.
 */
const hubWriters = { kind: 'tenant', roles: ['hub_admin'], hubOnly: true } as const;
const readers = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
const tags = ['hub'];

export const settlementRoutes = (settlements: SettlementService) => [
  defineRoute({
    method: 'post',
    path: '/t/:tenant/settlements',
    summary:
      'ハブ: 月次精算書（下書き）を計算（確定済みは変更しない） / Hub: compute a month’s draft statements (confirmed ones are kept)',
    tags,
    access: hubWriters,
    params: TenantParams,
    body: ComputeBody,
    idempotent: true,
    response: { status: 200, description: 'The month’s statements', schema: ComputeView },
    handle: ({ body }) => settlements.compute(body.month),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/settlements',
    summary: '精算書一覧（ハブ: 全パートナー分、パートナー: 自センター分） / Settlement statements',
    tags,
    access: readers,
    params: TenantParams,
    query: ListQuery,
    response: { status: 200, description: 'Statements, newest month first', schema: z.array(SettlementView) },
    handle: ({ query }) => settlements.list(query),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/settlements/:id',
    summary: '精算書 / A settlement statement',
    tags,
    access: readers,
    params: ItemParams,
    response: { status: 200, description: 'The statement', schema: SettlementView },
    handle: ({ params }) => settlements.get(params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/settlements/:id/pdf',
    summary:
      '精算書 PDF（下書きは「下書き」の透かし入り） / Settlement statement PDF (a draft is watermarked)',
    tags,
    access: readers,
    params: ItemParams,
    response: { status: 200, description: 'application/pdf' },
    handle: async ({ params, res }) => {
      const statement = await settlements.get(params.id);
      const bytes = await settlementPdf(statement);
      res.status(200).type('application/pdf');
      res.attachment(`settlement-${statement.month}-${statement.partner.slug}.pdf`);
      res.set('Cache-Control', 'private, no-store');
      res.end(bytes);
      return STREAMED;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/settlements/:id/confirm',
    summary:
      'ハブ: 精算書を確定（ハブとパートナーの双方に記帳） / Hub: confirm a statement (posts both sides’ entries)',
    tags,
    access: hubWriters,
    params: ItemParams,
    idempotent: true,
    response: { status: 200, description: 'The confirmed statement', schema: SettlementView },
    handle: ({ params }) => settlements.confirm(params.id),
  }),
];
