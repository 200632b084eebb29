import type { TenantKind, TenantStatus } from '$lib/types';

/** The answer of GET /api/t/:hub/network: aggregates only, never a person. */
export interface Capacity {
  workType: string;
  qualifiedWorkers: number;
  weeklyHours: number;
  qualifiedWithoutHours: number;
}

export interface Figures {
  workers: number;
  activeWorkers: number;
  hoursWorked: number;
  placements: number;
  placementsByKind: Record<'employed_local' | 'employed_other' | 'returned_to_centre' | 'other', number>;
  revenueShared: number;
  tasksShared: number;
  offersAccepted: number;
}

export interface NetworkCentre extends Figures {
  slug: string;
  name: { ja: string; en: string };
  kind: TenantKind;
  prefecture: string;
  status: TenantStatus;
  localGovernmentCode: string;
  location: { lat: number; lng: number; precision: 'municipality' | 'prefecture' | 'none' };
  capacity: Capacity[];
}

export interface NetworkOverview {
  fiscalYear: number;
  from: string;
  to: string;
  hoursSource: 'approved_timesheets';
  activeWindowDays: number;
  capacityWindow: { from: string; days: number };
  workTypes: { id: string; title: { ja: string; en: string }; skills: string[] }[];
  centres: NetworkCentre[];
  totals: Figures & {
    centres: number;
    activeCentres: number;
    capacity: (Capacity & { centres: number })[];
  };
}

/** The fiscal year (April–March) of today in Tokyo. */
export function currentFiscalYear(now = Date.now()): number {
  const tokyo = new Date(now + 9 * 3_600_000);
  const year = tokyo.getUTCFullYear();
  return tokyo.getUTCMonth() + 1 >= 4 ? year : year - 1;
}

/** Dot colours by status, each with ≥ 3:1 contrast against the land and the sea (WCAG 1.4.11). */
export const STATUS_COLOUR: Record<TenantStatus, string> = {
  active: '#15803d',
  onboarding: '#b45309',
  suspended: '#4b5563',
};

/** A dot's radius in px: grows with the square root of the workers (area ∝ workers), within 3–12. */
export const dotRadius = (workers: number) => Math.min(12, 3 + Math.sqrt(workers) * 1.5);
