import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { BudgetTables } from '../modules/budget/budget.tables.js';
import type { ContractsTables } from '../modules/contracts/contracts.tables.js';
import type { GrowthTables } from '../modules/growth/growth.tables.js';
import type { HubTables } from '../modules/hub/hub.tables.js';
import type { PartnershipsTables } from '../modules/hub/partnerships/partnerships.tables.js';
import type { SettlementTables } from '../modules/hub/settlement/settlement.tables.js';
import type { TrainingTables } from '../modules/hub/training/training.tables.js';
import type { InvoicesTables } from '../modules/invoices/invoices.tables.js';
import type { LedgerTables } from '../modules/ledger/ledger.tables.js';
import type { PayoutsTables } from '../modules/payouts/payouts.tables.js';
import type { ProbesTables } from '../modules/probes/probes.tables.js';
import type { SeatsTables } from '../modules/seats/seats.tables.js';
import type { TimeTables } from '../modules/time/time.tables.js';
import type { WorkersTables } from '../modules/workers/workers.tables.js';

/** Row types of the tables the SQL migrations create (the migrations are the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type Role = 'hub_admin' | 'tenant_admin' | 'director' | 'worker' | 'client';
export type TenantKind = 'hub' | 'municipality' | 'operator';
export type TenantStatus = 'onboarding' | 'active' | 'suspended';

export interface OpeningHours {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  opens: string;
  closes: string;
}

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name_ja: string;
  name_en: string;
  kind: TenantKind;
  prefecture: string;
  local_government_code: string;
  fiscal_year_start_month: Generated<number>;
  time_zone: Generated<string>;
  status: Generated<TenantStatus>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TenantCodeHistoryTable {
  tenant_id: string;
  id: Generated<string>;
  local_government_code: string;
  valid_from: Timestamp;
  changed_by: string | null;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  locale: Generated<'ja' | 'en'>;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface SignInAttemptsTable {
  id: Generated<string>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: Timestamp;
}

export interface MembershipsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface WorkspacesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  kind: 'coworking' | 'home';
  address: string;
  seats: number;
  opening_hours: Json<OpeningHours[]>;
  childcare: boolean;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface InvitationsTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  role: Exclude<Role, 'hub_admin'>;
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ApiTokensTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  role: Exclude<Role, 'hub_admin'>;
  token_hash: string;
  prefix: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  tenant_id: string;
  id: Generated<number>;
  at: CreatedAt;
  actor_user_id: string | null;
  actor_token_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: Json<Record<string, unknown>>;
}

export interface MailOutboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body: string;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export type JobState = 'waiting' | 'active' | 'completed' | 'failed';

export interface JobsTable {
  tenant_id: string;
  queue: string;
  id: string;
  name: string;
  data: Json<unknown>;
  state: Generated<JobState>;
  progress: Generated<number>;
  attempts: Generated<number>;
  max_attempts: number;
  backoff_ms: number;
  run_at: Timestamp;
  locked_until: Timestamp | null;
  lock_token: string | null;
  error: string | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}

export type ClientKind = 'company' | 'municipal_department';

export interface ClientsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: ClientKind;
  name: string;
  contact_person: string;
  contact_email: string;
  contact_phone: string;
  billing_address: string;
  invoice_registration_number: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ClientUsersTable {
  tenant_id: string;
  user_id: string;
  client_id: string;
  created_at: CreatedAt;
}

export type ContractType = 'ukeoi' | 'jun_inin';
export type OrderStatus = 'draft' | 'accepted' | 'in_progress' | 'delivered' | 'completed' | 'cancelled';

export interface OrdersTable {
  tenant_id: string;
  id: Generated<string>;
  client_id: string;
  title: string;
  work_type: string;
  parameters: Json<Record<string, unknown>>;
  contract_type: ContractType;
  quantity: number | null;
  unit_price: number | null;
  hours: number | null;
  hourly_rate: number | null;
  amount: number;
  deadline: Timestamp;
  quality_target: number;
  status: Generated<OrderStatus>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  request_hash: string;
  state: Generated<'running' | 'done'>;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface DB
  extends WorkersTables,
    ContractsTables,
    TimeTables,
    SeatsTables,
    GrowthTables,
    LedgerTables,
    BudgetTables,
    PayoutsTables,
    InvoicesTables,
    HubTables,
    TrainingTables,
    PartnershipsTables,
    SettlementTables,
    ProbesTables {
  tenants: TenantsTable;
  tenant_code_history: TenantCodeHistoryTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_attempts: SignInAttemptsTable;
  memberships: MembershipsTable;
  workspaces: WorkspacesTable;
  invitations: InvitationsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  jobs: JobsTable;
  tenant_plugins: TenantPluginsTable;
  clients: ClientsTable;
  client_users: ClientUsersTable;
  orders: OrdersTable;
  idempotency_keys: IdempotencyKeysTable;
  worker_skills: WorkerSkillsTable;
  projects: ProjectsTable;
  project_files: ProjectFilesTable;
  imports: ImportsTable;
  tasks: TasksTable;
  assignments: AssignmentsTable;
  submissions: SubmissionsTable;
  worker_accuracy: WorkerAccuracyTable;
  exports: ExportsTable;
}

export type Tenant = Selectable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type Workspace = Selectable<WorkspacesTable>;
export type NewWorkspace = Insertable<WorkspacesTable>;
export type Client = Selectable<ClientsTable>;
export type Order = Selectable<OrdersTable>;

/** Which work-type plugins a tenant has enabled, and with which plugin version (migration 0003). */
export interface TenantPluginsTable {
  tenant_id: string;
  plugin_id: string;
  enabled: boolean;
  version: string;
  enabled_at: Timestamp;
  enabled_by: string | null;
  changed_at: Timestamp;
  changed_by: string | null;
}
export type TenantPlugin = Selectable<TenantPluginsTable>;

/* Projects and tasks (migration 0005). */
/** 'shared': a hub task given to a partner centre, out of the hub's own queue while it is away. */
export type TaskStatus = 'open' | 'assigned' | 'submitted' | 'in_review' | 'accepted' | 'returned' | 'shared';
export type AssignmentStatus = 'active' | 'submitted' | 'expired' | 'returned' | 'released';
export type Verdict = 'pending' | 'accepted' | 'rejected' | 'returned' | 'adjudicated' | 'scored';
export type FileJobStatus = 'queued' | 'running' | 'failed' | 'done';

export interface WorkerSkillsTable {
  tenant_id: string;
  user_id: string;
  skill: string;
  level: Generated<number>;
  granted_at: Generated<Date>;
}

export interface ProjectsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  work_type: string;
  plugin_version: string;
  parameters: Json<unknown>;
  quality: Json<unknown>;
  needed: number;
  golden_percent: Generated<number>;
  lease_minutes: number;
  due_at: Timestamp;
  quality_target: number;
  created_at: CreatedAt;
}

export interface ProjectFilesTable {
  tenant_id: string;
  project_id: string;
  name: string;
  storage_key: string;
  content_type: string;
  size: ColumnType<string | number, number, number>;
  created_at: CreatedAt;
}

export interface ImportsTable {
  tenant_id: string;
  id: Generated<string>;
  project_id: string;
  format: string;
  file_name: string;
  storage_key: string;
  size: ColumnType<string | number, number, number>;
  status: Generated<FileJobStatus>;
  job_id: string | null;
  imported: Generated<number>;
  golden: Generated<number>;
  errors: ColumnType<{ row: number; error: string }[], string | undefined, string>;
  error_count: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}

export interface TasksTable {
  tenant_id: string;
  id: Generated<string>;
  project_id: string;
  import_id: string | null;
  seq: number;
  payload: Json<unknown>;
  expected: ColumnType<unknown, string | null, string | null>;
  status: Generated<TaskStatus>;
  needed: number;
  active_count: Generated<number>;
  submitted_count: Generated<number>;
  lease_expires_at: Timestamp | null;
  returned_to: string | null;
  estimated_minutes: number;
  /** The day a shift happens (from the plugin's timeWindow); null for work done any time. */
  scheduled_on: ColumnType<string | null, string | null | undefined, string | null>;
  due_at: Timestamp;
  differences: ColumnType<string[] | null, string | null, string | null>;
  accepted_submission_id: string | null;
  accepted_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AssignmentsTable {
  tenant_id: string;
  id: Generated<string>;
  task_id: string;
  project_id: string;
  worker_id: string;
  status: Generated<AssignmentStatus>;
  draft: ColumnType<unknown, string | null, string | null>;
  expires_at: Timestamp;
  created_at: CreatedAt;
  submitted_at: Timestamp | null;
}

export interface SubmissionsTable {
  tenant_id: string;
  id: Generated<string>;
  task_id: string;
  project_id: string;
  assignment_id: string | null;
  /** NULL for a result a partner centre's worker made (migration 0020): then the pseudonym and centre. */
  worker_id: string | null;
  worker_pseudonym: ColumnType<string | null, string | null | undefined, string | null>;
  source_tenant_id: ColumnType<string | null, string | null | undefined, string | null>;
  payload: Json<unknown>;
  verdict: Generated<Verdict>;
  agreement: number | null;
  golden: Generated<boolean>;
  review_comment: string | null;
  reviewed_by: string | null;
  created_at: CreatedAt;
}

export interface WorkerAccuracyTable {
  tenant_id: string;
  user_id: string;
  work_type: string;
  scored: Generated<number>;
  agreement_sum: Generated<number>;
  updated_at: Timestamp;
}

export interface ExportsTable {
  tenant_id: string;
  id: Generated<string>;
  project_id: string;
  format: string;
  status: Generated<FileJobStatus>;
  file_name: string;
  content_type: string;
  storage_key: string;
  size: ColumnType<string | number | null, number | null, number | null>;
  tasks: number | null;
  error: string | null;
  job_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}

export type Project = Selectable<ProjectsTable>;
export type Task = Selectable<TasksTable>;
