import type { ColumnType, Generated } from 'kysely';

/** Row types of the ledger's tables (its SQL migration 0012 is the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
/** A `date` column: read as text (cast in queries) or Date depending on the driver; written as a string. */
type DateColumn = ColumnType<Date | string, string, string>;
/** A `bigint` column of integer yen: read as number or string depending on the driver. */
type Yen = ColumnType<number | string | bigint, number, never>;

export type AccountKind = 'asset' | 'liability' | 'revenue' | 'expense' | 'equity';

export interface LedgerAccountsTable {
  tenant_id: string;
  code: string;
  name_ja: string;
  name_en: string;
  kind: AccountKind;
  created_at: CreatedAt;
}

export interface JournalEntriesTable {
  tenant_id: string;
  id: Generated<string>;
  entry_date: DateColumn;
  memo: string;
  source_kind: string | null;
  source_id: string | null;
  reverses_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface JournalLinesTable {
  tenant_id: string;
  entry_id: string;
  line_no: number;
  account_code: string;
  amount: Yen;
}

export interface LedgerTables {
  ledger_accounts: LedgerAccountsTable;
  journal_entries: JournalEntriesTable;
  journal_lines: JournalLinesTable;
}
