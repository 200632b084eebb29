import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { currentTenant } from '../../db/request-context.js';
import { defineRoute, STREAMED, TENANT_ROLES } from '../../http/route.js';
import { tokyoToday } from '../../kernel/tokyo.js';
import {
  CreateInvoiceBody,
  ExportQuery,
  InvoiceSummaryView,
  InvoiceView,
  ItemParams,
  ListQuery,
  PaymentBody,
  ReceivablesView,
  SettingsBody,
  SettingsView,
  TenantParams,
  UpdateInvoiceBody,
  VoidBody,
} from './invoice.schemas.js';
import { invoicePdf } from './invoice-pdf.js';
import { fiscalYearOf, type InvoicesService } from './invoices.service.js';
import { invoicesWorkbook } from './invoices.xlsx.js';

/**
 * Directors read invoices; tenant and hub admins write them (money). A client's person reads the list, an
 * invoice and its PDF, seeing only their own company's issued, paid or void invoices. Workers: neither.
 */
const readers = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
const readersAndClients = { kind: 'tenant', roles: [...TENANT_ROLES.staff, 'client'] } as const;
const writers = { kind: 'tenant', roles: TENANT_ROLES.admins } as const;
const tags = ['invoices'];

// Fixed paths (settings, receivables, export) come before /invoices/:id, which would otherwise take them.
export const invoicesRoutes = (invoices: InvoicesService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/invoices/settings',
    summary: '請求書の発行者設定 / Invoice issuer settings',
    tags,
    access: readers,
    params: TenantParams,
    response: { status: 200, description: 'The settings', schema: SettingsView },
    handle: () => invoices.getSettings(),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/invoices/settings',
    summary: '請求書の発行者設定を保存 / Save invoice issuer settings',
    tags,
    access: writers,
    params: TenantParams,
    body: SettingsBody,
    response: { status: 200, description: 'Saved', schema: SettingsView },
    handle: ({ body }) => invoices.putSettings(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/invoices/receivables',
    summary: '売掛金（未入金の請求書） / Receivables: issued, unpaid invoices',
    tags,
    access: readers,
    params: TenantParams,
    response: { status: 200, description: 'Receivables', schema: ReceivablesView },
    handle: () => invoices.receivables(),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/invoices/export.xlsx',
    summary: '請求書一覧を xlsx で（市の会計用） / Invoices as xlsx for the city’s accounting',
    tags,
    access: readers,
    params: TenantParams,
    query: ExportQuery,
    response: { status: 200, description: 'The workbook' },
    handle: async ({ query, res }) => {
      const fy = query.fy ?? fiscalYearOf(tokyoToday());
      const rows = await invoices.forExport(fy);
      const tenant = currentTenant();
      res.status(200).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.attachment(`invoices-${tenant.slug}-${fy}.xlsx`);
      res.set('Cache-Control', 'private, no-store');
      await pipeline(Readable.from(invoicesWorkbook(rows, fy, tenant.name_ja)), res);
      return STREAMED;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/invoices',
    summary:
      '請求書一覧（発注者には自社の発行済み分のみ） / Invoices (a client sees its own issued ones only)',
    tags,
    access: readersAndClients,
    params: TenantParams,
    query: ListQuery,
    response: { status: 200, description: 'Invoices, newest first', schema: z.array(InvoiceSummaryView) },
    handle: ({ query }) => invoices.list(query),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/invoices',
    summary: '請求書（下書き）を作成 / Create a draft invoice',
    tags,
    access: writers,
    params: TenantParams,
    body: CreateInvoiceBody,
    idempotent: true,
    response: { status: 201, description: 'The draft', schema: InvoiceView },
    handle: ({ body }) => invoices.create(body),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/orders/:id/invoice',
    summary: '受注から請求書（下書き）を作成 / Draft an invoice from an order',
    tags,
    access: writers,
    params: ItemParams,
    idempotent: true,
    response: { status: 201, description: 'The draft', schema: InvoiceView },
    handle: ({ params }) => invoices.fromOrder(params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/invoices/:id',
    summary: '請求書 / An invoice',
    tags,
    access: readersAndClients,
    params: ItemParams,
    response: { status: 200, description: 'The invoice', schema: InvoiceView },
    handle: ({ params }) => invoices.get(params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/t/:tenant/invoices/:id',
    summary: '下書きを変更 / Change a draft invoice',
    tags,
    access: writers,
    params: ItemParams,
    body: UpdateInvoiceBody,
    response: { status: 200, description: 'The draft', schema: InvoiceView },
    handle: ({ params, body }) => invoices.update(params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/invoices/:id',
    summary: '下書きを削除 / Delete a draft invoice',
    tags,
    access: writers,
    params: ItemParams,
    response: { status: 204, description: 'Deleted' },
    handle: async ({ params }) => {
      await invoices.remove(params.id);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/invoices/:id/issue',
    summary: '請求書を発行（採番・記帳） / Issue an invoice (number it and book it)',
    tags,
    access: writers,
    params: ItemParams,
    idempotent: true,
    response: { status: 200, description: 'The issued invoice', schema: InvoiceView },
    handle: ({ params }) => invoices.issue(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/invoices/:id/payments',
    summary: '入金を記録 / Record a payment',
    tags,
    access: writers,
    params: ItemParams,
    body: PaymentBody,
    idempotent: true,
    response: { status: 200, description: 'The invoice', schema: InvoiceView },
    handle: ({ params, body }) => invoices.addPayment(params.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/invoices/:id/void',
    summary: '請求書を取り消す（反対仕訳） / Void an invoice (reversing entry)',
    tags,
    access: writers,
    params: ItemParams,
    body: VoidBody,
    idempotent: true,
    response: { status: 200, description: 'The voided invoice', schema: InvoiceView },
    handle: ({ params, body }) => invoices.void(params.id, body.reason),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/invoices/:id/pdf',
    summary:
      '請求書 PDF（下書きは「下書き」の透かし入りプレビュー） / Invoice PDF (a draft is a watermarked preview)',
    tags,
    access: readersAndClients,
    params: ItemParams,
    response: { status: 200, description: 'application/pdf' },
    handle: async ({ params, res }) => {
      const inv = await invoices.document(params.id);
      const bytes = await invoicePdf(inv);
      res.status(200).type('application/pdf');
      res.attachment(inv.number ? `invoice-${inv.number}.pdf` : `invoice-draft-${inv.id}.pdf`);
      res.set('Cache-Control', 'private, no-store');
      res.end(bytes);
      return STREAMED;
    },
  }),
];
