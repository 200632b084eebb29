import { ApiError, api } from '$lib/api';
import { i18n } from '$lib/locale.svelte';
import type { TenantPlugin } from '$lib/work-types';

/** Integer yen, e.g. ￥12,000. */
export const yen = (amount: number): string =>
  new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' }).format(amount);

export const count = (n: number): string =>
  new Intl.NumberFormat(i18n.locale === 'ja' ? 'ja-JP' : 'en-GB').format(n);

/** A percentage with at most one decimal, e.g. 96.5. */
export const percent = (n: number): string =>
  new Intl.NumberFormat(i18n.locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 }).format(n);

/** The plugin title in the current language, or the id when the plugin is unknown. */
export const titleOf = (title: { ja: string; en: string } | undefined, fallback: string): string =>
  title ? title[i18n.locale] : fallback;

/** "2026-04-01" + "09:30" as Asia/Tokyo wall-clock time → an ISO instant with offset. */
export const tokyoInstant = (date: string, time: string): string => `${date}T${time || '00:00'}:00+09:00`;

/** An instant → its Asia/Tokyo date (YYYY-MM-DD) and time (HH:MM). */
export function tokyoParts(iso: string): { date: string; time: string } {
  const shifted = new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** Minutes, hours or days since `iso`, e.g. for how long a task has waited. */
export function waited(iso: string, now = Date.now()): { unit: 'minutes' | 'hours' | 'days'; n: number } {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return { unit: 'minutes', n: minutes };
  if (minutes < 48 * 60) return { unit: 'hours', n: Math.floor(minutes / 60) };
  return { unit: 'days', n: Math.floor(minutes / 1440) };
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** GET /t/:tenant/plugins answers { plugins, refused }: the installed work types. */
export async function fetchPlugins(slug: string): Promise<TenantPlugin[]> {
  const res = await api.get<{ plugins: TenantPlugin[] } | TenantPlugin[]>(`/t/${slug}/plugins`);
  return Array.isArray(res) ? res : (res.plugins ?? []);
}
