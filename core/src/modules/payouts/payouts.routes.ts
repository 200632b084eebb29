import type { Readable } from 'node:stream';
import type { Response } from 'express';
import { z } from 'zod';
import { defineRoute, STREAMED, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import type { BankAccountsService } from './bank-accounts.service.js';
import {
  ApproveBody,
  BankAccountBody,
  BankAccountView,
  CreateRunBody,
  PaidBody,
  RunParams,
  RunStatementParams,
  RunSummaryView,
  RunView,
  SettingsBody,
  SettingsView,
  StatementView,
  TenantParams,
  UserParams,
} from './payout.schemas.js';
import type { PayoutsService } from './payouts.service.js';

const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
const admins = { kind: 'tenant', roles: TENANT_ROLES.admins } as const;
/** Anyone the centre may pay: workers, and staff who also take work. */
const payees = { kind: 'tenant', roles: ['hub_admin', 'tenant_admin', 'director', 'worker'] } as const;
const MyStatementParams = z.strictObject({ tenant: Slug, id: z.uuid() });

function send(
  res: Response,
  file: { stream: Readable; size: number | null; fileName: string },
  contentType: string,
) {
  res.status(200).type(contentType);
  if (file.size !== null) res.set('Content-Length', String(file.size));
  res.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.set('Cache-Control', 'private, no-store');
  file.stream.pipe(res);
  return STREAMED;
}

export const payoutsRoutes = (payouts: PayoutsService, accounts: BankAccountsService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/payouts/settings',
    summary: '支払設定（振込元口座） / Payout settings (remitter account)',
    tags: ['payouts'],
    access: admins,
    params: TenantParams,
    response: { status: 200, description: 'The settings, account number masked', schema: SettingsView },
    handle: () => accounts.settings(),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/payouts/settings',
    summary: '支払設定を保存 / Save the payout settings',
    tags: ['payouts'],
    access: admins,
    params: TenantParams,
    body: SettingsBody,
    response: { status: 200, description: 'The settings', schema: SettingsView },
    handle: ({ body }) => accounts.putSettings(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/me/bank-account',
    summary: '自分の振込先口座 / My bank account',
    tags: ['payouts'],
    access: payees,
    params: TenantParams,
    response: { status: 200, description: 'Masked', schema: BankAccountView },
    handle: () => accounts.myAccount(),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/me/bank-account',
    summary: '振込先口座を登録 / Register my bank account',
    tags: ['payouts'],
    access: payees,
    params: TenantParams,
    body: BankAccountBody,
    response: { status: 200, description: 'Masked', schema: BankAccountView },
    handle: ({ body }) => accounts.putMyAccount(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/workers/:userId/bank-account',
    summary: 'ワーカーの振込先口座（マスク） / A worker’s bank account (masked)',
    tags: ['payouts'],
    access: staff,
    params: UserParams,
    response: { status: 200, description: 'Masked', schema: BankAccountView },
    handle: ({ params }) => accounts.workerAccount(params.userId),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/payouts/runs',
    summary: '月次支払のプレビューを作成 / Preview a monthly payout run',
    tags: ['payouts'],
    access: admins,
    params: TenantParams,
    body: CreateRunBody,
    idempotent: true,
    response: { status: 201, description: 'The run in preview', schema: RunView },
    handle: ({ body }) => payouts.createRun(body.month),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/payouts/runs',
    summary: '支払一覧 / Payout runs',
    tags: ['payouts'],
    access: staff,
    params: TenantParams,
    response: { status: 200, description: 'Newest first', schema: z.array(RunSummaryView) },
    handle: () => payouts.listRuns(),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/payouts/runs/:id',
    summary: '支払 / A payout run',
    tags: ['payouts'],
    access: staff,
    params: RunParams,
    response: { status: 200, description: 'The run', schema: RunView },
    handle: ({ params }) => payouts.getRun(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/payouts/runs/:id/approve',
    summary: '支払を承認 / Approve a payout run',
    tags: ['payouts'],
    access: admins,
    params: RunParams,
    body: ApproveBody,
    idempotent: true,
    response: { status: 202, description: 'Approved; PDFs and the transfer file follow', schema: RunView },
    handle: ({ params, body }) => payouts.approve(params.id, body.budgetOverride),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/payouts/runs/:id/discard',
    summary: 'プレビューを破棄 / Discard a preview',
    tags: ['payouts'],
    access: admins,
    params: RunParams,
    response: { status: 200, description: 'The discarded run', schema: RunView },
    handle: ({ params }) => payouts.discard(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/payouts/runs/:id/paid',
    summary: '振込済みにする（未払金を消し込む） / Mark a completed run as paid (clears the payables)',
    tags: ['payouts'],
    access: admins,
    params: RunParams,
    body: PaidBody,
    idempotent: true,
    response: { status: 200, description: 'The paid run', schema: RunView },
    handle: ({ params, body }) => payouts.markPaid(params.id, body.date),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/payouts/runs/:id/zengin',
    summary: '総合振込ファイル（全銀形式） / Zengin bulk transfer file',
    tags: ['payouts'],
    access: admins,
    params: RunParams,
    response: { status: 200, description: 'Shift_JIS, 120-byte records' },
    handle: async ({ params, res }) =>
      send(res, await payouts.openZengin(params.id), 'text/plain; charset=Shift_JIS'),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/payouts/runs/:id/statements/:statementId/pdf',
    summary: '支払明細書 PDF / Statement PDF',
    tags: ['payouts'],
    access: staff,
    params: RunStatementParams,
    response: { status: 200, description: 'application/pdf' },
    handle: async ({ params, res }) =>
      send(res, await payouts.openStatementPdf(params.statementId, { runId: params.id }), 'application/pdf'),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/me/statements',
    summary: '自分の支払明細 / My payment statements',
    tags: ['payouts'],
    access: payees,
    params: TenantParams,
    response: { status: 200, description: 'Newest month first', schema: z.array(StatementView) },
    handle: () => payouts.myStatements(),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/me/statements/:id/pdf',
    summary: '自分の支払明細書 PDF / My statement PDF',
    tags: ['payouts'],
    access: payees,
    params: MyStatementParams,
    response: { status: 200, description: 'application/pdf' },
    handle: async ({ params, scope, res }) =>
      send(
        res,
        await payouts.openStatementPdf(params.id, { userId: scope!.actor.userId! }),
        'application/pdf',
      ),
  }),
];
