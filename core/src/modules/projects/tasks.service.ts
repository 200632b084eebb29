import type { AnyPlugin, QualityPolicy } from '@kado/plugin-sdk';
import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { Project, Task, TaskStatus } from '../../db/schema.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';
import { PluginsService } from '../plugins/plugins.service.js';
import { WorkEvents } from '../team/work-events.js';
import { heldAssignment, recount } from './leases.js';
import { decide } from './quality-decision.js';
import { projectOf, toStaffView, toWorkView } from './task-views.js';

/**
 * Tasks from hand-in to acceptance: the quality step of the project's strategy, a director's review or
 * adjudication, every worker's running accuracy; and what staff and workers read of tasks.
 */
/** A hand-in waiting for its quality step: always made by one of this centre's own workers. */
type PendingHandIn = { worker_id: string };

@injectable()
export class TasksService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(PluginsService) private readonly plugins: PluginsService,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(WorkEvents) private readonly events: WorkEvents,
  ) {}

  private definition(project: Project): AnyPlugin {
    return this.plugins.host.require(project.work_type).definition;
  }

  /**
   * The task as the caller may see it: staff everything; a worker only a task they hold or did. `view:
   * 'work'` asks for the worker's view whatever the role (a director taking work sees it as a worker does).
   */
  get(taskId: string, view: 'auto' | 'work' = 'auto') {
    const { role, actor } = currentScope();
    return this.db.inTenant(async (tx) => {
      const task = await tx.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
      if (!task) throw notFound('作業', 'Task');
      if (role === 'worker' || view === 'work') {
        const assignment = await tx
          .selectFrom('assignments')
          .select(['id', 'status', 'draft', 'expires_at'])
          .where('task_id', '=', taskId)
          .where('worker_id', '=', actor.userId!)
          .orderBy('created_at', 'desc')
          .executeTakeFirst();
        if (!assignment) throw notFound('作業', 'Task');
        const comment = await tx
          .selectFrom('submissions')
          .select('review_comment')
          .where('task_id', '=', taskId)
          .where('worker_id', '=', actor.userId!)
          .where('verdict', '=', 'returned')
          .orderBy('created_at', 'desc')
          .executeTakeFirst();
        return {
          ...toWorkView(task, assignment, await projectOf(tx, task.project_id)),
          returnComment: comment?.review_comment ?? null,
        };
      }
      const submissions = await tx
        .selectFrom('submissions')
        .leftJoin('users', 'users.id', 'submissions.worker_id')
        .select([
          'submissions.id',
          'submissions.worker_id',
          'submissions.worker_pseudonym',
          'users.display_name',
          'submissions.payload',
          'submissions.verdict',
          'submissions.agreement',
          'submissions.review_comment',
          'submissions.created_at',
        ])
        .where('task_id', '=', taskId)
        .orderBy('submissions.created_at')
        .execute();
      return {
        ...toStaffView(task),
        expected: task.expected,
        submissions: submissions.map((s) => ({
          id: s.id,
          workerId: s.worker_id,
          // A partner centre's result: the hub knows its worker only by a pseudonymous id.
          workerName: s.display_name ?? s.worker_pseudonym,
          payload: s.payload,
          verdict: s.verdict,
          agreement: s.agreement,
          comment: s.review_comment,
          createdAt: s.created_at,
        })),
      };
    });
  }

  /** Hands in the work; checked against the plugin's schema and rules, then the quality step runs. */
  async submit(taskId: string, payload: unknown) {
    const result = await this.db.inTenant(async (tx) => {
      const assignment = await heldAssignment(tx, taskId);
      const task = await tx
        .selectFrom('tasks')
        .selectAll()
        .where('id', '=', taskId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const project = await tx
        .selectFrom('projects')
        .selectAll()
        .where('id', '=', task.project_id)
        .executeTakeFirstOrThrow();
      const definition = this.definition(project);
      const submission = this.parseSubmission(project, task, payload);
      await tx
        .updateTable('assignments')
        .set({ status: 'submitted', submitted_at: new Date(), draft: JSON.stringify(submission) })
        .where('id', '=', assignment.id)
        .execute();
      const golden = task.expected !== null;
      const agreement = golden
        ? definition.compare(task.expected, submission, project.parameters).agreement
        : null;
      const inserted = await tx
        .insertInto('submissions')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          task_id: taskId,
          project_id: task.project_id,
          assignment_id: assignment.id,
          worker_id: assignment.worker_id,
          payload: JSON.stringify(submission),
          golden,
          agreement,
          verdict: golden ? 'scored' : 'pending',
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      if (golden) {
        await this.score(tx, assignment.worker_id, project.work_type, agreement!);
        return { status: 'submitted' as const };
      }
      await tx
        .updateTable('tasks')
        .set({ submitted_count: sql`submitted_count + 1`, updated_at: new Date() })
        .where('id', '=', taskId)
        .execute();
      await recount(tx, taskId);
      const after = await tx
        .selectFrom('tasks')
        .selectAll()
        .where('id', '=', taskId)
        .executeTakeFirstOrThrow();
      if (after.submitted_count >= after.needed) await this.runQuality(tx, after, project, definition);
      await this.audit.record(tx, {
        action: 'task.submitted',
        entityType: 'task',
        entityId: taskId,
        data: { submissionId: inserted.id },
      });
      return { status: 'submitted' as const };
    });
    this.events.announce('submitted', taskId);
    return result;
  }

  /** A submission checked by the plugin's schema, then by its own rules for this task and order. */
  private parseSubmission(project: Project, task: Task, payload: unknown) {
    const submission = this.plugins.host.parseOrProblem(
      project.work_type,
      'submission',
      payload,
      '/body/submission',
    );
    const problems =
      this.definition(project).checkSubmission?.(submission, task.payload, project.parameters) ?? [];
    if (problems.length > 0)
      throw new Problem('validation-failed', problems.map((p) => p.message).join('; '), {
        errors: problems.map((p) => ({
          pointer: `/body/submission${p.pointer}`,
          code: 'invalid',
          detail: p.message,
        })),
      });
    return submission;
  }

  private async runQuality(tx: Tx, task: Task, project: Project, definition: AnyPlugin) {
    const pending = await tx
      .selectFrom('submissions')
      .select(['id', 'worker_id', 'payload'])
      .where('task_id', '=', task.id)
      .where('verdict', '=', 'pending')
      .orderBy('created_at')
      .$narrowType<PendingHandIn>()
      .execute();
    const decision = decide(
      project.quality as QualityPolicy,
      pending.map((s) => ({ id: s.id, workerId: s.worker_id, payload: s.payload })),
      (a, b) => definition.compare(a, b, project.parameters),
    );
    if (decision.kind === 'review') {
      await this.setStatus(tx, task.id, 'submitted');
    } else if (decision.kind === 'adjudicate') {
      await tx
        .updateTable('tasks')
        .set({ status: 'in_review', differences: JSON.stringify(decision.differences) })
        .where('id', '=', task.id)
        .execute();
    } else {
      for (const s of decision.scores) {
        await tx
          .updateTable('submissions')
          .set({ agreement: s.agreement, verdict: s.id === decision.acceptedId ? 'accepted' : 'rejected' })
          .where('id', '=', s.id)
          .execute();
        await this.score(tx, s.workerId, project.work_type, s.agreement);
      }
      await this.accept(tx, task.id, decision.acceptedId);
    }
  }

  private setStatus(tx: Tx, taskId: string, status: TaskStatus) {
    return tx.updateTable('tasks').set({ status, updated_at: new Date() }).where('id', '=', taskId).execute();
  }

  private accept(tx: Tx, taskId: string, submissionId: string) {
    return tx
      .updateTable('tasks')
      .set({
        status: 'accepted',
        accepted_submission_id: submissionId,
        accepted_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', taskId)
      .execute();
  }

  /** Adds one scored submission to the worker's running accuracy for the work type. */
  private async score(tx: Tx, workerId: string, workType: string, agreement: number) {
    await tx
      .insertInto('worker_accuracy')
      .values(({ eb }) => ({
        tenant_id: eb.fn<string>('kado_current_tenant'),
        user_id: workerId,
        work_type: workType,
        scored: 1,
        agreement_sum: agreement,
        updated_at: new Date(),
      }))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id', 'work_type']).doUpdateSet({
          scored: sql`worker_accuracy.scored + 1`,
          agreement_sum: sql`worker_accuracy.agreement_sum + ${agreement}`,
          updated_at: new Date(),
        }),
      )
      .execute();
  }

  /** A director's decision on a handed-in task: accept one submission, or return it with a comment. */
  async review(
    taskId: string,
    decision: { decision: 'accept' | 'return'; comment?: string; submissionId?: string },
  ) {
    const result = await this.db.inTenant(async (tx) => {
      const task = await this.reviewable(tx, taskId);
      const project = await tx
        .selectFrom('projects')
        .selectAll()
        .where('id', '=', task.project_id)
        .executeTakeFirstOrThrow();
      const pending = await tx
        .selectFrom('submissions')
        .selectAll()
        .where('task_id', '=', taskId)
        .where('verdict', '=', 'pending')
        .orderBy('created_at')
        .$narrowType<PendingHandIn>()
        .execute();
      const chosen = decision.submissionId ? pending.find((s) => s.id === decision.submissionId) : pending[0];
      if (!chosen) throw notFound('提出', 'Submission');
      const reviewer = currentScope().actor.userId;
      if (decision.decision === 'accept') {
        for (const s of pending) {
          const agreement =
            s.id === chosen.id
              ? 1
              : this.definition(project).compare(chosen.payload, s.payload, project.parameters).agreement;
          await tx
            .updateTable('submissions')
            .set({
              verdict: s.id === chosen.id ? 'accepted' : 'rejected',
              agreement,
              reviewed_by: reviewer,
              review_comment: decision.comment ?? null,
            })
            .where('id', '=', s.id)
            .execute();
          await this.score(tx, s.worker_id, project.work_type, agreement);
        }
        await this.accept(tx, taskId, chosen.id);
      } else {
        if (!decision.comment?.trim())
          throw new Problem('validation-failed', '差し戻しには理由が必要です / A return needs a comment', {
            errors: [{ pointer: '/body/comment', code: 'required', detail: 'Say what to fix' }],
          });
        await tx
          .updateTable('submissions')
          .set({ verdict: 'returned', agreement: 0, reviewed_by: reviewer, review_comment: decision.comment })
          .where('id', '=', chosen.id)
          .execute();
        await tx
          .updateTable('assignments')
          .set({ status: 'returned' })
          .where('id', '=', chosen.assignment_id!)
          .execute();
        await this.score(tx, chosen.worker_id, project.work_type, 0);
        await tx
          .updateTable('tasks')
          .set({
            status: 'returned',
            returned_to: chosen.worker_id,
            submitted_count: sql`submitted_count - 1`,
            differences: null,
            updated_at: new Date(),
          })
          .where('id', '=', taskId)
          .execute();
      }
      await this.audit.record(tx, {
        action: decision.decision === 'accept' ? 'task.accepted' : 'task.returned',
        entityType: 'task',
        entityId: taskId,
        data: { submissionId: chosen.id, comment: decision.comment ?? null },
      });
      return toStaffView(
        await tx.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow(),
      );
    });
    this.events.announce('reviewed', taskId);
    return result;
  }

  /** A director's final answer where double entry or consensus disagreed; each worker is scored against it. */
  async adjudicate(taskId: string, payload: unknown) {
    const result = await this.db.inTenant(async (tx) => {
      const task = await this.reviewable(tx, taskId);
      const project = await tx
        .selectFrom('projects')
        .selectAll()
        .where('id', '=', task.project_id)
        .executeTakeFirstOrThrow();
      const definition = this.definition(project);
      const final = this.parseSubmission(project, task, payload);
      const pending = await tx
        .selectFrom('submissions')
        .selectAll()
        .where('task_id', '=', taskId)
        .where('verdict', '=', 'pending')
        .$narrowType<PendingHandIn>()
        .execute();
      for (const s of pending) {
        const { agreement } = definition.compare(final, s.payload, project.parameters);
        await tx
          .updateTable('submissions')
          .set({ verdict: 'rejected', agreement })
          .where('id', '=', s.id)
          .execute();
        await this.score(tx, s.worker_id, project.work_type, agreement);
      }
      const director = currentScope().actor.userId!;
      const inserted = await tx
        .insertInto('submissions')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          task_id: taskId,
          project_id: task.project_id,
          worker_id: director,
          payload: JSON.stringify(final),
          verdict: 'adjudicated',
          reviewed_by: director,
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.accept(tx, taskId, inserted.id);
      await this.audit.record(tx, {
        action: 'task.adjudicated',
        entityType: 'task',
        entityId: taskId,
        data: { submissionId: inserted.id },
      });
      return toStaffView(
        await tx.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow(),
      );
    });
    this.events.announce('reviewed', taskId);
    return result;
  }

  private async reviewable(tx: Tx, taskId: string) {
    const task = await tx
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', taskId)
      .forUpdate()
      .executeTakeFirst();
    if (!task) throw notFound('作業', 'Task');
    if (task.status !== 'submitted' && task.status !== 'in_review')
      throw new Problem(
        'conflict',
        `確認待ちの作業ではありません（現在: ${task.status}） / The task is not waiting for review (now ${task.status})`,
      );
    return task;
  }

  /** Staff: a project's tasks, by status, in import order. */
  list(projectId: string, filter: { status?: TaskStatus; limit: number; offset: number }) {
    return this.db.inTenant(async (tx) => {
      // Another centre's project (or none) answers 404, not an empty list.
      const project = await tx
        .selectFrom('projects')
        .select('id')
        .where('id', '=', projectId)
        .executeTakeFirst();
      if (!project) throw notFound('案件', 'Project');
      let q = tx.selectFrom('tasks').selectAll().where('project_id', '=', projectId);
      if (filter.status) q = q.where('status', '=', filter.status);
      const rows = await q.orderBy('seq').limit(filter.limit).offset(filter.offset).execute();
      return rows.map(toStaffView);
    });
  }

  /** Staff: what waits for a director — handed-in tasks and disagreements — oldest first. */
  reviewQueue() {
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('tasks')
        .selectAll()
        .where('status', 'in', ['submitted', 'in_review'])
        .orderBy('updated_at')
        .limit(200)
        .execute();
      return rows.map(toStaffView);
    });
  }

  /** The worker's own tasks: held, returned to them, and recently handed in. */
  mine() {
    const workerId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('assignments')
        .innerJoin('tasks', 'tasks.id', 'assignments.task_id')
        .select([
          'tasks.id',
          'tasks.project_id',
          'tasks.payload',
          'tasks.estimated_minutes',
          'tasks.due_at',
          'tasks.status as task_status',
          'assignments.id as assignment_id',
          'assignments.status',
          'assignments.expires_at',
          'assignments.created_at',
        ])
        .where('assignments.worker_id', '=', workerId)
        .orderBy('assignments.created_at', 'desc')
        .limit(100)
        .execute();
      const accuracy = await tx
        .selectFrom('worker_accuracy')
        .select(['work_type', 'scored', 'agreement_sum'])
        .where('user_id', '=', workerId)
        .execute();
      return {
        tasks: rows.map((r) => ({
          id: r.id,
          projectId: r.project_id,
          payload: r.payload,
          estimatedMinutes: r.estimated_minutes,
          dueAt: r.due_at,
          // A worker sees "returned" for their returned work, else their own hold's state.
          status: r.status === 'returned' && r.task_status === 'returned' ? 'returned' : r.status,
          expiresAt: r.expires_at,
          claimedAt: r.created_at,
        })),
        accuracy: accuracy.map((a) => ({
          workType: a.work_type,
          scored: a.scored,
          accuracy: a.scored ? a.agreement_sum / a.scored : null,
        })),
      };
    });
  }

  /** Staff: running accuracy per worker and work type. */
  accuracy() {
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('worker_accuracy')
        .innerJoin('users', 'users.id', 'worker_accuracy.user_id')
        .select(['worker_accuracy.user_id', 'users.display_name', 'work_type', 'scored', 'agreement_sum'])
        .orderBy('users.display_name')
        .execute();
      return rows.map((r) => ({
        userId: r.user_id,
        displayName: r.display_name,
        workType: r.work_type,
        scored: r.scored,
        accuracy: r.scored ? r.agreement_sum / r.scored : null,
      }));
    });
  }
}
