import type { ColumnType } from 'kysely';

/** Row types of the partner launch checklist (its SQL migration 0018 is the source of truth). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const CHECKLIST_ITEMS = [
  'workspace_ready',
  'pcs_ready',
  'budget_approved',
  'recruiting_started',
  'first_training_done',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export interface HubPartnerChecklistTable {
  tenant_id: string;
  hub_tenant_id: string;
  item: ChecklistItem;
  hub_done_at: Date | null;
  hub_done_by: string | null;
  partner_done_at: Date | null;
  partner_done_by: string | null;
  updated_at: Timestamp;
}

export interface PartnershipsTables {
  hub_partner_checklist: HubPartnerChecklistTable;
}
