import type { ColumnType, Generated } from 'kysely';

/** Row types of the budget's tables (its SQL migration 0013 is the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
/** A `date` column: read as text (cast in queries) or Date depending on the driver; written as a string. */
type DateColumn = ColumnType<Date | string, string, string>;
/** A `bigint` column of integer yen: read as number or string depending on the driver. */
type Yen = ColumnType<number | string | bigint, number, never>;

export type MovementKind = 'budget' | 'commitment' | 'release' | 'actual';
export type FundingSourceCode = 'city_general_fund' | 'national_grant' | 'order_revenue';

export interface BudgetLinesTable {
  tenant_id: string;
  id: Generated<string>;
  fiscal_year: number;
  account_code: string;
  funding_source: FundingSourceCode;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface BudgetMovementsTable {
  tenant_id: string;
  id: Generated<string>;
  line_id: string;
  kind: MovementKind;
  amount: Yen;
  entry_date: DateColumn;
  month: string;
  memo: string;
  source_kind: string | null;
  source_id: string | null;
  override_reason: string | null;
  reverses_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface BudgetTables {
  budget_lines: BudgetLinesTable;
  budget_movements: BudgetMovementsTable;
}
