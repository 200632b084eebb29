import { defineRoute } from '../../../http/route.js';
import { NetworkQuery, NetworkView, TenantParams } from './network.schemas.js';
import type { NetworkService } from './network.service.js';

/**
 * The hub's staff only: its admins and directors. Any other centre answers 404 (hubOnly), as does the hub
 * to someone who is not its member; the hub's workers and clients get 403.
 */
const hubStaff = { kind: 'tenant', roles: ['hub_admin', 'director'], hubOnly: true } as const;

export const networkRoutes = (network: NetworkService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/network',
    summary:
      'ネットワーク全体の状況（センター別の人数・稼働時間・就職・作業種別の受注余力・分配売上） / The network: per centre and in total, workers (counts), hours, placements, capacity by work type, revenue shared',
    tags: ['hub'],
    access: hubStaff,
    params: TenantParams,
    query: NetworkQuery,
    response: {
      status: 200,
      description: 'Aggregates per centre and in total; no personal data',
      schema: NetworkView,
    },
    handle: ({ query }) => network.overview(query.fy),
  }),
];
