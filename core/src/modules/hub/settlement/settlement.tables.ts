import type { ColumnType, Generated } from 'kysely';

/** Row types of the hub's settlement tables (its SQL migration 0021 is the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `bigint` column of integer yen: read as number or string depending on the driver. */
type Yen = ColumnType<number | string | bigint, number, number>;

export type SettlementStatus = 'draft' | 'confirmed';

export interface HubSettlementsTable {
  tenant_id: string;
  id: Generated<string>;
  hub_tenant_id: string;
  month: string;
  units: number;
  total_yen: Yen;
  status: ColumnType<SettlementStatus, SettlementStatus | undefined, SettlementStatus>;
  hub_entry_id: string | null;
  partner_entry_id: string | null;
  created_at: CreatedAt;
  computed_at: Timestamp;
  confirmed_at: Timestamp | null;
  confirmed_by: string | null;
}

export interface HubSettlementLinesTable {
  tenant_id: string;
  hub_tenant_id: string;
  settlement_id: string;
  offer_id: string;
  title: string;
  work_type: string;
  units: number;
  unit_price: number;
  amount_yen: Yen;
}

export interface SettlementTables {
  hub_settlements: HubSettlementsTable;
  hub_settlement_lines: HubSettlementLinesTable;
}
