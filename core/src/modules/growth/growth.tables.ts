import type { ColumnType, Generated } from 'kysely';

export type PlacementKind = 'employed_local' | 'employed_other' | 'returned_to_centre' | 'other';

/** Row types of the growth context's tables (its SQL migration, 0010_growth.sql, is the source of truth). */
export interface PlacementOutcomesTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  kind: PlacementKind;
  employer_name: string | null;
  /** A date column, read as YYYY-MM-DD text (see GrowthService). */
  occurred_on: ColumnType<string, string, string>;
  note: Generated<string>;
  recorded_by: string | null;
  created_at: ColumnType<Date, never, never>;
}

export interface GrowthTables {
  placement_outcomes: PlacementOutcomesTable;
}
