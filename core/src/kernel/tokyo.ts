/**
 * Calendar arithmetic in Asia/Tokyo, shared by every context that works with local dates and times
 * (availability, time records, seats, growth, contracts). Japan keeps no daylight saving time, so Tokyo is
 * UTC+9 all year and a fixed offset is exact: no time-zone database, and the process time zone never matters.
 * Dates are 'YYYY-MM-DD', months 'YYYY-MM', times 'HH:MM'.
 */
export const TOKYO_OFFSET_MS = 9 * 3_600_000;
export const DAY_MS = 24 * 3_600_000;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof DAYS)[number];

const ms = (at: Date | number) => (typeof at === 'number' ? at : at.getTime());
const shifted = (at: Date | number) => new Date(ms(at) + TOKYO_OFFSET_MS);

/** The Tokyo calendar day an instant falls on. */
export const tokyoDate = (at: Date | number) => shifted(at).toISOString().slice(0, 10);
/** The Tokyo month an instant falls in. */
export const tokyoMonth = (at: Date | number) => tokyoDate(at).slice(0, 7);
/** The Tokyo wall-clock time of an instant, to the minute. */
export const tokyoTime = (at: Date | number) => shifted(at).toISOString().slice(11, 16);
/** Whole minutes since Tokyo midnight. */
export const tokyoMinutes = (at: Date | number) =>
  Math.floor((((((ms(at) + TOKYO_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) as number) / 60_000);
export const tokyoWeekday = (at: Date | number): WeekdayKey => DAYS[shifted(at).getUTCDay()]!;

/** The Tokyo date and the minutes (with fractions) after Tokyo midnight of an instant. */
export function tokyoParts(at: Date | number): { date: string; minute: number } {
  const local = ms(at) + TOKYO_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  return { date: new Date(dayStart).toISOString().slice(0, 10), minute: (local - dayStart) / 60_000 };
}

/** The instant (ms) of Tokyo midnight starting a date. */
export const tokyoMidnight = (date: string) => Date.parse(`${date}T00:00:00Z`) - TOKYO_OFFSET_MS;

/** The instant of a Tokyo wall-clock time on a date. */
export function tokyoInstant(date: string, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(tokyoMidnight(date) + (h * 60 + m) * 60_000);
}

/** Today's date in Tokyo. */
export const tokyoToday = (now: Date | number = Date.now()) => tokyoDate(now);

/** The calendar date `days` after `date`. */
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Whether a string is a real calendar date (2026-02-30 is not). */
export function isDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === date;
}

/** The instant a Tokyo month starts, and the instant the next one starts. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(y, m - 1, 1) - TOKYO_OFFSET_MS),
    to: new Date(Date.UTC(y, m, 1) - TOKYO_OFFSET_MS),
  };
}

/** The instant the Tokyo day after the one `at` falls on starts. */
export const nextTokyoMidnight = (at: Date | number) => new Date(tokyoMidnight(addDays(tokyoDate(at), 1)));
