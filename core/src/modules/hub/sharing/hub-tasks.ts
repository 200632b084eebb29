import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';

/**
 * The hub project's tasks that go to partners, in a transaction set to the hub. A task a partner carries is
 * 'shared': out of the hub's own "next task" queue until it comes back (offer declined, withdrawn or moved).
 */

/** Takes up to `n` untouched ordinary open tasks (lowest numbers first) out of the hub's queue. */
export async function reserveHubTasks(tx: Tx, projectId: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  // Picked once (MATERIALIZED): a LIMIT inside an IN (…) may be re-run by the planner and take more.
  const rows = await sql<{ id: string }>`
    WITH picked AS MATERIALIZED (
      SELECT id FROM tasks
      WHERE tenant_id = kado_current_tenant() AND project_id = ${projectId} AND status = 'open'
        AND expected IS NULL AND active_count = 0 AND submitted_count = 0
      ORDER BY seq LIMIT ${n} FOR UPDATE SKIP LOCKED)
    UPDATE tasks SET status = 'shared', updated_at = now() FROM picked
    WHERE tasks.tenant_id = kado_current_tenant() AND tasks.id = picked.id
    RETURNING tasks.id`.execute(tx);
  return rows.rows.map((r) => r.id);
}

/** Puts shared tasks back in the hub's own queue. */
export async function releaseHubTasks(tx: Tx, taskIds: readonly string[]): Promise<void> {
  if (taskIds.length === 0) return;
  await sql`UPDATE tasks SET status = 'open', updated_at = now()
    WHERE tenant_id = kado_current_tenant() AND id = ANY(${[...taskIds]}::uuid[]) AND status = 'shared'`.execute(
    tx,
  );
}

/** Untouched open ordinary tasks of the hub project: what can still be shared. */
export async function shareableTasks(tx: Tx, projectId: string) {
  const row = await sql<{ n: number; minutes: number | null }>`
    SELECT count(*)::int AS n, avg(estimated_minutes)::float8 AS minutes FROM tasks
    WHERE tenant_id = kado_current_tenant() AND project_id = ${projectId} AND status = 'open'
      AND expected IS NULL AND active_count = 0 AND submitted_count = 0`.execute(tx);
  return { count: Number(row.rows[0]?.n ?? 0), estimatedMinutes: Number(row.rows[0]?.minutes ?? 1) || 1 };
}

/** Links an offer to the hub tasks it carries (in either side's transaction: the row names both). */
export async function linkOfferTasks(
  tx: Tx,
  link: { partnerId: string; hubId: string; offerId: string },
  hubTaskIds: readonly string[],
): Promise<void> {
  for (let at = 0; at < hubTaskIds.length; at += 1000)
    await tx
      .insertInto('hub_offer_tasks')
      .values(
        hubTaskIds.slice(at, at + 1000).map((id) => ({
          tenant_id: link.partnerId,
          hub_tenant_id: link.hubId,
          offer_id: link.offerId,
          hub_task_id: id,
        })),
      )
      .execute();
}

/** The hub tasks an offer carries, and drops the links when asked (the offer gave them back). */
export async function offerTaskIds(tx: Tx, offerId: string, options: { unlink?: boolean } = {}) {
  const q = options.unlink
    ? tx.deleteFrom('hub_offer_tasks').where('offer_id', '=', offerId).returning('hub_task_id')
    : tx.selectFrom('hub_offer_tasks').select('hub_task_id').where('offer_id', '=', offerId);
  return (await q.execute()).map((r) => r.hub_task_id);
}
