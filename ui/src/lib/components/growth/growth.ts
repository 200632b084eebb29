/** Types of the growth dashboard (GET /t/:tenant/growth). */
export const PLACEMENT_KINDS = ['employed_local', 'employed_other', 'returned_to_centre', 'other'] as const;
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];

export interface Placement {
  id: string;
  userId: string;
  kind: PlacementKind;
  employerName: string | null;
  occurredOn: string;
  note: string;
}

export interface GrowthReport {
  from: string;
  to: string;
  hoursSource: 'estimated_accepted_work';
  totals: {
    workers: number;
    activeWorkers: number;
    hours: number;
    /** From the approved timesheets of the period's months. */
    approvedHours: number;
    trainings: number;
    tasks: number;
    placements: Record<PlacementKind, number>;
  };
  months: { month: string; hours: number; tasks: number; placements: number }[];
  workers: {
    userId: string;
    displayName: string;
    hours: number;
    approvedHours: number;
    trainings: number;
    tasks: number;
    accuracy: { workType: string; scored: number; accuracy: number | null }[];
    placements: Placement[];
  }[];
}

/** From the start of the current fiscal year (April) to today, in Asia/Tokyo. */
export function fiscalYearToDate(now = Date.now()): { from: string; to: string } {
  const today = new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const start = Number(today.slice(5, 7)) >= 4 ? year : year - 1;
  return { from: `${start}-04-01`, to: today };
}
