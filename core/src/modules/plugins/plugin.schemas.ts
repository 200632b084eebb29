import { z } from 'zod';
import { Slug } from '../tenants/tenant.schemas.js';

export const PluginId = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'プラグイン ID / a plugin id');

export const ListParams = z.strictObject({ tenant: Slug });
export const ItemParams = z.strictObject({ tenant: Slug, id: PluginId });

export const SetEnabledBody = z.strictObject({ enabled: z.boolean() });

export const TenantPluginView = z.object({
  id: z.string(),
  /** The installed version. */
  version: z.string(),
  title: z.object({ ja: z.string(), en: z.string() }),
  skills: z.array(z.string()),
  pricingUnit: z.enum(['task', 'hour']),
  /** Input formats an order of this type can be imported from, and deliverable formats. */
  importers: z.array(z.string()),
  exporters: z.array(z.object({ format: z.string(), fileExtension: z.string() })),
  quality: z.object({ strategy: z.enum(['review', 'double-entry', 'consensus', 'golden']) }).loose(),
  enabled: z.boolean(),
  /** The version it was (last) enabled with in this tenant; null if never enabled. */
  enabledVersion: z.string().nullable(),
  enabledAt: z.date().nullable(),
});
export type TenantPluginViewT = z.output<typeof TenantPluginView>;

export const RefusedPluginView = z.object({ package: z.string(), reason: z.string() });

export const TenantPluginsList = z.object({
  plugins: z.array(TenantPluginView),
  /** Installed packages the host refused, with the reason; shown to hub admins only, empty for others. */
  refused: z.array(RefusedPluginView),
});
