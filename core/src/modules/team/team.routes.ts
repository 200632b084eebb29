import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import type { TeamService } from './team.service.js';

const Params = z.strictObject({ tenant: Slug });
const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
const Row = z.record(z.string(), z.unknown());

export const teamRoutes = (team: TeamService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/team/roster',
    summary:
      'きょうのワーカーと稼働可能時間・承認待ちの勤務表 / Today’s roster, hours and timesheets waiting',
    tags: ['team'],
    access: staff,
    params: Params,
    response: { status: 200, description: 'The roster', schema: Row },
    handle: () => team.roster(),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/team/now',
    summary: 'いま作業中のワーカー / Who is working on what now',
    tags: ['team'],
    access: staff,
    params: Params,
    response: { status: 200, description: 'Live holds', schema: z.array(Row) },
    handle: () => team.now(),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/team/attention',
    summary: '注意が必要なワーカー（正確さ） / Workers who need attention (accuracy)',
    tags: ['team'],
    access: staff,
    params: Params,
    response: { status: 200, description: 'Workers to look at', schema: z.array(Row) },
    handle: () => team.attention(),
  }),
];
