import type { ColumnType, Generated } from 'kysely';

/** Row types of the hub's training tables (its SQL migration, 0019_training.sql, is the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type CourseAudience = 'worker' | 'director';
export type SessionMode = 'online' | 'centre';
export type EnrolmentStatus = 'enrolled' | 'attended' | 'passed' | 'failed' | 'cancelled';

export interface TrainingCoursesTable {
  tenant_id: string;
  id: Generated<string>;
  title_ja: string;
  title_en: string;
  audience: CourseAudience;
  work_type: string | null;
  skills: ColumnType<string[], string[] | undefined, string[]>;
  pass_score: number;
  description: ColumnType<string, string | undefined, string>;
  published: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TrainingSessionsTable {
  tenant_id: string;
  id: Generated<string>;
  course_id: string;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  ends_at: ColumnType<Date, Date | string, Date | string>;
  mode: SessionMode;
  centre_tenant_id: string | null;
  place: ColumnType<string, string | undefined, string>;
  capacity: number;
  seats_taken: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface TrainingEnrolmentsTable {
  tenant_id: string;
  id: Generated<string>;
  hub_tenant_id: string;
  session_id: string;
  course_id: string;
  pseudonym: string;
  status: ColumnType<EnrolmentStatus, EnrolmentStatus | undefined, EnrolmentStatus>;
  score: number | null;
  enrolled_by: ColumnType<'centre' | 'worker', 'centre' | 'worker' | undefined, 'centre' | 'worker'>;
  enrolled_at: CreatedAt;
  attended_at: NullableTimestamp;
  assessed_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface TrainingEnrolmentPeopleTable {
  tenant_id: string;
  enrolment_id: string;
  user_id: string;
}

export interface TrainingTables {
  training_courses: TrainingCoursesTable;
  training_sessions: TrainingSessionsTable;
  training_enrolments: TrainingEnrolmentsTable;
  training_enrolment_people: TrainingEnrolmentPeopleTable;
}
