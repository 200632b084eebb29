import type { ShiftReport } from './schemas.js';
import { toMinutes } from './time.js';

/** Minutes worked according to a report: ended − started − break, never below 0. */
export function workedMinutes(report: Pick<ShiftReport, 'startedAt' | 'endedAt' | 'breakMinutes'>): number {
  return Math.max(0, toMinutes(report.endedAt) - toMinutes(report.startedAt) - (report.breakMinutes ?? 0));
}

/**
 * Hours for the roster: decimal hours rounded to the nearest quarter hour (15 minutes), so
 * 3 h 52 min → 3.75 and 3 h 53 min → 4. Quarters are exact binary fractions, so sums of them stay exact;
 * the Hours sheet therefore adds up the rounded hours of each shift, matching the roster's column.
 */
export function rosterHours(minutes: number): number {
  return Math.round(minutes / 15) / 4;
}

/** `3.75` (never `3.7500000001`), for text such as the task view's "worked: 3.75 h". */
export function formatHours(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}
