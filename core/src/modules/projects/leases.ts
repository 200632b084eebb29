import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import { notFound, Problem } from '../../kernel/problems.js';

/** Holds (leases) on tasks: shared by claiming and handing in. */

export const noLease = () =>
  new Problem(
    'conflict',
    'この作業の担当ではありません（期限切れで戻された可能性があります） / You do not hold this task (it may have expired and gone back to the pool)',
  );

/** The caller's live assignment of a task; an expired one that nobody has taken over still counts. */
export async function heldAssignment(tx: Tx, taskId: string) {
  const workerId = currentScope().actor.userId!;
  const assignment = await tx
    .selectFrom('assignments')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'active')
    .forUpdate()
    .executeTakeFirst();
  if (assignment) return assignment;
  const exists = await tx.selectFrom('tasks').select('id').where('id', '=', taskId).executeTakeFirst();
  throw exists ? noLease() : notFound('作業', 'Task');
}

/** Recomputes a task's hold counters and status from its assignments (after a release or submit). */
export async function recount(tx: Tx, taskId: string) {
  await sql`
    UPDATE tasks SET
      active_count = (SELECT count(*) FROM assignments WHERE task_id = ${taskId}::uuid AND status = 'active'),
      lease_expires_at = (SELECT min(expires_at) FROM assignments WHERE task_id = ${taskId}::uuid AND status = 'active'),
      updated_at = now()
    WHERE id = ${taskId}::uuid`.execute(tx);
  await sql`
    UPDATE tasks SET status = CASE
        WHEN active_count + submitted_count < needed THEN 'open'
        WHEN submitted_count < needed THEN 'assigned'
        ELSE status END
    WHERE id = ${taskId}::uuid AND status IN ('open', 'assigned')`.execute(tx);
}
