import type { ColumnType, Generated } from 'kysely';

/** Row types of the payouts tables (its SQL migration 0014 is the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `date` column: read as text (cast in queries) or Date depending on the driver; written as a string. */
type DateColumn = ColumnType<Date | string, string, string>;
/** A `bigint` column of integer yen: read as number or string depending on the driver. */
type Yen = ColumnType<number | string | bigint, number, never>;

export type PayoutRunStatus =
  | 'preview'
  | 'approved'
  | 'processing'
  | 'completed'
  | 'failed'
  | 'discarded'
  | 'paid';

export interface PayoutSettingsTable {
  tenant_id: string;
  consignor_code: string;
  consignor_name: string;
  bank_code: string;
  bank_name: string;
  branch_code: string;
  branch_name: string;
  account_type: number;
  account_number_enc: string;
  account_last_digits: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface WorkerBankAccountsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  bank_code: string;
  bank_name: string;
  branch_code: string;
  branch_name: string;
  account_type: number;
  account_number_enc: string;
  account_last_digits: string;
  holder_enc: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface PayoutRunsTable {
  tenant_id: string;
  id: Generated<string>;
  month: string;
  status: Generated<PayoutRunStatus>;
  payment_date: DateColumn;
  payment_date_note: string | null;
  workers: number;
  total_amount: Yen;
  job_id: string | null;
  zengin_key: string | null;
  error: string | null;
  approved_at: Timestamp | null;
  approved_by: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  completed_at: Timestamp | null;
  /** 0016: the bank transfer recorded as made. */
  paid_at: Timestamp | null;
  paid_on: ColumnType<Date | string | null, string | null, string | null>;
  paid_by: string | null;
}

export interface PayoutStatementsTable {
  tenant_id: string;
  id: Generated<string>;
  run_id: string;
  user_id: string;
  month: string;
  worker_name: string;
  minutes: number;
  hourly_rate: number;
  hour_amount: Yen;
  units: number;
  unit_amount: Yen;
  amount: Yen;
  payment_date: DateColumn;
  bank_account_id: string | null;
  pdf_key: string | null;
  discarded: Generated<boolean>;
  created_at: CreatedAt;
}

export interface PayoutsTables {
  payout_settings: PayoutSettingsTable;
  worker_bank_accounts: WorkerBankAccountsTable;
  payout_runs: PayoutRunsTable;
  payout_statements: PayoutStatementsTable;
}
