import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { fiscalYearOf } from '../../budget/budget.rules.js';
import { BudgetService } from '../../budget/budget.service.js';
import { minutesPerDay } from '../../workers/availability.js';
import { AvailabilityService } from '../../workers/availability.service.js';

/** Hand-ins measured before a centre's own pace is trusted; below it, the plan's estimate is used. */
export const MIN_MEASURED_SUBMISSIONS = 10;
/** How far back a centre's pace is measured. */
const PACE_WINDOW_DAYS = 90;

export interface CapacityQuestion {
  workType: string;
  /** The skills a worker needs for this work type (the plugin's). */
  skills: readonly string[];
  /** Submissions each task needs (2 for double entry): a task costs that many hand-ins. */
  needed: number;
  /** Minutes per hand-in the plan estimates (the shared tasks' average): the pace of a newcomer centre. */
  estimatedMinutes: number;
  /** First Tokyo date of the horizon (today) and its number of days up to the deadline. */
  from: string;
  days: number;
  /** Work of this type due by then is already committed. */
  deadline: Date;
  /** The project being shared: its own tasks are the demand, not committed work. */
  excludeProjectId?: string;
}

export interface CentreCapacity {
  qualifiedWorkers: number;
  /** Qualified workers who never set their hours: counted as giving none. */
  workersWithoutHours: number;
  /** Hours the qualified workers give on each day of the horizon. */
  hoursPerDay: number[];
  tasksPerHour: number;
  throughputMeasured: boolean;
  /** Tasks of this work type already taken on and due by the deadline, not yet handed in. */
  committedTasks: number;
  /** What is left on the worker-costs budget this fiscal year; null when the centre controls none. */
  budgetLeftYen: number | null;
}

/**
 * What one centre can take on of a work type until a deadline, read inside that centre's own tenant scope
 * (the caller's transaction): only these figures leave it, never a worker. A constant number of queries
 * whatever the centre's size: qualified workers, their hours (AvailabilityService.rulesOf), pace, committed
 * work, budget.
 */
@injectable()
export class CentreCapacityService {
  constructor(
    @inject(AvailabilityService) private readonly availability: AvailabilityService,
    @inject(BudgetService) private readonly budget: BudgetService,
  ) {}

  async capacityIn(tx: Tx, q: CapacityQuestion): Promise<CentreCapacity> {
    const workers = await this.qualifiedWorkers(tx, q.skills);
    const rules = await this.availability.rulesOf(tx, workers);
    const hoursPerDay = new Array<number>(q.days).fill(0);
    let withoutHours = 0;
    for (const r of rules.values()) {
      if (!r) {
        withoutHours++;
        continue;
      }
      minutesPerDay(r, q.from, q.days).forEach((m, i) => {
        hoursPerDay[i]! += m / 60;
      });
    }
    const pace = await this.measuredPace(tx, q.workType);
    const measured = pace.submissions >= MIN_MEASURED_SUBMISSIONS && pace.minutes > 0;
    const minutesPerSubmission = measured ? pace.minutes / pace.submissions : q.estimatedMinutes;
    return {
      qualifiedWorkers: workers.length,
      workersWithoutHours: withoutHours,
      hoursPerDay: hoursPerDay.map((h) => Math.round(h * 100) / 100),
      tasksPerHour: 60 / (minutesPerSubmission * q.needed),
      throughputMeasured: measured,
      committedTasks: Math.ceil((await this.committedSubmissions(tx, q)) / q.needed),
      budgetLeftYen: await this.budget.available(tx, fiscalYearOf(q.from), 'worker_costs'),
    };
  }

  /** Workers of the centre holding every skill the work type needs. */
  private async qualifiedWorkers(tx: Tx, skills: readonly string[]): Promise<string[]> {
    const rows = await sql<{ user_id: string }>`
      SELECT m.user_id FROM memberships m
      WHERE m.role = 'worker'
        AND (SELECT count(DISTINCT s.skill) FROM worker_skills s
             WHERE s.tenant_id = m.tenant_id AND s.user_id = m.user_id
               AND s.skill = ANY(${[...skills]}::text[])) = ${skills.length}
      ORDER BY m.user_id`.execute(tx);
    return rows.rows.map((r) => r.user_id);
  }

  /** Hand-ins of this work type in the window and the minutes they took (each capped at its lease). */
  private async measuredPace(tx: Tx, workType: string) {
    const row = await sql<{ n: number; minutes: number }>`
      SELECT count(*)::int AS n,
             coalesce(sum(LEAST(extract(epoch FROM a.submitted_at - a.created_at) / 60, p.lease_minutes)), 0)::float8 AS minutes
      FROM assignments a JOIN projects p ON p.tenant_id = a.tenant_id AND p.id = a.project_id
      WHERE p.work_type = ${workType} AND a.submitted_at IS NOT NULL
        AND a.submitted_at > now() - make_interval(days => ${PACE_WINDOW_DAYS})`.execute(tx);
    return { submissions: Number(row.rows[0]?.n ?? 0), minutes: Number(row.rows[0]?.minutes ?? 0) };
  }

  /** Hand-ins still owed on ordinary tasks of this work type due by the deadline. */
  private async committedSubmissions(tx: Tx, q: CapacityQuestion): Promise<number> {
    const row = await sql<{ n: number }>`
      SELECT coalesce(sum(GREATEST(t.needed - t.submitted_count, 0)), 0)::int AS n
      FROM tasks t JOIN projects p ON p.tenant_id = t.tenant_id AND p.id = t.project_id
      WHERE p.work_type = ${q.workType} AND t.expected IS NULL AND p.id IS DISTINCT FROM ${q.excludeProjectId ?? null}::uuid
        AND t.status IN ('open', 'assigned', 'returned') AND t.due_at <= ${q.deadline}`.execute(tx);
    return Number(row.rows[0]?.n ?? 0);
  }
}
