import type { ColumnType, Generated, Selectable } from 'kysely';

/** Row types of the contracts context's tables (its SQL migration 0007 is the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `date` column: read as 'YYYY-MM-DD' (cast in queries) or Date depending on the driver; written as a string. */
type DateColumn = ColumnType<Date | string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export type ContractStatus = 'draft' | 'offered' | 'accepted' | 'ended';

/** The Freelance Act (フリーランス・事業者間取引適正化等法 第3条) items as shown to the worker. */
export interface ContractStatement {
  work: string;
  pay: { hourlyRate: number; unitSharePercent: number; perUnitNote: string | null };
  payment: { rule: string; maxDaysAfterReceipt: number };
  parties: { orderer: string; worker: string };
  place: string;
  period: { startsOn: string; endsOn: string | null };
  agreedOn: string;
  termsVersion: number;
}

export interface ContractTermsTable {
  tenant_id: string;
  id: Generated<string>;
  version: number;
  text_ja: string;
  effective_from: DateColumn;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface WorkerContractsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  hourly_rate: number;
  unit_share_percent: Generated<number>;
  per_unit_note: string | null;
  starts_on: DateColumn;
  ends_on: DateColumn | null;
  terms_version: number;
  closing_day: Generated<number>;
  pay_month_offset: Generated<number>;
  pay_day: Generated<number>;
  statement: Json<ContractStatement>;
  status: Generated<ContractStatus>;
  offered_at: Timestamp | null;
  accepted_at: Timestamp | null;
  accepted_from_ip: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ContractsTables {
  contract_terms: ContractTermsTable;
  worker_contracts: WorkerContractsTable;
}

export type ContractTerms = Selectable<ContractTermsTable>;
export type WorkerContract = Selectable<WorkerContractsTable>;
