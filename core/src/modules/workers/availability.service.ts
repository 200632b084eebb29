import type { TimeWindow } from '@kado/plugin-sdk';
import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import { notFound } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';
import {
  type AvailabilityRules,
  addDays,
  covers,
  fromMinutes,
  minutesLeftAt,
  preview,
  type TimeRange,
  tokyoInstant,
  tokyoParts,
  toMinutes,
  WEEKDAY_KEYS,
  type Weekday,
  weekStartOf,
} from './availability.js';
import type { ExceptionInput, PutAvailability } from './worker.schemas.js';

/** Assignment states that took (or hold) the worker's time: counted against the weekly maximum. */
const COMMITTED = ['active', 'submitted', 'returned'] as const;

export interface AvailabilityView {
  /** false: the worker has never set their hours, so nothing limits what they are offered. */
  configured: boolean;
  pattern: Record<(typeof WEEKDAY_KEYS)[number], TimeRange[]>;
  maxMinutesPerWeek: number | null;
  worksOnHolidays: boolean;
  exceptions: {
    id: string;
    kind: 'off' | 'hours';
    dateFrom: string;
    dateTo: string;
    ranges: TimeRange[];
    note: string;
  }[];
}

/**
 * The hours a worker can give: weekly pattern, exceptions, national holidays, a weekly maximum. "Next task"
 * and shift sign-up ask it; the arithmetic itself is pure, in availability.ts.
 */
@injectable()
export class AvailabilityService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** The minutes the worker has left at `at` (their current window and the week's maximum); null: no limit set. */
  async minutesLeft(tx: Tx, workerId: string, at: Date): Promise<number | null> {
    const rules = await this.rules(tx, workerId);
    if (!rules) return null;
    const week = weekStartOf(tokyoParts(at).date);
    return minutesLeftAt(rules, at, await this.committedMinutes(tx, workerId, week));
  }

  /**
   * Whether the worker's hours cover a shift's time window (local Tokyo date and times). The open-shifts list
   * asks once per shift inside one read-only transaction, so the rules and weekly sums are kept per
   * transaction. (The week's committed minutes are those of tasks claimed in the shift's week; a shift signed
   * up for weeks ahead counts in the week it was claimed, since only the plugin knows a task's date.)
   */
  async covers(tx: Tx, workerId: string, window: TimeWindow): Promise<boolean> {
    const memo = this.memo(tx);
    if (!memo.rules.has(workerId)) memo.rules.set(workerId, await this.rules(tx, workerId));
    const rules = memo.rules.get(workerId);
    if (!rules) return true;
    const week = weekStartOf(window.date);
    const key = `${workerId}/${week}`;
    if (!memo.committed.has(key)) memo.committed.set(key, await this.committedMinutes(tx, workerId, week));
    return covers(rules, window.date, window.start, window.end, memo.committed.get(key) ?? 0);
  }

  private readonly memos = new WeakMap<
    Tx,
    { rules: Map<string, AvailabilityRules | null>; committed: Map<string, number> }
  >();

  private memo(tx: Tx) {
    let memo = this.memos.get(tx);
    if (!memo) {
      memo = { rules: new Map(), committed: new Map() };
      this.memos.set(tx, memo);
    }
    return memo;
  }

  /** The worker's rules, or null when they have never set their hours. */
  async rules(tx: Tx, workerId: string): Promise<AvailabilityRules | null> {
    return (await this.rulesOf(tx, [workerId])).get(workerId) ?? null;
  }

  /** The rules of many workers in three queries (a roster of 150 asks once, not 150 times). */
  async rulesOf(tx: Tx, workerIds: readonly string[]): Promise<Map<string, AvailabilityRules | null>> {
    const views = await this.readMany(tx, workerIds);
    return new Map(workerIds.map((id) => [id, toRules(views.get(id)!)]));
  }

  /**
   * Minutes already worked or committed in the Monday–Sunday (Tokyo) week starting `weekStart`: the
   * estimates of the shifts that take place that week and of the other tasks claimed that week, which the
   * worker still holds or handed in (read-only).
   */
  async committedMinutes(tx: Tx, workerId: string, weekStart: string): Promise<number> {
    return (await this.committedMinutesOf(tx, [workerId], weekStart)).get(workerId) ?? 0;
  }

  /** The week's committed minutes of many workers in one query. */
  async committedMinutesOf(
    tx: Tx,
    workerIds: readonly string[],
    weekStart: string,
  ): Promise<Map<string, number>> {
    if (workerIds.length === 0) return new Map();
    const from = tokyoInstant(weekStart, '00:00');
    const to = tokyoInstant(addDays(weekStart, 7), '00:00');
    const rows = await sql<{ worker_id: string; minutes: number }>`
      SELECT a.worker_id, coalesce(sum(t.estimated_minutes), 0)::int AS minutes
      FROM assignments a JOIN tasks t ON t.tenant_id = a.tenant_id AND t.id = a.task_id
      WHERE a.worker_id = ANY(${[...workerIds]}::uuid[]) AND a.status = ANY(${[...COMMITTED]}::text[])
        AND CASE WHEN t.scheduled_on IS NOT NULL
              -- a shift counts in the week it takes place; other work in the week it was taken
              THEN t.scheduled_on >= ${weekStart}::date AND t.scheduled_on < ${addDays(weekStart, 7)}::date
              ELSE a.created_at >= ${from} AND a.created_at < ${to} END
      GROUP BY a.worker_id`.execute(tx);
    return new Map(rows.rows.map((r) => [r.worker_id, Number(r.minutes)]));
  }

  /** Everything about a worker's hours, as the schedule page shows it. */
  async read(tx: Tx, workerId: string): Promise<AvailabilityView> {
    return (await this.readMany(tx, [workerId])).get(workerId)!;
  }

  /** The hours of many workers (every id gets a view; unconfigured ones say so), in three queries. */
  private async readMany(tx: Tx, workerIds: readonly string[]): Promise<Map<string, AvailabilityView>> {
    const ids = [...workerIds];
    const views = new Map<string, AvailabilityView>(
      ids.map((id) => [
        id,
        {
          configured: false,
          pattern: Object.fromEntries(
            WEEKDAY_KEYS.map((k) => [k, [] as TimeRange[]]),
          ) as AvailabilityView['pattern'],
          maxMinutesPerWeek: null,
          worksOnHolidays: false,
          exceptions: [],
        },
      ]),
    );
    if (ids.length === 0) return views;
    const [settings, rows, exceptions] = await Promise.all([
      tx
        .selectFrom('availability_settings')
        .select(['user_id', 'max_minutes_per_week', 'works_on_holidays'])
        .where('user_id', 'in', ids)
        .execute(),
      tx
        .selectFrom('availability_patterns')
        .select(['user_id', 'weekday', 'start_minute', 'end_minute'])
        .where('user_id', 'in', ids)
        .orderBy('weekday')
        .orderBy('start_minute')
        .execute(),
      tx
        .selectFrom('availability_exceptions')
        .select([
          'id',
          'user_id',
          'kind',
          'ranges',
          'note',
          sql<string>`date_from::text`.as('date_from'),
          sql<string>`date_to::text`.as('date_to'),
        ])
        .where('user_id', 'in', ids)
        .orderBy('date_from')
        .orderBy('created_at')
        .execute(),
    ]);
    for (const s of settings) {
      const view = views.get(s.user_id)!;
      view.configured = true;
      view.maxMinutesPerWeek = s.max_minutes_per_week;
      view.worksOnHolidays = s.works_on_holidays;
    }
    for (const r of rows)
      views.get(r.user_id)!.pattern[WEEKDAY_KEYS[r.weekday - 1]!].push({
        start: fromMinutes(r.start_minute),
        end: fromMinutes(r.end_minute),
      });
    for (const e of exceptions)
      views.get(e.user_id)!.exceptions.push({
        id: e.id,
        kind: e.kind,
        dateFrom: e.date_from,
        dateTo: e.date_to,
        ranges: e.ranges,
        note: e.note,
      });
    return views;
  }

  // ---- the API ----------------------------------------------------------------------------------------

  private me() {
    return currentScope().actor.userId!;
  }

  mine() {
    return this.db.inTenant((tx) => this.read(tx, this.me()));
  }

  /** A staff member's read-only look at one worker's hours (a member of this centre, else 404). */
  ofWorker(userId: string) {
    return this.db.inTenant(async (tx) => {
      await requireMember(tx, userId);
      return { ...(await this.read(tx, userId)), preview: await this.previewOf(tx, userId, undefined, 14) };
    });
  }

  /** Replaces the weekly pattern and settings in one transaction. */
  put(input: PutAvailability) {
    const userId = this.me();
    return this.db.inTenant(async (tx) => {
      await tx.deleteFrom('availability_patterns').where('user_id', '=', userId).execute();
      const rows = WEEKDAY_KEYS.flatMap((k, i) =>
        input.pattern[k].map((r) => ({
          tenant_id: tx.fn<string>('kado_current_tenant') as never,
          user_id: userId,
          weekday: i + 1,
          start_minute: toMinutes(r.start),
          end_minute: toMinutes(r.end),
        })),
      );
      if (rows.length > 0) await tx.insertInto('availability_patterns').values(rows).execute();
      await tx
        .insertInto('availability_settings')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          user_id: userId,
          max_minutes_per_week: input.maxMinutesPerWeek,
          works_on_holidays: input.worksOnHolidays,
          updated_at: new Date(),
        }))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'user_id']).doUpdateSet({
            max_minutes_per_week: input.maxMinutesPerWeek,
            works_on_holidays: input.worksOnHolidays,
            updated_at: new Date(),
          }),
        )
        .execute();
      await this.audit.record(tx, {
        action: 'availability.set',
        entityType: 'user',
        entityId: userId,
        data: {
          ranges: rows.length,
          maxMinutesPerWeek: input.maxMinutesPerWeek,
          worksOnHolidays: input.worksOnHolidays,
        },
      });
      return this.read(tx, userId);
    });
  }

  addException(input: ExceptionInput) {
    const userId = this.me();
    return this.db.inTenant(async (tx) => {
      const created = await tx
        .insertInto('availability_exceptions')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          user_id: userId,
          kind: input.kind,
          date_from: input.dateFrom,
          date_to: input.dateTo,
          ranges: JSON.stringify(input.kind === 'hours' ? input.ranges : []),
          note: input.note,
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'availability.exception_added',
        entityType: 'availability_exception',
        entityId: created.id,
        data: { kind: input.kind, dateFrom: input.dateFrom, dateTo: input.dateTo },
      });
      return (await this.read(tx, userId)).exceptions.find((e) => e.id === created.id)!;
    });
  }

  removeException(id: string) {
    const userId = this.me();
    return this.db.inTenant(async (tx) => {
      const removed = await tx
        .deleteFrom('availability_exceptions')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw notFound('例外', 'Exception');
      await this.audit.record(tx, {
        action: 'availability.exception_removed',
        entityType: 'availability_exception',
        entityId: id,
      });
    });
  }

  /** The next days as computed (ranges, holidays by name, why), so the page never repeats the arithmetic. */
  preview(from: string | undefined, days: number) {
    return this.db.inTenant((tx) => this.previewOf(tx, this.me(), from, days));
  }

  private async previewOf(tx: Tx, userId: string, from: string | undefined, days: number) {
    const start = from ?? tokyoParts(new Date()).date;
    const rules = await this.rules(tx, userId);
    if (!rules) return { configured: false, days: [] };
    return {
      configured: true,
      days: preview(rules, start, days).map((d) => ({
        ...d,
        minutes: d.ranges.reduce((sum, r) => sum + toMinutes(r.end) - toMinutes(r.start), 0),
      })),
    };
  }
}

/** 404 unless the user is a member of the current tenant (so another centre's people are never found). */
export async function requireMember(tx: Tx, userId: string) {
  const member = await tx
    .selectFrom('memberships')
    .select(['id', 'role'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!member) throw notFound('ワーカー', 'Worker');
  return member;
}

/** The arithmetic's view of a worker's hours; null when they never set them (nothing limits them). */
function toRules(view: AvailabilityView): AvailabilityRules | null {
  if (!view.configured) return null;
  const pattern: AvailabilityRules['pattern'] = {};
  WEEKDAY_KEYS.forEach((k, i) => {
    pattern[(i + 1) as Weekday] = view.pattern[k];
  });
  return {
    pattern,
    exceptions: view.exceptions.map((e) =>
      e.kind === 'off'
        ? { kind: 'off', dateFrom: e.dateFrom, dateTo: e.dateTo }
        : { kind: 'hours', dateFrom: e.dateFrom, dateTo: e.dateTo, ranges: e.ranges },
    ),
    worksOnHolidays: view.worksOnHolidays,
    maxMinutesPerWeek: view.maxMinutesPerWeek,
  };
}
