import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import {
  ItemParams,
  ListParams,
  SetEnabledBody,
  TenantPluginsList,
  TenantPluginView,
} from './plugin.schemas.js';
import type { PluginsService } from './plugins.service.js';

export const pluginsRoutes = (plugins: PluginsService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/plugins',
    summary: '作業種別プラグイン一覧 / Installed work-type plugins and whether this centre uses them',
    tags: ['plugins'],
    access: { kind: 'tenant' },
    params: ListParams,
    response: { status: 200, description: 'Plugins', schema: TenantPluginsList },
    handle: async ({ scope }) => ({
      plugins: await plugins.listForTenant(),
      refused:
        scope?.tenant.kind === 'hub' && scope.role === 'hub_admin'
          ? plugins.host.refused().map((r) => ({ package: r.package, reason: r.reason }))
          : [],
    }),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/plugins/:id',
    summary: 'プラグインを有効化・無効化 / Enable or disable a plugin for this centre',
    tags: ['plugins'],
    access: { kind: 'tenant', roles: TENANT_ROLES.admins },
    params: ItemParams,
    body: SetEnabledBody,
    response: { status: 200, description: 'The plugin for this centre', schema: TenantPluginView },
    handle: async ({ params, body }) => plugins.setEnabled(params.id, body.enabled),
  }),
];
