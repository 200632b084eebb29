import holidayJp from '@holiday-jp/holiday_jp';
import { addDays, isDate, TOKYO_OFFSET_MS, tokyoInstant, tokyoParts } from '../../kernel/tokyo.js';

/**
 * Availability arithmetic, pure: which local time ranges a worker gives on a calendar date, how many
 * minutes they have left at an instant, and whether a shift fits. Asia/Tokyo is UTC+9 with no daylight
 * saving, so instants are converted by adding nine hours and reading the UTC fields: the process time zone
 * never matters.
 */

export { addDays, isDate, TOKYO_OFFSET_MS, tokyoInstant, tokyoParts };

/** ISO weekday: 1 Monday … 7 Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const satisfies readonly Weekday[];
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A local wall-clock range on one day, 'HH:MM'–'HH:MM' (end may be '24:00'). */
export interface TimeRange {
  start: string;
  end: string;
}

/** A day (or days) off entirely, or a date range with different hours. Dates are 'YYYY-MM-DD', inclusive. */
export type AvailabilityException =
  | { kind: 'off'; dateFrom: string; dateTo: string }
  | { kind: 'hours'; dateFrom: string; dateTo: string; ranges: TimeRange[] };

export interface AvailabilityRules {
  /** Ranges per ISO weekday; a weekday absent or empty is not worked. */
  pattern: Partial<Record<Weekday, TimeRange[]>>;
  exceptions: AvailabilityException[];
  /** Default false: national holidays are days off unless the worker opts in. */
  worksOnHolidays: boolean;
  /** The most minutes per week (Monday–Sunday, Tokyo); null: no weekly maximum. */
  maxMinutesPerWeek: number | null;
}

export type DayReason = 'pattern' | 'off' | 'hours' | 'holiday' | 'none';

export interface DayAvailability {
  date: string;
  weekday: Weekday;
  holiday: { ja: string; en: string } | null;
  reason: DayReason;
  ranges: TimeRange[];
}

const HOLIDAYS = holidayJp.holidays as unknown as Record<string, { name: string; name_en: string }>;

/** 'HH:MM' → minutes after local midnight (0–1440). */
export function toMinutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not a time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Minutes after local midnight → 'HH:MM'. */
export function fromMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Whether a string is a valid 'HH:MM' between 00:00 and 24:00. */
export function isTime(hhmm: string): boolean {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return false;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return min < 60 && (h < 24 || (h === 24 && min === 0));
}

/** Whether a string is a real calendar date 'YYYY-MM-DD'. */

const dateMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const _msDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** ISO weekday of a calendar date (computed in UTC, so independent of the process time zone). */
export function weekdayOf(date: string): Weekday {
  const d = new Date(dateMs(date)).getUTCDay();
  return (d === 0 ? 7 : d) as Weekday;
}

/** The Monday that starts the (Monday–Sunday) week of a date. */
export const weekStartOf = (date: string) => addDays(date, 1 - weekdayOf(date));

/** The national holiday on a date, if any (from @holiday-jp/holiday_jp, looked up by date string). */
export function holidayOn(date: string): { ja: string; en: string } | null {
  const h = HOLIDAYS[date];
  return h ? { ja: h.name, en: h.name_en } : null;
}

const sortRanges = (ranges: TimeRange[]) =>
  [...ranges].sort((a, b) => toMinutes(a.start) - toMinutes(b.start));

/** Problems with one day's ranges: a range that ends before it starts, or ranges that overlap. */
export function rangeProblems(
  ranges: TimeRange[],
): { index: number; code: 'end_before_start' | 'overlap' }[] {
  const problems: { index: number; code: 'end_before_start' | 'overlap' }[] = [];
  ranges.forEach((r, index) => {
    if (toMinutes(r.end) <= toMinutes(r.start)) problems.push({ index, code: 'end_before_start' });
  });
  ranges.forEach((r, index) => {
    for (let j = 0; j < index; j++) {
      const o = ranges[j]!;
      if (toMinutes(r.start) < toMinutes(o.end) && toMinutes(o.start) < toMinutes(r.end)) {
        problems.push({ index, code: 'overlap' });
        break;
      }
    }
  });
  return problems;
}

/** What a worker gives on one calendar date, and why. An exception wins over a holiday, a holiday over the pattern. */
export function dayAvailability(rules: AvailabilityRules, date: string): DayAvailability {
  const weekday = weekdayOf(date);
  const holiday = holidayOn(date);
  const base = { date, weekday, holiday };
  const applying = rules.exceptions.filter((e) => e.dateFrom <= date && date <= e.dateTo);
  if (applying.some((e) => e.kind === 'off')) return { ...base, reason: 'off', ranges: [] };
  const hours = applying.find((e) => e.kind === 'hours');
  if (hours && hours.kind === 'hours') return { ...base, reason: 'hours', ranges: sortRanges(hours.ranges) };
  if (holiday && !rules.worksOnHolidays) return { ...base, reason: 'holiday', ranges: [] };
  const ranges = rules.pattern[weekday] ?? [];
  return { ...base, reason: ranges.length > 0 ? 'pattern' : 'none', ranges: sortRanges(ranges) };
}

/** The local ranges a worker gives on a calendar date. */
export const windowsOn = (rules: AvailabilityRules, date: string): TimeRange[] =>
  dayAvailability(rules, date).ranges;

/** What the weekly maximum leaves, given the minutes already worked or committed that week. */
export function weeklyRemainder(rules: AvailabilityRules, workedThisWeek: number): number {
  if (rules.maxMinutesPerWeek === null) return Number.POSITIVE_INFINITY;
  return Math.max(0, rules.maxMinutesPerWeek - workedThisWeek);
}

/**
 * Whole minutes until the end of the window the instant falls in (Tokyo time), capped by what the week's
 * maximum leaves; 0 outside every window.
 */
export function minutesLeftAt(rules: AvailabilityRules, at: Date, workedThisWeek: number): number {
  const { date, minute } = tokyoParts(at);
  const window = windowsOn(rules, date).find(
    (w) => toMinutes(w.start) <= minute && minute < toMinutes(w.end),
  );
  if (!window) return 0;
  const inWindow = Math.floor(toMinutes(window.end) - minute);
  return Math.max(0, Math.min(inWindow, weeklyRemainder(rules, workedThisWeek)));
}

/**
 * Whether a shift on a date (local 'HH:MM'–'HH:MM') lies entirely inside one window that day and fits in
 * what the week's maximum leaves.
 */
export function covers(
  rules: AvailabilityRules,
  date: string,
  start: string,
  end: string,
  workedThisWeek: number,
): boolean {
  if (!isDate(date) || !isTime(start) || !isTime(end)) return false;
  const s = toMinutes(start);
  const e = toMinutes(end);
  if (e <= s) return false;
  const inside = windowsOn(rules, date).some((w) => toMinutes(w.start) <= s && e <= toMinutes(w.end));
  return inside && e - s <= weeklyRemainder(rules, workedThisWeek);
}

/** The next `days` calendar dates from `from`, each with its ranges, holiday and reason (for the schedule page). */
export function preview(rules: AvailabilityRules, from: string, days: number): DayAvailability[] {
  return Array.from({ length: days }, (_, i) => dayAvailability(rules, addDays(from, i)));
}

/**
 * Minutes a worker gives on each of `days` calendar dates from `from` (capacity planning): each day's
 * ranges, with the weekly maximum taken from the earliest days of each Monday–Sunday week first.
 */
export function minutesPerDay(rules: AvailabilityRules, from: string, days: number): number[] {
  let week = '';
  let left = Number.POSITIVE_INFINITY;
  return preview(rules, from, days).map((day) => {
    const start = weekStartOf(day.date);
    if (start !== week) {
      week = start;
      left = rules.maxMinutesPerWeek ?? Number.POSITIVE_INFINITY;
    }
    const given = day.ranges.reduce((sum, r) => sum + toMinutes(r.end) - toMinutes(r.start), 0);
    const used = Math.min(given, left);
    left -= used;
    return used;
  });
}
