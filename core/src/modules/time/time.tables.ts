import type { ColumnType, Generated, Selectable } from 'kysely';

/** Row types of the time context's tables (its SQL migration 0008 is the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type TimeEntryKind = 'task' | 'shift' | 'other';
export type TimeEntrySource = 'clock' | 'manual' | 'correction';
export type Place = 'centre' | 'home';
export type TimesheetStatus = 'open' | 'submitted' | 'approved' | 'returned';

export interface TimeEntriesTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  task_id: string | null;
  kind: TimeEntryKind;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  break_minutes: Generated<number>;
  place: Place;
  workspace_id: string | null;
  source: TimeEntrySource;
  corrects_id: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface TimesheetsTable {
  tenant_id: string;
  user_id: string;
  month: string;
  status: Generated<TimesheetStatus>;
  submitted_at: Timestamp | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  comment: string | null;
}

export interface TimeTables {
  time_entries: TimeEntriesTable;
  timesheets: TimesheetsTable;
}

export type TimeEntry = Selectable<TimeEntriesTable>;
export type Timesheet = Selectable<TimesheetsTable>;
