import { i18n } from './locale.svelte';

/** A centre's name in the current language. */
export function tenantName(tenant: { nameJa: string; nameEn: string }): string {
  return i18n.locale === 'ja' ? tenant.nameJa : tenant.nameEn;
}
