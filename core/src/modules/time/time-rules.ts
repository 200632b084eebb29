import type { OpeningHours } from '../../db/schema.js';
import { nextTokyoMidnight, tokyoTime, tokyoWeekday } from '../../kernel/tokyo.js';

/**
 * The rules a time record must keep, as pure functions (TimeService applies them inside its transaction).
 * Messages are Japanese first, English second.
 */

export const DAY_MINUTES = 24 * 60;

/** Worked minutes of a closed record: its length less its break, never negative. */
export const workedMinutes = (startedAt: Date, endedAt: Date, breakMinutes: number) =>
  Math.max(0, Math.floor((endedAt.getTime() - startedAt.getTime()) / 60_000) - breakMinutes);

/**
 * A record may not be longer than the day: it must end by the Tokyo midnight after it starts (so it is
 * never over 24 h either). Such records are refused, not split: a record crossing midnight is nearly
 * always a forgotten clock-out, and a person should enter what really happened as a correction.
 */
export function lengthProblem(startedAt: Date, endedAt: Date, breakMinutes: number): string | null {
  if (endedAt.getTime() <= startedAt.getTime())
    return '終了は開始より後にしてください / The end must be after the start';
  if (
    endedAt.getTime() - startedAt.getTime() > DAY_MINUTES * 60_000 ||
    endedAt > nextTokyoMidnight(startedAt)
  )
    return '1日を超える記録や日付をまたぐ記録はできません。日ごとに分けて入力してください / A record cannot be longer than the day or cross midnight (Tokyo): enter one record per day';
  if (breakMinutes * 60_000 >= endedAt.getTime() - startedAt.getTime())
    return '休憩は記録の長さより短くしてください / The break must be shorter than the record';
  return null;
}

/**
 * A centre-based record must lie within one of the workspace's opening-hours ranges for its Tokyo weekday.
 * A workspace with no opening hours set has not declared any, and is not checked. `endedAt` null checks the
 * start only (someone clocking in).
 */
export function openingHoursProblem(
  hours: OpeningHours[],
  startedAt: Date,
  endedAt: Date | null,
): string | null {
  if (hours.length === 0) return null;
  const day = tokyoWeekday(startedAt);
  const from = tokyoTime(startedAt);
  // A record ending exactly at midnight ends at 24:00 of its day.
  const to =
    endedAt === null
      ? from
      : endedAt.getTime() === nextTokyoMidnight(startedAt).getTime()
        ? '24:00'
        : tokyoTime(endedAt);
  const fits = hours.some((h) => h.day === day && h.opens <= from && to <= h.closes);
  if (fits) return null;
  const open = hours
    .filter((h) => h.day === day)
    .map((h) => `${h.opens}–${h.closes}`)
    .join(', ');
  return `センターの開館時間外です（この日の開館時間: ${open || '休館'}） / Outside the centre's opening hours (that day: ${open || 'closed'})`;
}

export interface StatementLine {
  kind: 'hourly' | 'unit';
  label: string;
  /** hourly: minutes worked; unit: accepted items. */
  quantity: number;
  /** hourly: yen per hour; unit: the order's unit price in yen. */
  rate: number;
  /** unit: the worker's share in percent. */
  sharePercent?: number;
  amount: number;
}

export interface HourlyGroup {
  label: string;
  minutes: number;
  hourlyRate: number;
}
export interface UnitGroup {
  label: string;
  count: number;
  unitPrice: number;
  sharePercent: number;
}

/**
 * The month's earnings: one hourly line per rate (minutes × yen/h ÷ 60, rounded down once per line — the
 * minutes of every record at that rate are summed first, so no record is rounded on its own; a month at a
 * single rate is therefore rounded exactly once per statement), and one per-unit line per order (accepted
 * items × unit price × share ÷ 100, rounded down once per line). Integer yen throughout; the total is the
 * sum of the lines.
 */
export function earnings(hourly: HourlyGroup[], units: UnitGroup[]) {
  const lines: StatementLine[] = [
    ...hourly
      .filter((h) => h.minutes > 0)
      .map((h) => ({
        kind: 'hourly' as const,
        label: h.label,
        quantity: h.minutes,
        rate: h.hourlyRate,
        amount: Math.floor((h.minutes * h.hourlyRate) / 60),
      })),
    ...units
      .filter((u) => u.count > 0)
      .map((u) => ({
        kind: 'unit' as const,
        label: u.label,
        quantity: u.count,
        rate: u.unitPrice,
        sharePercent: u.sharePercent,
        amount: Math.floor((u.count * u.unitPrice * u.sharePercent) / 100),
      })),
  ];
  return { lines, total: lines.reduce((sum, l) => sum + l.amount, 0) };
}
