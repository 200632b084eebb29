/**
 * Calendar dates and clock times as strings and minutes. Shifts are in Asia/Tokyo, but a shift's date is a
 * pure calendar date and its times are wall-clock times of that day, so no Date objects or time zones are
 * needed: weekdays come from UTC arithmetic on the date, lengths from minutes since midnight.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** 日月火水木金土 in the order of `WEEKDAYS`, for the roster and the task view. */
export const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;

export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes since midnight of an `HH:MM` that matches `TIME`. */
export function toMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** `HH:MM` of minutes since midnight (0–1439). */
export function fromMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A time as people type it (`7:00`, `07:00`, full-width digits) → `HH:MM`, or null when it is no time of day. */
export function normaliseTime(text: string): string | null {
  const match = /^(\d{1,2})[:：](\d{2})$/.exec(text.normalize('NFKC').trim());
  if (!match) return null;
  const time = `${match[1]?.padStart(2, '0')}:${match[2]}`;
  return TIME.test(time) ? time : null;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD`; dates are compared and stepped through with these. */
export function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
  );
}

/** `YYYY-MM-DD` of a day number. */
export function fromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(dayNumber(date) * 86_400_000).getUTCDay()] ?? 'sun';
}

/** True when a `YYYY-MM-DD` names a day that exists (no 2月30日). */
export function isRealDate(date: string): boolean {
  return DATE.test(date) && fromDayNumber(dayNumber(date)) === date;
}

/**
 * A date as clients write it (`2026-04-01`, `2026/4/1`, full-width digits) → `YYYY-MM-DD`; `invalid` when
 * it looks like a date but the day does not exist, null when it is not a date at all.
 */
export function normaliseDate(text: string): string | 'invalid' | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text.normalize('NFKC').trim());
  if (!match) return null;
  const date = `${match[1]}-${match[2]?.padStart(2, '0')}-${match[3]?.padStart(2, '0')}`;
  return isRealDate(date) ? date : 'invalid';
}
