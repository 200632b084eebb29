/**
 * Shapes of the hub settlement API (GET/POST /api/t/:tenant/settlements) and small helpers of its pages.
 * Money is integer yen; months are Tokyo calendar months 'YYYY-MM'.
 */
import { i18n } from '$lib/locale.svelte';

export type SettlementStatus = 'draft' | 'confirmed';

export interface Centre {
  tenantId: string;
  slug: string;
  nameJa: string;
  nameEn: string;
}

export interface SettlementLine {
  offerId: string;
  title: string;
  workType: string;
  units: number;
  unitPrice: number;
  amountYen: number;
}

export interface Settlement {
  id: string;
  month: string;
  /** The month's last Tokyo day: the date of both ledger entries. */
  settlementDate: string;
  status: SettlementStatus;
  hub: Centre;
  partner: Centre;
  units: number;
  totalYen: number;
  lines: SettlementLine[];
  monthEnded: boolean;
  hubEntryId: string | null;
  partnerEntryId: string | null;
  createdAt: string;
  computedAt: string;
  confirmedAt: string | null;
}

export interface ComputeResult {
  month: string;
  monthEnded: boolean;
  statements: Settlement[];
  removed: number;
  keptConfirmed: number;
}

export const centreName = (c: Centre): string => (i18n.locale === 'ja' ? c.nameJa : c.nameEn);

/** The Tokyo month an instant falls in ('YYYY-MM'); Tokyo keeps no daylight saving time. */
export const tokyoMonth = (at: number = Date.now()): string =>
  new Date(at + 9 * 3_600_000).toISOString().slice(0, 7);

/** The month before a 'YYYY-MM' month. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** Badge colour of a statement's status (the word says it; the colour only repeats it). */
export const settlementTone = (status: SettlementStatus): string =>
  status === 'confirmed' ? 'badge-active' : 'badge-neutral';
