import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database } from '../../db/database.js';
import { TimeService } from '../time/time.service.js';
import { minutesLeftAt, tokyoParts, weekStartOf, windowsOn } from '../workers/availability.js';
import { AvailabilityService } from '../workers/availability.service.js';

/** Below this running accuracy (with at least MIN_SCORED scored items) a worker needs a director's attention. */
const ACCURACY_FLOOR = 0.9;
const MIN_SCORED = 5;

/**
 * The directors' view (ディレクター画面): who is working on what now, and who needs attention. A read model
 * across the projects context; it writes nothing.
 */
@injectable()
export class TeamService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AvailabilityService) private readonly availability: AvailabilityService,
    @inject(TimeService) private readonly time: TimeService,
  ) {}

  /**
   * Today's roster: every worker with the hours they said they can give today (null: never set), the
   * minutes they have left now, and whether they are clocked in; plus timesheets waiting for approval.
   */
  async roster(at = new Date()) {
    const today = tokyoParts(at).date;
    const workers = await this.db.inTenant(async (tx) => {
      const people = await tx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.display_name'])
        .where('memberships.role', '=', 'worker')
        .orderBy('users.display_name')
        .execute();
      const clockedIn = new Set(
        (await tx.selectFrom('time_entries').select('user_id').where('ended_at', 'is', null).execute()).map(
          (e) => e.user_id,
        ),
      );
      // Three queries for everyone's hours and one for the week's commitments, not several per worker.
      const ids = people.map((p) => p.id);
      const rules = await this.availability.rulesOf(tx, ids);
      const committed = await this.availability.committedMinutesOf(tx, ids, weekStartOf(today));
      return people.map((p) => {
        const own = rules.get(p.id) ?? null;
        return {
          workerId: p.id,
          workerName: p.display_name,
          today: own ? windowsOn(own, today) : null,
          minutesLeft: own ? minutesLeftAt(own, at, committed.get(p.id) ?? 0) : null,
          clockedIn: clockedIn.has(p.id),
        };
      });
    });
    const waiting = await this.time.list('submitted');
    return { date: today, workers, timesheetsWaiting: waiting.length };
  }

  /** Live holds: each worker's active assignments with the work type and order, oldest first. */
  now() {
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('assignments')
        .innerJoin('users', 'users.id', 'assignments.worker_id')
        .innerJoin('projects', 'projects.id', 'assignments.project_id')
        .innerJoin('orders', 'orders.id', 'projects.order_id')
        .innerJoin('tasks', 'tasks.id', 'assignments.task_id')
        .select([
          'assignments.worker_id',
          'users.display_name',
          'assignments.task_id',
          'projects.id as project_id',
          'projects.work_type',
          'orders.title',
          'tasks.estimated_minutes',
          'assignments.created_at',
          'assignments.expires_at',
        ])
        .where('assignments.status', '=', 'active')
        .where('assignments.expires_at', '>', sql<Date>`now()`)
        .orderBy('assignments.created_at')
        .limit(500)
        .execute();
      return rows.map((r) => ({
        workerId: r.worker_id,
        workerName: r.display_name,
        taskId: r.task_id,
        projectId: r.project_id,
        workType: r.work_type,
        orderTitle: r.title,
        estimatedMinutes: r.estimated_minutes,
        since: r.created_at,
        leaseExpiresAt: r.expires_at,
      }));
    });
  }

  /** Workers whose running accuracy in a work type is below the floor, worst first. */
  attention() {
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('worker_accuracy')
        .innerJoin('users', 'users.id', 'worker_accuracy.user_id')
        .select(['worker_accuracy.user_id', 'users.display_name', 'work_type', 'scored', 'agreement_sum'])
        .where('scored', '>=', MIN_SCORED)
        .where(sql<boolean>`agreement_sum < ${ACCURACY_FLOOR}::float8 * scored`)
        .orderBy(sql`agreement_sum / scored`)
        .execute();
      return rows.map((r) => ({
        workerId: r.user_id,
        workerName: r.display_name,
        workType: r.work_type,
        scored: r.scored,
        accuracy: r.agreement_sum / r.scored,
        reason: 'accuracy' as const,
      }));
    });
  }
}
