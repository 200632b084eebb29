import type { ColumnType, Generated } from 'kysely';

/** Row types of the workers context's tables (migration 0006_workers.sql is the source of truth). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;
/** A `date` column, inserted as 'YYYY-MM-DD'; always select it as `col::text` (drivers parse dates in the process time zone). */
type DateColumn = ColumnType<string, string, string>;

export type PreferredPlace = 'centre' | 'home' | 'both';
export type TimeConstraintReason = 'childcare' | 'caregiving' | 'disability' | 'study' | 'other';

export interface WorkerProfilesTable {
  tenant_id: string;
  user_id: string;
  legal_name: Generated<string>;
  phone: Generated<string>;
  email: Generated<string>;
  address: Generated<string>;
  preferred_place: Generated<PreferredPlace>;
  accessibility_needs: Generated<string>;
  time_constraint_reason: TimeConstraintReason | null;
  note: Generated<string>;
  deletion_requested_at: Timestamp | null;
  pseudonymised_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface WorkerTrainingsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  course: string;
  completed_on: DateColumn;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface AvailabilityPatternsTable {
  tenant_id: string;
  user_id: string;
  weekday: number;
  start_minute: number;
  end_minute: number;
}

export interface AvailabilitySettingsTable {
  tenant_id: string;
  user_id: string;
  max_minutes_per_week: number | null;
  works_on_holidays: Generated<boolean>;
  updated_at: Timestamp;
}

export interface AvailabilityExceptionsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  date_from: DateColumn;
  date_to: DateColumn;
  kind: 'off' | 'hours';
  ranges: ColumnType<{ start: string; end: string }[], string | undefined, string>;
  note: Generated<string>;
  created_at: CreatedAt;
}

export interface WorkersTables {
  worker_profiles: WorkerProfilesTable;
  worker_trainings: WorkerTrainingsTable;
  availability_patterns: AvailabilityPatternsTable;
  availability_settings: AvailabilitySettingsTable;
  availability_exceptions: AvailabilityExceptionsTable;
}
