import { sql } from 'kysely';
import type { Database, Tx } from '../../../db/database.js';
import { notFound } from '../../../kernel/problems.js';
import type { AuditEntry, AuditService } from '../../audit/audit.service.js';
import type { Proposal } from './sharing.schemas.js';

/** A hub share with what it needs of its order, as the hub's services read it (in the hub's scope). */
export interface ShareRow {
  id: string;
  order_id: string;
  project_id: string;
  work_type: string;
  tasks: number;
  deadline: string;
  status: 'draft' | 'offered' | 'delivered' | 'cancelled';
  proposal: Proposal;
  created_at: Date;
  updated_at: Date;
  order_title: string;
  order_deadline: Date;
  order_parameters: unknown;
  quality_target: number;
}

export const selectShares = (tx: Tx) =>
  tx
    .selectFrom('hub_shares as s')
    .innerJoin('orders as o', (j) =>
      j.onRef('o.tenant_id', '=', 's.tenant_id').onRef('o.id', '=', 's.order_id'),
    )
    .select([
      's.id',
      's.order_id',
      's.project_id',
      's.work_type',
      's.tasks',
      sql<string>`s.deadline::text`.as('deadline'),
      's.status',
      's.proposal',
      's.created_at',
      's.updated_at',
      'o.title as order_title',
      'o.deadline as order_deadline',
      'o.parameters as order_parameters',
      'o.quality_target',
    ]);

export async function findShare(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<ShareRow> {
  let q = selectShares(tx).where('s.id', '=', id);
  if (options.lock) q = q.forUpdate('s');
  const share = await q.executeTakeFirst();
  if (!share) throw notFound('ワークシェア', 'Share');
  return share as ShareRow;
}

/**
 * One step of an offer in both centres' audit logs: first in the centre the transaction is set to, then in
 * the other; the transaction ends set to the first again.
 */
export async function auditBothSides(
  deps: { db: Database; audit: AuditService },
  tx: Tx,
  centres: { here: string; there: string },
  entry: AuditEntry,
): Promise<void> {
  await deps.audit.record(tx, entry, centres.here);
  await deps.db.switchTenant(tx, centres.there);
  await deps.audit.record(tx, entry, centres.there);
  await deps.db.switchTenant(tx, centres.here);
}
