import type { AnyPlugin } from '@kado/plugin-sdk';
import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { Project, Task } from '../../db/schema.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { ContractsService } from '../contracts/contracts.service.js';
import { PluginsService } from '../plugins/plugins.service.js';
import { WorkEvents } from '../team/work-events.js';
import { AvailabilityService } from '../workers/availability.service.js';
import { heldAssignment, recount } from './leases.js';
import { projectOf, toWorkView } from './task-views.js';

/** A claim of one task by id that found it outside the worker's hours. */
const OUTSIDE_HOURS = Symbol('outside hours');
/** Shifts outside the worker's hours that one "next task" passes over before giving up. */
const MAX_PASSED_OVER = 20;

export interface ClaimOptions {
  projectId?: string;
  taskId?: string;
  /** The minutes the worker has left now: only tasks whose estimate fits are offered. */
  minutes?: number;
}

/**
 * Claims and holds: "next task", signing up for a shift, drafts that renew the hold, giving a task back. A
 * claim locks one candidate row with SKIP LOCKED, so concurrent workers never receive the same slot; a lease
 * past its expiry is released by the next claim that meets it, not by a sweeper that might not run.
 */
@injectable()
export class ClaimsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(PluginsService) private readonly plugins: PluginsService,
    @inject(ContractsService) private readonly contracts: ContractsService,
    @inject(AvailabilityService) private readonly availability: AvailabilityService,
    @inject(WorkEvents) private readonly events: WorkEvents,
  ) {}

  /** Announces a change of hands once its transaction has committed. */
  private announced<T extends { id: string } | null | undefined>(
    kind: 'claimed' | 'released',
    work: T,
    taskId?: string,
  ) {
    const id = work?.id ?? taskId;
    if (id) this.events.announce(kind, id);
    return work;
  }

  private definition(project: Project): AnyPlugin {
    return this.plugins.host.require(project.work_type).definition;
  }

  /** "Next task": the worker's own held or returned task first, else a new one they are qualified for. */
  async claimNext(options: ClaimOptions = {}) {
    await this.plugins.host.ready();
    const workerId = currentScope().actor.userId!;
    const work = await this.db.inTenant(async (tx) => {
      const held = await this.held(tx, workerId, options.projectId);
      if (held) return this.renew(tx, held.id);
      const now = new Date();
      await this.contracts.requireCurrent(tx, workerId, now);
      // The time the worker has: what they said now, within what their schedule leaves them today.
      const left = await this.availability.minutesLeft(tx, workerId, now);
      const minutes =
        left === null
          ? options.minutes
          : options.minutes === undefined
            ? left
            : Math.min(left, options.minutes);
      if (minutes !== undefined && minutes <= 0) return null;
      const projects = await this.eligibleProjects(tx, workerId, options.projectId);
      if (projects.length === 0) return null;
      const golden = await this.claimGolden(tx, workerId, projects);
      if (golden) return golden;
      const claimed = await this.claimOrdinary(tx, workerId, projects, { ...options, minutes });
      return claimed === OUTSIDE_HOURS ? null : claimed;
    });
    return this.announced('claimed', work);
  }

  /** Signs up for one particular task (a shift): the same claim, narrowed to that task. */
  async claimTask(taskId: string) {
    await this.plugins.host.ready();
    const workerId = currentScope().actor.userId!;
    const work = await this.db.inTenant(async (tx) => {
      const task = await tx
        .selectFrom('tasks')
        .select(['project_id', 'expected'])
        .where('id', '=', taskId)
        .executeTakeFirst();
      if (!task || task.expected !== null) throw notFound('作業', 'Task');
      await this.contracts.requireCurrent(tx, workerId, new Date());
      const projects = await this.eligibleProjects(tx, workerId, task.project_id);
      if (projects.length === 0)
        throw new Problem(
          'forbidden',
          'この作業に必要なスキルがありません / You lack the skills this task needs',
        );
      const claimed = await this.claimOrdinary(tx, workerId, projects, { taskId });
      if (claimed === OUTSIDE_HOURS)
        throw new Problem(
          'unprocessable',
          'このシフトはあなたの稼働可能時間外です / This shift is outside the hours you can work',
        );
      if (!claimed)
        throw new Problem('conflict', 'この作業は受付済みか満員です / This task is taken or full');
      return claimed;
    });
    return this.announced('claimed', work);
  }

  /** Projects of running orders whose work type's skills the worker has all of. */
  private async eligibleProjects(tx: Tx, workerId: string, projectId?: string): Promise<Project[]> {
    let q = tx
      .selectFrom('projects')
      .innerJoin('orders', 'orders.id', 'projects.order_id')
      .selectAll('projects')
      .where('orders.status', 'in', ['accepted', 'in_progress']);
    if (projectId) q = q.where('projects.id', '=', projectId);
    const projects = await q.orderBy('projects.due_at').execute();
    const skills = new Set(
      (await tx.selectFrom('worker_skills').select('skill').where('user_id', '=', workerId).execute()).map(
        (s) => s.skill,
      ),
    );
    return projects.filter((p) => {
      const plugin = this.plugins.host.get(p.work_type);
      return plugin?.definition.skills.every((s: string) => skills.has(s)) ?? false;
    });
  }

  private async held(tx: Tx, workerId: string, projectId?: string) {
    let q = tx
      .selectFrom('assignments')
      .select(['id'])
      .where('worker_id', '=', workerId)
      .where('status', '=', 'active');
    if (projectId) q = q.where('project_id', '=', projectId);
    return q.orderBy('created_at').executeTakeFirst();
  }

  /** Mixes in a golden task at the project's rate; each worker sees each golden task at most once. */
  private async claimGolden(tx: Tx, workerId: string, projects: Project[]) {
    const chosen = projects.filter((p) => p.golden_percent > 0 && Math.random() * 100 < p.golden_percent);
    if (chosen.length === 0) return null;
    const task = await tx
      .selectFrom('tasks')
      .selectAll()
      .where(
        'project_id',
        'in',
        chosen.map((p) => p.id),
      )
      .where('expected', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('assignments as a')
              .select('a.id')
              .whereRef('a.task_id', '=', 'tasks.id')
              .where('a.worker_id', '=', workerId),
          ),
        ),
      )
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (!task) return null;
    const project = projects.find((p) => p.id === task.project_id)!;
    const assignment = await this.insertAssignment(tx, task, project, workerId);
    return toWorkView(task, assignment, project);
  }

  /**
   * One candidate task, locked; rows another claim holds are skipped rather than waited for. Three index
   * scans, each stopping at its first row: work returned to this worker, held tasks whose earliest lease
   * has expired (abandoned work first), then tasks with a free slot by deadline and order of import.
   */
  private async candidate(
    tx: Tx,
    workerId: string,
    projectIds: string[],
    options: ClaimOptions,
    passedOver: string[],
  ) {
    const fits = sql`(${options.minutes ?? null}::int IS NULL OR t.estimated_minutes <= ${options.minutes ?? null}::int)`;
    const mine = sql`NOT EXISTS (
      SELECT 1 FROM assignments a
      WHERE a.task_id = t.id AND a.worker_id = ${workerId}::uuid AND a.status IN ('active', 'submitted'))`;
    const scope = sql`t.project_id = ANY(${projectIds}::uuid[]) AND t.expected IS NULL AND ${fits}
      AND t.id <> ALL(${passedOver}::uuid[])
      AND (${options.taskId ?? null}::uuid IS NULL OR t.id = ${options.taskId ?? null}::uuid)`;
    const attempts = [
      sql`t.status = 'returned' AND t.returned_to = ${workerId}::uuid ORDER BY t.due_at, t.project_id, t.seq`,
      sql`t.status = 'assigned' AND t.lease_expires_at < now() AND ${mine} ORDER BY t.lease_expires_at`,
      sql`t.status = 'open' AND ${mine} ORDER BY t.due_at, t.project_id, t.seq`,
    ];
    for (const condition of attempts) {
      const found = await sql<Task>`
        SELECT t.* FROM tasks t WHERE ${scope} AND ${condition}
        LIMIT 1 FOR UPDATE OF t SKIP LOCKED`.execute(tx);
      if (found.rows[0]) return found.rows[0];
    }
    return undefined;
  }

  /**
   * The candidate, checked against the worker's hours when its work type has a set time (a shift); a shift
   * outside them is passed over for the next candidate (a few times at most), or, asked for by id, refused.
   */
  private async claimOrdinary(tx: Tx, workerId: string, projects: Project[], options: ClaimOptions) {
    const passedOver: string[] = [];
    let task: Task | undefined;
    for (;;) {
      task = await this.candidate(
        tx,
        workerId,
        projects.map((p) => p.id),
        options,
        passedOver,
      );
      if (!task) return passedOver.length > 0 && options.taskId ? OUTSIDE_HOURS : null;
      const project = projects.find((p) => p.id === task!.project_id)!;
      const window = this.definition(project).timeWindow?.(task.payload, project.parameters);
      if (!window || (await this.availability.covers(tx, workerId, window))) break;
      passedOver.push(task.id);
      if (passedOver.length >= MAX_PASSED_OVER) return null;
    }
    const expired = await tx
      .updateTable('assignments')
      .set({ status: 'expired' })
      .where('task_id', '=', task.id)
      .where('status', '=', 'active')
      .where('expires_at', '<', sql<Date>`now()`)
      .executeTakeFirst();
    const released = Number(expired.numUpdatedRows);
    if (task.status !== 'returned' && task.active_count - released + task.submitted_count >= task.needed)
      return null; // expiry freed nothing usable (cannot happen for a candidate, kept as a guard)
    const project = projects.find((p) => p.id === task.project_id)!;
    const assignment = await this.insertAssignment(tx, task, project, workerId);
    const active = task.active_count - released + 1;
    await tx
      .updateTable('tasks')
      .set({
        active_count: active,
        status: active + task.submitted_count >= task.needed ? 'assigned' : 'open',
        returned_to: null,
        lease_expires_at: sql`(SELECT min(expires_at) FROM assignments WHERE task_id = ${task.id}::uuid AND status = 'active')`,
        updated_at: new Date(),
      })
      .where('id', '=', task.id)
      .execute();
    return toWorkView(task, assignment, project);
  }

  private insertAssignment(tx: Tx, task: Task, project: Project, workerId: string) {
    return tx
      .insertInto('assignments')
      .values(({ eb }) => ({
        tenant_id: eb.fn<string>('kado_current_tenant'),
        task_id: task.id,
        project_id: task.project_id,
        worker_id: workerId,
        expires_at: sql<Date>`now() + make_interval(mins => ${project.lease_minutes})`,
      }))
      .returning(['id', 'status', 'draft', 'expires_at'])
      .executeTakeFirstOrThrow();
  }

  /** Extends the hold of the caller's active assignment, returning the task as a worker sees it. */
  private async renew(tx: Tx, assignmentId: string) {
    const assignment = await tx
      .updateTable('assignments')
      .set({
        expires_at: sql`now() + make_interval(mins => (SELECT lease_minutes FROM projects WHERE projects.id = assignments.project_id))`,
      })
      .where('id', '=', assignmentId)
      .returning(['id', 'status', 'draft', 'expires_at', 'task_id'])
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('tasks')
      .set({
        lease_expires_at: sql`(SELECT min(expires_at) FROM assignments WHERE task_id = tasks.id AND status = 'active')`,
      })
      .where('id', '=', assignment.task_id)
      .execute();
    const task = await tx
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', assignment.task_id)
      .executeTakeFirstOrThrow();
    return toWorkView(task, assignment, await projectOf(tx, task.project_id));
  }

  /** Saves a draft (any shape: a draft may be half-keyed) and renews the hold. */
  saveDraft(taskId: string, draft: unknown) {
    return this.db.inTenant(async (tx) => {
      const assignment = await heldAssignment(tx, taskId);
      await tx
        .updateTable('assignments')
        .set({ draft: JSON.stringify(draft) })
        .where('id', '=', assignment.id)
        .execute();
      return this.renew(tx, assignment.id);
    });
  }

  /** Gives a task back to the pool. */
  async release(taskId: string) {
    await this.db.inTenant(async (tx) => {
      const assignment = await heldAssignment(tx, taskId);
      await tx
        .updateTable('assignments')
        .set({ status: 'released' })
        .where('id', '=', assignment.id)
        .execute();
      await recount(tx, taskId);
    });
    this.events.announce('released', taskId);
  }

  /**
   * Open tasks a worker may sign up for, of hourly (shift) work types they are qualified for and within
   * their hours: shifts are chosen by date and time. Golden tasks never appear.
   */
  openShifts(projectId?: string) {
    const workerId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      await this.plugins.host.ready();
      const projects = (await this.eligibleProjects(tx, workerId, projectId)).filter(
        (p) => this.definition(p).pricing.unit === 'hour',
      );
      if (projects.length === 0) return [];
      const rows = await tx
        .selectFrom('tasks')
        .selectAll()
        .where(
          'project_id',
          'in',
          projects.map((p) => p.id),
        )
        .where('expected', 'is', null)
        .where('status', '=', 'open')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('assignments as a')
                .select('a.id')
                .whereRef('a.task_id', '=', 'tasks.id')
                .where('a.worker_id', '=', workerId)
                .where('a.status', 'in', ['active', 'submitted']),
            ),
          ),
        )
        .orderBy('due_at')
        .orderBy('seq')
        .limit(200)
        .execute();
      const shifts = [];
      for (const t of rows) {
        const project = projects.find((p) => p.id === t.project_id)!;
        const window = this.definition(project).timeWindow?.(t.payload, project.parameters);
        if (window && !(await this.availability.covers(tx, workerId, window))) continue;
        shifts.push({
          id: t.id,
          projectId: t.project_id,
          workType: project.work_type,
          payload: t.payload,
          estimatedMinutes: t.estimated_minutes,
          dueAt: t.due_at,
        });
      }
      return shifts;
    });
  }
}
