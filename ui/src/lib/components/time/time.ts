/** Types and formatting of the contract, time-record and timesheet pages (API shapes of issue #5). */

export interface Statement {
  work: string;
  pay: { hourlyRate: number; unitSharePercent: number; perUnitNote: string | null };
  payment: { rule: string; maxDaysAfterReceipt: number };
  parties: { orderer: string; worker: string };
  place: string;
  period: { startsOn: string; endsOn: string | null };
  agreedOn: string;
  termsVersion: number;
}

export interface Contract {
  id: string;
  userId: string;
  hourlyRate: number;
  unitSharePercent: number;
  startsOn: string;
  endsOn: string | null;
  termsVersion: number;
  statement: Statement;
  status: 'draft' | 'offered' | 'accepted' | 'ended';
  offeredAt: string | null;
  acceptedAt: string | null;
  termsText?: string;
  current: boolean;
}

export interface TimeEntry {
  id: string;
  taskId: string | null;
  kind: 'task' | 'shift' | 'other';
  startedAt: string;
  endedAt: string | null;
  breakMinutes: number;
  place: 'centre' | 'home';
  source: 'clock' | 'manual' | 'correction';
  correctsId: string | null;
  reason: string | null;
  minutes: number;
  superseded: boolean;
}

export type TimesheetStatus = 'open' | 'submitted' | 'approved' | 'returned';

export interface Timesheet {
  userId: string;
  displayName: string;
  month: string;
  status: TimesheetStatus;
  submittedAt: string | null;
  comment: string | null;
  entries: TimeEntry[];
  totals: { minutes: number; entries: number; openEntries: number };
}

export type TimesheetSummary = Omit<Timesheet, 'entries'>;

export interface StatementLine {
  kind: 'hourly' | 'unit';
  label: string;
  quantity: number;
  rate: number;
  sharePercent?: number;
  amount: number;
}

export interface Earnings {
  month: string;
  status: TimesheetStatus;
  provisional: boolean;
  lines: StatementLine[];
  total: number;
  uncoveredMinutes: number;
}

const OFFSET_MS = 9 * 3_600_000;
const shifted = (iso: string | Date) => new Date(new Date(iso).getTime() + OFFSET_MS).toISOString();

/** 'YYYY-MM' of this month in Tokyo. */
export const thisMonth = () => shifted(new Date()).slice(0, 7);
/** 'YYYY-MM-DD' of an instant in Tokyo. */
export const tokyoDate = (iso: string) => shifted(iso).slice(0, 10);
/** 'HH:MM' of an instant in Tokyo. */
export const tokyoClock = (iso: string) => shifted(iso).slice(11, 16);
/** The instant of a Tokyo date and 'HH:MM', as ISO 8601 with the +09:00 offset. */
export const tokyoIso = (date: string, time: string) => `${date}T${time}:00+09:00`;

/** Integer yen, written ¥1,234. */
export const yen = (n: number) => `¥${n.toLocaleString('ja-JP')}`;

/** Minutes as hours and minutes. */
export const hoursMinutes = (minutes: number) => ({ h: Math.floor(minutes / 60), m: minutes % 60 });
