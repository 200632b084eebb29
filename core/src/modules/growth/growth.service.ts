import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentActor } from '../../db/request-context.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { addDays, tokyoMidnight, tokyoToday } from '../../kernel/tokyo.js';
import { AuditService } from '../audit/audit.service.js';
import { TimeService } from '../time/time.service.js';
import { WorkersService } from '../workers/workers.service.js';
import type { CreatePlacement } from './growth.schemas.js';
import { PLACEMENT_KINDS } from './growth.schemas.js';
import type { PlacementKind } from './growth.tables.js';

export { tokyoToday };

/** The default period: from the start of the current fiscal year (April) to today, in Tokyo. */
export function defaultPeriod(now = Date.now()): { from: string; to: string } {
  const today = tokyoToday(now);
  const year = Number(today.slice(0, 4));
  const fyStart = Number(today.slice(5, 7)) >= 4 ? year : year - 1;
  return { from: `${fyStart}-04-01`, to: today };
}

/** Each month (YYYY-MM) from one date's month to another's. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    months.push(key);
    if (key >= last || months.length > 240) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export interface WorkDone {
  userId: string;
  month: string;
  minutes: number;
  tasks: number;
}

/** The Tokyo instants bounding a period of dates: [from 00:00, the day after `to` 00:00). */
const bounds = (from: string, to: string) => ({
  start: new Date(tokyoMidnight(from)),
  end: new Date(tokyoMidnight(addDays(to, 1))),
});

/**
 * Growth (第1・第2チャレンジ): per worker, the hours and tasks of accepted work, accuracy per work type and
 * placement outcomes — employment at a local firm, or a return to the centre as a safety net.
 */
@injectable()
export class GrowthService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(TimeService) private readonly time: TimeService,
    @inject(WorkersService) private readonly workersService: WorkersService,
  ) {}

  /**
   * Work done per worker and Tokyo month. HOURS ARE ESTIMATES FOR NOW: until approved time records exist,
   * a worker's hours are the estimated minutes of the tasks whose accepted submission is theirs (golden
   * checks excluded), dated by acceptance. This is the one place to switch to approved time records.
   */
  async workDone(tx: Tx, from: string, to: string): Promise<WorkDone[]> {
    const { start, end } = bounds(from, to);
    const month = sql<string>`to_char((tasks.accepted_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM')`;
    const rows = await tx
      .selectFrom('submissions')
      .innerJoin('tasks', 'tasks.id', 'submissions.task_id')
      .select([
        'submissions.worker_id as userId',
        month.as('month'),
        sql<string>`sum(tasks.estimated_minutes)`.as('minutes'),
        sql<string>`count(*)`.as('tasks'),
      ])
      .where('submissions.verdict', '=', 'accepted')
      .where('submissions.golden', '=', false)
      .where('submissions.worker_id', 'is not', null) // a partner centre's result counts there, not here
      .$narrowType<{ userId: string }>()
      .where('tasks.status', '=', 'accepted')
      .where('tasks.accepted_at', '>=', start)
      .where('tasks.accepted_at', '<', end)
      .groupBy(['submissions.worker_id', month])
      .execute();
    return rows.map((r) => ({
      userId: r.userId,
      month: r.month,
      minutes: Number(r.minutes),
      tasks: Number(r.tasks),
    }));
  }

  report(from: string, to: string) {
    return this.db.inTenant(async (tx) => {
      const workers = await tx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id as userId', 'users.display_name as displayName'])
        .where('memberships.role', '=', 'worker')
        .orderBy('users.display_name')
        .orderBy('users.id')
        .execute();
      const work = await this.workDone(tx, from, to);
      const accuracy = await tx
        .selectFrom('worker_accuracy')
        .select(['user_id', 'work_type', 'scored', 'agreement_sum'])
        .orderBy('work_type')
        .execute();
      const placements = await this.placements(tx, from, to);
      // Approved time records (whole months of the period) and trainings completed in it.
      const approved = await this.time.approvedMinutes(tx, monthsBetween(from, to));
      const trainings = await this.workersService.trainingsCompleted(tx, from, to);

      // People with work or outcomes in the period who are no longer workers still count.
      const known = new Set(workers.map((w) => w.userId));
      const others = [...new Set([...work.map((w) => w.userId), ...placements.map((p) => p.userId)])].filter(
        (id) => !known.has(id),
      );
      if (others.length > 0)
        workers.push(
          ...(await tx
            .selectFrom('users')
            .select(['id as userId', 'display_name as displayName'])
            .where('id', 'in', others)
            .execute()),
        );

      const perWorker = workers.map((w) => {
        const mine = work.filter((x) => x.userId === w.userId);
        const minutes = mine.reduce((s, x) => s + x.minutes, 0);
        return {
          userId: w.userId,
          displayName: w.displayName,
          hours: round1(minutes / 60),
          approvedHours: round1(
            approved.filter((a) => a.userId === w.userId).reduce((s, a) => s + a.minutes, 0) / 60,
          ),
          trainings: trainings.find((x) => x.userId === w.userId)?.trainings ?? 0,
          tasks: mine.reduce((s, x) => s + x.tasks, 0),
          accuracy: accuracy
            .filter((a) => a.user_id === w.userId)
            .map((a) => ({
              workType: a.work_type,
              scored: a.scored,
              accuracy: a.scored > 0 ? Math.round((a.agreement_sum / a.scored) * 1000) / 10 : null,
            })),
          placements: placements.filter((p) => p.userId === w.userId),
        };
      });
      const placementCounts = Object.fromEntries(
        PLACEMENT_KINDS.map((k) => [k, placements.filter((p) => p.kind === k).length]),
      ) as Record<PlacementKind, number>;
      const months = monthsBetween(from, to).map((month) => {
        const inMonth = work.filter((w) => w.month === month);
        return {
          month,
          hours: round1(inMonth.reduce((s, w) => s + w.minutes, 0) / 60),
          tasks: inMonth.reduce((s, w) => s + w.tasks, 0),
          placements: placements.filter((p) => p.occurredOn.startsWith(month)).length,
        };
      });
      return {
        from,
        to,
        hoursSource: 'estimated_accepted_work' as const,
        totals: {
          workers: perWorker.length,
          activeWorkers: perWorker.filter((w) => w.tasks > 0).length,
          hours: round1(work.reduce((s, w) => s + w.minutes, 0) / 60),
          approvedHours: round1(approved.reduce((s, a) => s + a.minutes, 0) / 60),
          trainings: trainings.reduce((s, x) => s + x.trainings, 0),
          tasks: work.reduce((s, w) => s + w.tasks, 0),
          placements: placementCounts,
        },
        months,
        workers: perWorker,
      };
    });
  }

  createPlacement(input: CreatePlacement) {
    return this.db.inTenant(async (tx) => {
      const member = await tx
        .selectFrom('memberships')
        .select('role')
        .where('user_id', '=', input.userId)
        .executeTakeFirst();
      if (member?.role !== 'worker') {
        const detail = 'このセンターのワーカーではありません / Not a worker of this centre';
        throw new Problem('unprocessable', detail, {
          errors: [{ pointer: '/body/userId', code: 'not_a_worker', detail }],
        });
      }
      const created = await tx
        .insertInto('placement_outcomes')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          user_id: input.userId,
          kind: input.kind,
          employer_name: input.employerName || null,
          occurred_on: input.occurredOn,
          note: input.note,
          recorded_by: currentActor().userId,
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'placement_outcome.recorded',
        entityType: 'placement_outcome',
        entityId: created.id,
        data: { userId: input.userId, kind: input.kind, occurredOn: input.occurredOn },
      });
      return this.findPlacement(tx, created.id);
    });
  }

  removePlacement(id: string) {
    return this.db.inTenant(async (tx) => {
      const existing = await this.findPlacement(tx, id);
      await tx.deleteFrom('placement_outcomes').where('id', '=', id).execute();
      await this.audit.record(tx, {
        action: 'placement_outcome.deleted',
        entityType: 'placement_outcome',
        entityId: id,
        data: { userId: existing.userId, kind: existing.kind },
      });
    });
  }

  private placementQuery(tx: Tx) {
    return tx
      .selectFrom('placement_outcomes')
      .select([
        'id',
        'user_id as userId',
        'kind',
        'employer_name as employerName',
        sql<string>`to_char(occurred_on, 'YYYY-MM-DD')`.as('occurredOn'),
        'note',
        'created_at as createdAt',
      ]);
  }

  private placements(tx: Tx, from: string, to: string) {
    return this.placementQuery(tx)
      .where('occurred_on', '>=', from)
      .where('occurred_on', '<=', to)
      .orderBy('occurred_on')
      .orderBy('created_at')
      .execute();
  }

  private async findPlacement(tx: Tx, id: string) {
    const found = await this.placementQuery(tx).where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('就労実績', 'Placement outcome');
    return found;
  }
}
