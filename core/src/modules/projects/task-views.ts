import type { Tx } from '../../db/database.js';
import type { Project, Task } from '../../db/schema.js';

/** What a worker sees of a task: never whether it is golden, never its known answer. */
export const toWorkView = (
  t: Task,
  assignment: { id: string; status: string; draft: unknown; expires_at: Date },
  project: Pick<Project, 'work_type' | 'parameters'>,
) => ({
  id: t.id,
  projectId: t.project_id,
  workType: project.work_type,
  parameters: project.parameters,
  payload: t.payload,
  estimatedMinutes: t.estimated_minutes,
  dueAt: t.due_at,
  assignment: {
    id: assignment.id,
    status: assignment.status,
    draft: assignment.draft,
    expiresAt: assignment.expires_at,
  },
});

export const toStaffView = (t: Task) => ({
  id: t.id,
  projectId: t.project_id,
  seq: t.seq,
  payload: t.payload,
  golden: t.expected !== null,
  status: t.status,
  needed: t.needed,
  activeCount: t.active_count,
  submittedCount: t.submitted_count,
  estimatedMinutes: t.estimated_minutes,
  dueAt: t.due_at,
  differences: t.differences,
  acceptedSubmissionId: t.accepted_submission_id,
  acceptedAt: t.accepted_at,
  /** Last change of state: for a task waiting for review, when it was handed in. */
  updatedAt: t.updated_at,
});

/** The project fields a worker's view of a task carries. */
export const projectOf = (tx: Tx, projectId: string) =>
  tx
    .selectFrom('projects')
    .select(['work_type', 'parameters'])
    .where('id', '=', projectId)
    .executeTakeFirstOrThrow();
