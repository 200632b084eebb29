import { inject, injectable } from 'inversify';
import { Database, type Tx } from '../../db/database.js';
import { currentActor } from '../../db/request-context.js';
import type { TenantPlugin } from '../../db/schema.js';
import type { Logger } from '../../kernel/logger.js';
import { type LoadedPlugin, PluginHost } from '../../kernel/plugin-host.js';
import { Problem } from '../../kernel/problems.js';
import { TOKENS } from '../../kernel/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import type { TenantPluginViewT } from './plugin.schemas.js';

const view = (plugin: LoadedPlugin, row: TenantPlugin | undefined): TenantPluginViewT => ({
  id: plugin.id,
  version: plugin.version,
  title: { ja: plugin.definition.title.ja, en: plugin.definition.title.en },
  skills: [...plugin.definition.skills],
  pricingUnit: plugin.definition.pricing.unit,
  importers: Object.keys(plugin.definition.importers),
  exporters: Object.entries(plugin.definition.exporters).map(([format, e]) => ({
    format,
    fileExtension: e.fileExtension,
  })),
  quality: { ...plugin.definition.quality },
  enabled: row?.enabled ?? false,
  enabledVersion: row?.version ?? null,
  enabledAt: row?.enabled_at ?? null,
});

/** The installed work-type plugins (through the host) and which of them each tenant has enabled. */
@injectable()
export class PluginsService {
  readonly host: PluginHost;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.host = new PluginHost(logger.child({ component: 'plugin-host' }));
  }

  /** Every installed plugin with this tenant's enablement. */
  async listForTenant(): Promise<TenantPluginViewT[]> {
    await this.host.ready();
    const rows = await this.db.inTenant((tx) => tx.selectFrom('tenant_plugins').selectAll().execute());
    const byId = new Map(rows.map((r) => [r.plugin_id, r]));
    return this.host.list().map((p) => view(p, byId.get(p.id)));
  }

  /** Enables or disables an installed plugin for the current tenant; 404 for an unknown or refused one. */
  async setEnabled(id: string, enabled: boolean): Promise<TenantPluginViewT> {
    await this.host.ready();
    const plugin = this.host.require(id);
    const actor = currentActor().userId;
    return this.db.inTenant(async (tx) => {
      const now = new Date();
      const row = await tx
        .insertInto('tenant_plugins')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          plugin_id: id,
          enabled,
          version: plugin.version,
          enabled_at: now,
          enabled_by: actor,
          changed_at: now,
          changed_by: actor,
        }))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'plugin_id']).doUpdateSet({
            enabled,
            changed_at: now,
            changed_by: actor,
            // The version and time it was enabled with change only when it is (re-)enabled.
            ...(enabled && { version: plugin.version, enabled_at: now, enabled_by: actor }),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: enabled ? 'plugin.enabled' : 'plugin.disabled',
        entityType: 'plugin',
        entityId: id,
        data: { version: plugin.version },
      });
      return view(plugin, row);
    });
  }

  /**
   * The plugin if the tenant set on `tx` has it enabled; otherwise a 422 problem. For the modules that
   * create orders and projects of a work type.
   */
  async requireEnabled(tx: Tx, id: string): Promise<LoadedPlugin> {
    await this.host.ready();
    const plugin = this.host.get(id);
    const row = plugin
      ? await tx.selectFrom('tenant_plugins').select('enabled').where('plugin_id', '=', id).executeTakeFirst()
      : undefined;
    if (!plugin || !row?.enabled)
      throw new Problem(
        'unprocessable',
        `作業種別 ${id} はこのセンターで有効ではありません / Work type "${id}" is not enabled for this centre`,
      );
    return plugin;
  }
}
