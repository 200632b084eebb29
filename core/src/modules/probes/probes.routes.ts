import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import {
  CreatedProbes,
  CreateProbesBody,
  ItemParams,
  ProbeSummary,
  ProbeView,
  SummaryQuery,
  TenantParams,
} from './probes.schemas.js';
import type { ProbesService } from './probes.service.js';

const admins = { kind: 'tenant', roles: TENANT_ROLES.admins } as const;

export const probesRoutes = (probes: ProbesService) => [
  defineRoute({
    method: 'post',
    path: '/t/:tenant/system/probes',
    summary:
      'ジョブ経路の確認（プローブを投入） / Check the job path end to end: enqueue probes processed by the workers',
    tags: ['system'],
    access: admins,
    params: TenantParams,
    body: CreateProbesBody,
    response: { status: 202, description: 'Enqueued', schema: CreatedProbes },
    handle: ({ body }) => probes.create(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/system/probes',
    summary:
      'プローブの集計（処理済み・未処理・再実行・重複） / Probes processed, pending, re-run and duplicated',
    tags: ['system'],
    access: admins,
    params: TenantParams,
    query: SummaryQuery,
    response: { status: 200, description: 'Summary', schema: ProbeSummary },
    handle: ({ query }) => probes.summary(query.batch),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/system/probes/:id',
    summary: 'プローブ1件 / One probe',
    tags: ['system'],
    access: admins,
    params: ItemParams,
    response: { status: 200, description: 'The probe', schema: ProbeView },
    handle: ({ params }) => probes.get(params.id),
  }),
];
