import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import {
  AccountView,
  BalancesQuery,
  BalancesView,
  EntriesQuery,
  EntryView,
  PostEntryBody,
  ReverseBody,
} from './ledger.schemas.js';
import type { LedgerService } from './ledger.service.js';

const TenantParams = z.strictObject({ tenant: Slug });
const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });
/** Directors read the book; tenant and hub admins write it. */
const readers = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
const writers = { kind: 'tenant', roles: TENANT_ROLES.admins } as const;

export const ledgerRoutes = (ledger: LedgerService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/ledger/accounts',
    summary: '勘定科目 / Ledger accounts',
    tags: ['ledger'],
    access: readers,
    params: TenantParams,
    response: { status: 200, description: 'The accounts', schema: z.array(AccountView) },
    handle: () => ledger.listAccounts(),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/ledger/entries',
    summary: '仕訳一覧 / Journal entries',
    tags: ['ledger'],
    access: readers,
    params: TenantParams,
    query: EntriesQuery,
    response: { status: 200, description: 'Entries, newest first', schema: z.array(EntryView) },
    handle: ({ query }) => ledger.entries(query),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/ledger/entries',
    summary: '仕訳を記帳 / Post a journal entry',
    tags: ['ledger'],
    access: writers,
    params: TenantParams,
    body: PostEntryBody,
    idempotent: true,
    response: { status: 201, description: 'Posted', schema: EntryView },
    handle: ({ body }) => ledger.postEntry(body),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/ledger/entries/:id/reverse',
    summary: '仕訳を取り消す（反対仕訳） / Reverse a journal entry',
    tags: ['ledger'],
    access: writers,
    params: ItemParams,
    body: ReverseBody,
    idempotent: true,
    response: { status: 201, description: 'The reversing entry', schema: EntryView },
    handle: ({ params, body }) => ledger.reverse(params.id, body.memo, body.date),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/ledger/balances',
    summary: '残高 / Balances by account',
    tags: ['ledger'],
    access: readers,
    params: TenantParams,
    query: BalancesQuery,
    response: { status: 200, description: 'Balances as of the date', schema: BalancesView },
    handle: ({ query }) => ledger.balances(query.asOf),
  }),
];
