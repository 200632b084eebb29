import type { OpeningHours } from '../../db/schema.js';
import { tokyoDate, tokyoMidnight, tokyoMinutes } from '../../kernel/tokyo.js';

/**
 * The arithmetic of seat bookings, free of the database: Asia/Tokyo days (UTC+9, no daylight saving, so
 * computed explicitly rather than through the process time zone), opening hours, and the most seats in
 * use at any moment of a set of half-open ranges [start, end).
 */

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface Range {
  start: number;
  end: number;
}

export { tokyoDate, tokyoMidnight, tokyoMinutes };

/** The weekday key of a date (YYYY-MM-DD), as opening hours name it. */
export const weekdayOf = (date: string): OpeningHours['day'] =>
  WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as OpeningHours['day'];

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const hhmmOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The opening periods of a date, as minute ranges since Tokyo midnight, earliest first. */
export function openingOn(hours: readonly OpeningHours[], date: string): Range[] {
  const day = weekdayOf(date);
  return hours
    .filter((h) => h.day === day)
    .map((h) => ({ start: minutesOf(h.opens), end: minutesOf(h.closes) }))
    .sort((a, b) => a.start - b.start);
}

/**
 * Whether [startMs, endMs) lies on one Tokyo day, inside one opening period of that day. A range that
 * ends exactly at midnight belongs to the day before.
 */
export function withinOpeningHours(hours: readonly OpeningHours[], startMs: number, endMs: number): boolean {
  if (!(endMs > startMs)) return false;
  const date = tokyoDate(startMs);
  const midnight = tokyoMidnight(date);
  const from = (startMs - midnight) / 60_000;
  const to = (endMs - midnight) / 60_000;
  if (to > 24 * 60) return false;
  return openingOn(hours, date).some((p) => p.start <= from && to <= p.end);
}

/**
 * The most ranges that overlap at any one moment. Half-open: a range ending at t and one starting at t do
 * not overlap (the second person takes the seat the first has left). Sweep over sorted end points, ends
 * before starts at the same instant.
 */
export function maxOverlap(ranges: readonly Range[]): number {
  const events: [number, number][] = [];
  for (const r of ranges) {
    if (r.end <= r.start) continue;
    events.push([r.start, 1], [r.end, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, delta] of events) {
    now += delta;
    if (now > most) most = now;
  }
  return most;
}

/** The most ranges in use at any moment inside a window: each range clipped to it first. */
export const maxOverlapWithin = (ranges: readonly Range[], window: Range): number =>
  maxOverlap(
    ranges.map((r) => ({ start: Math.max(r.start, window.start), end: Math.min(r.end, window.end) })),
  );

export interface HourSlot {
  /** HH:MM of the slot's start (Tokyo). */
  hour: string;
  start: number;
  end: number;
  /** The most seats booked at any moment in the slot. */
  booked: number;
  free: number;
}

/**
 * One slot per opening hour of a date (a period starting or ending on the half hour gives a shorter
 * first or last slot), with the seats booked and free at the busiest moment of each.
 */
export function hourSlots(
  hours: readonly OpeningHours[],
  date: string,
  seats: number,
  bookings: readonly Range[],
): HourSlot[] {
  const midnight = tokyoMidnight(date);
  const slots: HourSlot[] = [];
  for (const period of openingOn(hours, date)) {
    for (let m = period.start; m < period.end; m = (Math.floor(m / 60) + 1) * 60) {
      const end = Math.min(period.end, (Math.floor(m / 60) + 1) * 60);
      const start = midnight + m * 60_000;
      const stop = midnight + end * 60_000;
      const booked = maxOverlapWithin(bookings, { start, end: stop });
      slots.push({ hour: hhmmOf(m), start, end: stop, booked, free: Math.max(0, seats - booked) });
    }
  }
  return slots;
}
