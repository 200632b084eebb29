import type { ColumnType, Generated } from 'kysely';

/** Row types of the hub's sharing tables (its SQL migration 0017 is the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateColumn = ColumnType<Date | string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export type PartnershipStatus = 'onboarding' | 'active' | 'ended';
export type ShareStatus = 'draft' | 'offered' | 'delivered' | 'cancelled';
export type OfferStatus = 'offered' | 'countered' | 'accepted' | 'declined' | 'withdrawn';

export interface HubPartnershipsTable {
  tenant_id: string;
  hub_tenant_id: string;
  work_types: ColumnType<string[], string[] | undefined, string[]>;
  task_rates: ColumnType<Record<string, number>, string | undefined, string>;
  hourly_rate: ColumnType<number, number | undefined, number>;
  margin_percent: ColumnType<number, number | undefined, number>;
  status: ColumnType<PartnershipStatus, PartnershipStatus | undefined, PartnershipStatus>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface HubSharesTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  project_id: string;
  work_type: string;
  tasks: number;
  deadline: DateColumn;
  status: ColumnType<ShareStatus, ShareStatus | undefined, ShareStatus>;
  proposal: Json<unknown>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface HubOffersTable {
  tenant_id: string;
  id: Generated<string>;
  hub_tenant_id: string;
  share_id: string;
  title: string;
  work_type: string;
  parameters: Json<Record<string, unknown>>;
  quality_target: number;
  tasks: number;
  unit_price: number;
  deadline: Timestamp;
  respond_by: Timestamp;
  status: ColumnType<OfferStatus, OfferStatus | undefined, OfferStatus>;
  counter_tasks: number | null;
  counter_unit_price: number | null;
  counter_note: ColumnType<string, string | undefined, string>;
  partner_project_id: string | null;
  moved_from: string | null;
  responded_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface HubOfferTasksTable {
  tenant_id: string;
  hub_tenant_id: string;
  offer_id: string;
  hub_task_id: string;
  partner_task_id: string | null;
  collected_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface HubTables {
  hub_partnerships: HubPartnershipsTable;
  hub_shares: HubSharesTable;
  hub_offers: HubOffersTable;
  hub_offer_tasks: HubOfferTasksTable;
}
