import { addDays } from '../../kernel/tokyo.js';
import {
  DEFAULT_PAYMENT_TERMS,
  MAX_PAYMENT_DAYS,
  type PaymentTerms,
  paymentDates,
} from '../contracts/payment-terms.js';
import { holidayOn } from '../workers/availability.js';

/**
 * The day a month's pay is transferred. From the contract's payment terms (default 月末締め翌月末払い), never
 * more than 60 days after the month's end (the Freelance Act counts from the receipt of the work, which a
 * monthly timesheet gives at the latest on its last day), then moved EARLIER to a bank business day: banks
 * do not transfer on Saturdays, Sundays, national holidays or 12/31–1/3, and moving later could break the
 * 60-day limit, so the move is always to the previous business day.
 */
export interface PaymentDate {
  /** 'YYYY-MM-DD' */
  date: string;
  /** Why the date differs from the terms' nominal day, Japanese then English; null when it does not. */
  note: string | null;
}

const WEEKDAY_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const ja = (date: string) => `${date}（${WEEKDAY_JA[weekday(date)]}）`;
const en = (date: string) => `${date} (${WEEKDAY_EN[weekday(date)]})`;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Whether banks transfer on that day. */
export function isBankBusinessDay(date: string): boolean {
  const day = weekday(date);
  if (day === 0 || day === 6) return false;
  const md = date.slice(5);
  if (md === '12-31' || md <= '01-03') return false;
  return holidayOn(date) === null;
}

/** The last day of a month 'YYYY-MM'. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return iso(Date.UTC(y, m, 0));
}

export function paymentDate(month: string, terms: PaymentTerms = DEFAULT_PAYMENT_TERMS): PaymentDate {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const nominal = iso(paymentDates(terms, y, m - 1).pay);
  const limit = addDays(monthEnd(month), MAX_PAYMENT_DAYS);
  const notes: string[] = [];
  let date = nominal;
  if (date > limit) {
    date = limit;
    notes.push(
      `${ja(nominal)}は月末から${MAX_PAYMENT_DAYS}日を超えるため ${ja(limit)}に繰り上げ / ${en(nominal)} is more than ${MAX_PAYMENT_DAYS} days after the month's end: brought forward to ${en(limit)}`,
    );
  }
  const beforeMove = date;
  while (!isBankBusinessDay(date)) date = addDays(date, -1);
  if (date !== beforeMove)
    notes.push(
      `${ja(beforeMove)}は銀行休業日のため ${ja(date)}に前倒し / ${en(beforeMove)} is not a bank business day: moved to the previous bank business day, ${en(date)}`,
    );
  return { date, note: notes.length > 0 ? notes.join('; ') : null };
}
