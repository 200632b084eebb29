import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import {
  AcceptContractBody,
  ContractView,
  CreateContractBody,
  CreateTermsBody,
  EndContractBody,
  TermsView,
} from './contract.schemas.js';
import type { ContractsService } from './contracts.service.js';

const TenantParams = z.strictObject({ tenant: Slug });
const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });
const ListQuery = z.strictObject({ userId: z.uuid().optional() });
const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
const worker = { kind: 'tenant', roles: ['worker'] } as const;

export const contractsRoutes = (contracts: ContractsService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/contract-terms',
    summary: '契約約款の版一覧 / Contract terms versions',
    tags: ['contracts'],
    access: staff,
    params: TenantParams,
    response: { status: 200, description: 'Terms, newest first', schema: z.array(TermsView) },
    handle: () => contracts.listTerms(),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/contract-terms',
    summary: '契約約款の新しい版 / Add a version of the contract terms',
    tags: ['contracts'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: TenantParams,
    body: CreateTermsBody,
    response: { status: 201, description: 'Created', schema: TermsView },
    handle: ({ body }) => contracts.createTerms(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/contracts',
    summary: 'ワーカーの業務委託契約一覧 / Workers’ agreements',
    tags: ['contracts'],
    access: staff,
    params: TenantParams,
    query: ListQuery,
    response: { status: 200, description: 'Agreements', schema: z.array(ContractView) },
    handle: ({ query }) => contracts.list(query.userId),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/contracts',
    summary: '業務委託契約を作成・提示 / Create and offer an agreement',
    tags: ['contracts'],
    access: staff,
    params: TenantParams,
    body: CreateContractBody,
    idempotent: true,
    response: { status: 201, description: 'Created', schema: ContractView },
    handle: ({ body }) => contracts.create(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/contracts/:id',
    summary: '業務委託契約 / An agreement',
    tags: ['contracts'],
    access: staff,
    params: ItemParams,
    response: { status: 200, description: 'The agreement', schema: ContractView },
    handle: ({ params }) => contracts.get(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/contracts/:id/offer',
    summary: '下書きの契約を提示 / Offer a draft agreement',
    tags: ['contracts'],
    access: staff,
    params: ItemParams,
    response: { status: 200, description: 'The agreement', schema: ContractView },
    handle: ({ params }) => contracts.offer(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/contracts/:id/end',
    summary: '契約を終了 / End an agreement',
    tags: ['contracts'],
    access: staff,
    params: ItemParams,
    body: EndContractBody,
    response: { status: 200, description: 'The agreement', schema: ContractView },
    handle: ({ params, body }) => contracts.end(params.id, body.endsOn),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/me/contracts',
    summary: '自分の業務委託契約 / My agreements',
    tags: ['contracts'],
    access: worker,
    params: TenantParams,
    response: { status: 200, description: 'My agreements with their terms', schema: z.array(ContractView) },
    handle: () => contracts.mine(),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/me/contracts/:id/accept',
    summary: '契約内容に同意 / Accept my agreement',
    tags: ['contracts'],
    access: worker,
    params: ItemParams,
    body: AcceptContractBody,
    response: { status: 200, description: 'The accepted agreement', schema: ContractView },
    handle: ({ params, body, req }) => contracts.accept(params.id, body.termsVersion, req.ip ?? null),
  }),
];
