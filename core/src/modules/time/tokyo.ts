/**
 * Calendar arithmetic in Asia/Tokyo. Japan keeps no daylight saving time, so Tokyo is UTC+9 all year and a
 * fixed offset is exact (no time-zone database needed).
 */
const OFFSET_MS = 9 * 3_600_000;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof DAYS)[number];

const shifted = (d: Date) => new Date(d.getTime() + OFFSET_MS);

/** 'YYYY-MM-DD' of the Tokyo calendar day `d` falls on. */
export const tokyoDate = (d: Date) => shifted(d).toISOString().slice(0, 10);
/** 'YYYY-MM' of the Tokyo month `d` falls in. */
export const tokyoMonth = (d: Date) => tokyoDate(d).slice(0, 7);
/** 'HH:MM' on the Tokyo clock. */
export const tokyoTime = (d: Date) => shifted(d).toISOString().slice(11, 16);
export const tokyoWeekday = (d: Date): Weekday => DAYS[shifted(d).getUTCDay()]!;

/** The instant a Tokyo month ('YYYY-MM') starts, and the instant the next one starts. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(y, m - 1, 1) - OFFSET_MS),
    to: new Date(Date.UTC(y, m, 1) - OFFSET_MS),
  };
}

/** The instant the Tokyo day after the one `d` falls on starts. */
export function nextTokyoMidnight(d: Date): Date {
  const s = shifted(d);
  return new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate() + 1) - OFFSET_MS);
}
