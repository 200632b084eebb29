import type { ColumnType, Generated } from 'kysely';

/** Row types of the queue probes (migration 0023_queue_probes.sql is the source of truth). */
export interface QueueProbesTable {
  tenant_id: string;
  id: Generated<string>;
  batch: string;
  hold_ms: number;
  created_at: ColumnType<Date, never, never>;
  runs: Generated<number>;
  processed_at: ColumnType<Date | null, never, Date>;
  processed_by: ColumnType<string | null, never, string>;
}

export interface QueueProbeEffectsTable {
  tenant_id: string;
  id: ColumnType<number, never, never>;
  probe_id: string;
  processed_by: string;
  created_at: ColumnType<Date, never, never>;
}

export interface ProbesTables {
  queue_probes: QueueProbesTable;
  queue_probe_effects: QueueProbeEffectsTable;
}
