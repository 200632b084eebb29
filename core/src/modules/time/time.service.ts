import { inject, injectable } from 'inversify';
import { type Selectable, sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { OpeningHours } from '../../db/schema.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { monthRange, tokyoDate, tokyoMonth } from '../../kernel/tokyo.js';
import { AuditService } from '../audit/audit.service.js';
import { type ContractRow, ContractsService } from '../contracts/contracts.service.js';
import type { Clock, Correction, ManualEntry } from './time.schemas.js';
import type { TimeEntry, TimesheetStatus, TimeTables } from './time.tables.js';
import {
  earnings,
  type HourlyGroup,
  lengthProblem,
  openingHoursProblem,
  type UnitGroup,
  workedMinutes,
} from './time-rules.js';

const toEntryView = (e: TimeEntry, superseded: boolean) => ({
  id: e.id,
  userId: e.user_id,
  taskId: e.task_id,
  kind: e.kind,
  startedAt: e.started_at,
  endedAt: e.ended_at,
  breakMinutes: e.break_minutes,
  place: e.place,
  workspaceId: e.workspace_id,
  source: e.source,
  correctsId: e.corrects_id,
  reason: e.reason,
  minutes: e.ended_at ? workedMinutes(e.started_at, e.ended_at, e.break_minutes) : 0,
  superseded,
});

const refused = (detail: string, pointer = '/body', code = 'time_rule') =>
  new Problem('unprocessable', detail, { errors: [{ pointer, code, detail }] });

interface NewRecord {
  userId: string;
  startedAt: Date;
  endedAt: Date | null;
  breakMinutes: number;
  workspaceId: string | null;
  /** The record a correction replaces, or the open record being closed: left out of the overlap check. */
  exceptId?: string;
}

/**
 * Time records and monthly timesheets. Every write takes a per-worker transaction lock (advisory, keyed by
 * the worker) and then the month's timesheet row FOR UPDATE, so the overlap check and the "month is not
 * approved" check see every concurrent write of that worker and nothing is written when a rule fails.
 */
@injectable()
export class TimeService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(ContractsService) private readonly contracts: ContractsService,
  ) {}

  // --- the worker's own records ---

  openEntry() {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      const open = await this.findOpen(tx, userId);
      return { entry: open ? toEntryView(open, false) : null };
    });
  }

  clock(input: Clock) {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      await this.lockWorker(tx, userId);
      const now = new Date();
      const open = await this.findOpen(tx, userId);
      if (input.action === 'in') {
        if (open)
          throw new Problem(
            'conflict',
            `既に稼働中です（${open.started_at.toISOString()}から）。先に終了してください / You are already clocked in: clock out first`,
          );
        await this.contracts.requireCurrent(tx, userId, now);
        if (input.taskId) await this.requireTask(tx, input.taskId);
        const workspaceId = input.workspaceId ?? null;
        await this.check(tx, { userId, startedAt: now, endedAt: null, breakMinutes: 0, workspaceId });
        const created = await tx
          .insertInto('time_entries')
          .values(({ eb }) => ({
            tenant_id: eb.fn<string>('kado_current_tenant'),
            user_id: userId,
            task_id: input.taskId ?? null,
            kind: input.kind ?? (input.taskId ? 'task' : 'other'),
            started_at: now,
            place: workspaceId ? 'centre' : 'home',
            workspace_id: workspaceId,
            source: 'clock',
            created_by: userId,
          }))
          .returningAll()
          .executeTakeFirstOrThrow();
        await this.audit.record(tx, {
          action: 'time_entry.clocked_in',
          entityType: 'time_entry',
          entityId: created.id,
          data: { taskId: created.task_id, place: created.place },
        });
        return toEntryView(created, false);
      }
      if (!open) throw new Problem('conflict', '稼働中の記録がありません / You are not clocked in');
      await this.check(tx, {
        userId,
        startedAt: open.started_at,
        endedAt: now,
        breakMinutes: open.break_minutes,
        workspaceId: open.workspace_id,
        exceptId: open.id,
      });
      const closed = await tx
        .updateTable('time_entries')
        .set({ ended_at: now })
        .where('id', '=', open.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'time_entry.clocked_out',
        entityType: 'time_entry',
        entityId: open.id,
        data: { minutes: workedMinutes(closed.started_at, now, closed.break_minutes) },
      });
      return toEntryView(closed, false);
    });
  }

  addManual(input: ManualEntry) {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      await this.lockWorker(tx, userId);
      await this.contracts.requireCurrent(tx, userId, input.startedAt);
      if (input.taskId) await this.requireTask(tx, input.taskId);
      await this.check(tx, { userId, ...input });
      const created = await tx
        .insertInto('time_entries')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          user_id: userId,
          task_id: input.taskId,
          kind: input.kind,
          started_at: input.startedAt,
          ended_at: input.endedAt,
          break_minutes: input.breakMinutes,
          place: input.workspaceId ? 'centre' : 'home',
          workspace_id: input.workspaceId,
          source: 'manual',
          reason: input.reason,
          created_by: userId,
        }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'time_entry.created',
        entityType: 'time_entry',
        entityId: created.id,
        data: { startedAt: input.startedAt, endedAt: input.endedAt, reason: input.reason },
      });
      return toEntryView(created, false);
    });
  }

  /** Replaces one of the worker's own records with corrected times; the old record stays, superseded. */
  correct(entryId: string, input: Correction) {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      await this.lockWorker(tx, userId);
      const old = await tx
        .selectFrom('time_entries')
        .selectAll()
        .where('id', '=', entryId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!old) throw notFound('勤務記録', 'Time record');
      if (await this.isSuperseded(tx, old.id))
        throw new Problem(
          'conflict',
          'この記録は既に修正されています / This record has already been corrected',
        );
      // The month the record was in must be open too: a correction may not move hours out of an approved month.
      await this.lockMonth(tx, userId, tokyoMonth(old.started_at));
      await this.check(tx, {
        userId,
        startedAt: input.startedAt,
        endedAt: input.endedAt,
        breakMinutes: input.breakMinutes,
        workspaceId: old.workspace_id,
        exceptId: old.id,
      });
      const created = await tx
        .insertInto('time_entries')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          user_id: userId,
          task_id: old.task_id,
          kind: old.kind,
          started_at: input.startedAt,
          ended_at: input.endedAt,
          break_minutes: input.breakMinutes,
          place: old.place,
          workspace_id: old.workspace_id,
          source: 'correction',
          corrects_id: old.id,
          reason: input.reason,
          created_by: userId,
        }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'time_entry.corrected',
        entityType: 'time_entry',
        entityId: created.id,
        data: {
          corrects: old.id,
          before: { startedAt: old.started_at, endedAt: old.ended_at, breakMinutes: old.break_minutes },
          after: { startedAt: input.startedAt, endedAt: input.endedAt, breakMinutes: input.breakMinutes },
          reason: input.reason,
        },
      });
      return toEntryView(created, false);
    });
  }

  myTimesheet(month: string) {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant((tx) => this.timesheet(tx, userId, month));
  }

  submit(month: string) {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      await this.lockWorker(tx, userId);
      await this.lockMonth(tx, userId, month);
      const { from, to } = monthRange(month);
      const open = await tx
        .selectFrom('time_entries')
        .select('id')
        .where('user_id', '=', userId)
        .where('ended_at', 'is', null)
        .where('started_at', '>=', from)
        .where('started_at', '<', to)
        .executeTakeFirst();
      if (open)
        throw new Problem(
          'conflict',
          '稼働中の記録があります。終了してから提出してください / You are still clocked in: clock out before submitting',
        );
      await tx
        .updateTable('timesheets')
        .set({ status: 'submitted', submitted_at: new Date(), comment: null })
        .where('user_id', '=', userId)
        .where('month', '=', month)
        .execute();
      await this.audit.record(tx, {
        action: 'timesheet.submitted',
        entityType: 'timesheet',
        entityId: null,
        data: { userId, month },
      });
      return this.timesheet(tx, userId, month);
    });
  }

  myStatement(month: string) {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant((tx) => this.statement(tx, userId, month));
  }

  // --- staff ---

  list(status?: TimesheetStatus, month?: string) {
    return this.db.inTenant(async (tx) => {
      let q = tx
        .selectFrom('timesheets')
        .innerJoin('users', 'users.id', 'timesheets.user_id')
        .select([
          'timesheets.user_id',
          'timesheets.month',
          'timesheets.status',
          'timesheets.submitted_at',
          'timesheets.decided_at',
          'timesheets.comment',
          'users.display_name',
        ])
        .orderBy('timesheets.month')
        .orderBy('users.display_name');
      if (status) q = q.where('timesheets.status', '=', status);
      if (month) q = q.where('timesheets.month', '=', month);
      const rows = await q.execute();
      const sheets = await this.timesheetsOf(
        tx,
        rows.map((r) => ({ userId: r.user_id, month: r.month })),
      );
      return rows.map((r) => {
        const { entries, ...sheet } = sheets.get(`${r.user_id}/${r.month}`)!;
        return { ...sheet, entryCount: entries.length };
      });
    });
  }

  workerTimesheet(userId: string, month: string) {
    return this.db.inTenant(async (tx) => {
      await this.requireMember(tx, userId);
      return this.timesheet(tx, userId, month);
    });
  }

  workerStatement(userId: string, month: string) {
    return this.db.inTenant(async (tx) => {
      await this.requireMember(tx, userId);
      return this.statement(tx, userId, month);
    });
  }

  decide(userId: string, month: string, decision: 'approve' | 'return', comment: string) {
    return this.db.inTenant(async (tx) => {
      await this.requireMember(tx, userId);
      const sheet = await tx
        .selectFrom('timesheets')
        .select('status')
        .where('user_id', '=', userId)
        .where('month', '=', month)
        .forUpdate()
        .executeTakeFirst();
      if (!sheet) throw notFound('勤務表', 'Timesheet');
      if (sheet.status !== 'submitted')
        throw new Problem(
          'conflict',
          '提出された勤務表だけ承認・差し戻しできます / Only a submitted timesheet can be approved or returned',
        );
      const status = decision === 'approve' ? 'approved' : 'returned';
      await tx
        .updateTable('timesheets')
        .set({
          status,
          decided_by: currentScope().actor.userId,
          decided_at: new Date(),
          comment: comment || null,
        })
        .where('user_id', '=', userId)
        .where('month', '=', month)
        .execute();
      await this.audit.record(tx, {
        action: `timesheet.${status}`,
        entityType: 'timesheet',
        entityId: null,
        data: { userId, month, comment },
      });
      return this.timesheet(tx, userId, month);
    });
  }

  // --- inside ---

  /** Approved minutes per worker and month, for the given months (YYYY-MM): for reports such as growth. */
  async approvedMinutes(tx: Tx, months: string[]) {
    if (months.length === 0) return [];
    const sheets = await tx
      .selectFrom('timesheets')
      .select(['user_id', 'month'])
      .where('status', '=', 'approved')
      .where('month', 'in', months)
      .execute();
    const views = await this.timesheetsOf(
      tx,
      sheets.map((s) => ({ userId: s.user_id, month: s.month })),
    );
    return sheets.map((s) => ({
      userId: s.user_id,
      month: s.month,
      minutes: views.get(`${s.user_id}/${s.month}`)!.totals.minutes,
    }));
  }

  private async timesheet(tx: Tx, userId: string, month: string) {
    return (await this.timesheetsOf(tx, [{ userId, month }])).get(`${userId}/${month}`)!;
  }

  /**
   * Timesheets (with their entries) keyed `userId/month`, in three queries per month asked — a list of
   * 150 workers' sheets reads them together, not 150 times three.
   */
  private async timesheetsOf(tx: Tx, wanted: readonly { userId: string; month: string }[]) {
    const out = new Map<string, Awaited<ReturnType<typeof toTimesheet>>>();
    const byMonth = new Map<string, string[]>();
    for (const w of wanted) byMonth.set(w.month, [...(byMonth.get(w.month) ?? []), w.userId]);
    for (const [month, userIds] of byMonth) {
      const [sheets, users, entries] = await Promise.all([
        tx
          .selectFrom('timesheets')
          .selectAll()
          .where('user_id', 'in', userIds)
          .where('month', '=', month)
          .execute(),
        tx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute(),
        this.entriesOf(tx, userIds, month),
      ]);
      const sheetOf = new Map(sheets.map((x) => [x.user_id, x]));
      const nameOf = new Map(users.map((u) => [u.id, u.display_name]));
      for (const userId of userIds)
        out.set(
          `${userId}/${month}`,
          toTimesheet(
            userId,
            month,
            sheetOf.get(userId),
            nameOf.get(userId) ?? '',
            entries.get(userId) ?? [],
          ),
        );
    }
    return out;
  }

  /** The month's entries of these workers, by worker, oldest first. */
  private async entriesOf(tx: Tx, userIds: readonly string[], month: string) {
    const { from, to } = monthRange(month);
    const rows = await tx
      .selectFrom('time_entries as e')
      .selectAll('e')
      .select((eb) =>
        eb
          .exists(eb.selectFrom('time_entries as c').select('c.id').whereRef('c.corrects_id', '=', 'e.id'))
          .as('superseded'),
      )
      .where('e.user_id', 'in', [...userIds])
      .where('e.started_at', '>=', from)
      .where('e.started_at', '<', to)
      .orderBy('e.started_at')
      .orderBy('e.created_at')
      .execute();
    const by = new Map<string, ReturnType<typeof toEntryView>[]>();
    for (const { superseded, ...e } of rows)
      by.set(e.user_id, [...(by.get(e.user_id) ?? []), toEntryView(e, Boolean(superseded))]);
    return by;
  }

  private async statement(tx: Tx, userId: string, month: string) {
    const sheet = await this.timesheet(tx, userId, month);
    const contracts = await this.contracts.acceptedOf(tx, userId);
    const contractOn = (day: string): ContractRow | undefined =>
      contracts.find((c) => c.starts_on <= day && (c.ends_on === null || day <= c.ends_on));
    const hourly = new Map<string, HourlyGroup>();
    let uncoveredMinutes = 0;
    for (const e of sheet.entries) {
      if (e.superseded || !e.endedAt) continue;
      const c = contractOn(tokyoDate(e.startedAt));
      if (!c) {
        uncoveredMinutes += e.minutes;
        continue;
      }
      const g = hourly.get(String(c.hourly_rate)) ?? {
        label: `時間報酬 ¥${c.hourly_rate.toLocaleString('ja-JP')}/時 / Hourly pay`,
        minutes: 0,
        hourlyRate: c.hourly_rate,
      };
      g.minutes += e.minutes;
      hourly.set(String(c.hourly_rate), g);
    }
    const { from, to } = monthRange(month);
    const accepted = await tx
      .selectFrom('submissions')
      .innerJoin('tasks', 'tasks.id', 'submissions.task_id')
      .innerJoin('projects', 'projects.id', 'tasks.project_id')
      .innerJoin('orders', 'orders.id', 'projects.order_id')
      .select(['orders.id as orderId', 'orders.title', 'orders.unit_price', 'tasks.accepted_at'])
      .where('submissions.worker_id', '=', userId)
      .where('submissions.verdict', '=', 'accepted')
      .where('submissions.golden', '=', false)
      .where('orders.unit_price', 'is not', null)
      .where('tasks.accepted_at', '>=', from)
      .where('tasks.accepted_at', '<', to)
      .execute();
    const units = new Map<string, UnitGroup>();
    for (const a of accepted) {
      const c = a.accepted_at ? contractOn(tokyoDate(a.accepted_at)) : undefined;
      if (!c) continue;
      const key = `${a.orderId}:${c.unit_share_percent}`;
      const g = units.get(key) ?? {
        label: `出来高 ${a.title} / Per-unit pay`,
        count: 0,
        unitPrice: a.unit_price ?? 0,
        sharePercent: c.unit_share_percent,
      };
      g.count += 1;
      units.set(key, g);
    }
    const { lines, total } = earnings([...hourly.values()], [...units.values()]);
    return {
      userId,
      displayName: sheet.displayName,
      month,
      status: sheet.status,
      provisional: sheet.status !== 'approved',
      lines,
      total,
      uncoveredMinutes,
      rounding:
        '時間報酬は時給ごとに分を合計してから1回だけ円未満を切り捨て、出来高は受注ごとに1回切り捨て / Hourly pay: minutes summed per rate, then rounded down to the yen once; per-unit pay rounded down once per order',
    };
  }

  /** The rules every new or changed record keeps; throws before anything is written. */
  private async check(tx: Tx, r: NewRecord) {
    await this.lockMonth(tx, r.userId, tokyoMonth(r.startedAt));
    if (r.endedAt) {
      const problem = lengthProblem(r.startedAt, r.endedAt, r.breakMinutes);
      if (problem) throw refused(problem, '/body/endedAt', 'impossible_length');
      if (r.endedAt.getTime() > Date.now() + 60_000)
        throw refused(
          '未来の時刻は記録できません / A record cannot end in the future',
          '/body/endedAt',
          'future',
        );
    }
    if (r.workspaceId) {
      const ws = await tx
        .selectFrom('workspaces')
        .select(['opening_hours'])
        .where('id', '=', r.workspaceId)
        .executeTakeFirst();
      if (!ws) throw notFound('ワークスペース', 'Workspace');
      const hours = (
        typeof ws.opening_hours === 'string' ? JSON.parse(ws.opening_hours) : ws.opening_hours
      ) as OpeningHours[];
      const problem = openingHoursProblem(hours, r.startedAt, r.endedAt);
      if (problem) throw refused(problem, '/body/startedAt', 'outside_opening_hours');
    }
    let q = tx
      .selectFrom('time_entries as e')
      .select(['e.id', 'e.started_at', 'e.ended_at'])
      .where('e.user_id', '=', r.userId)
      .where(sql<boolean>`coalesce(e.ended_at, 'infinity'::timestamptz) > ${r.startedAt}`)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('time_entries as c').select('c.id').whereRef('c.corrects_id', '=', 'e.id')),
        ),
      );
    if (r.endedAt) q = q.where('e.started_at', '<', r.endedAt);
    if (r.exceptId) q = q.where('e.id', '!=', r.exceptId);
    const clash = await q.executeTakeFirst();
    if (clash)
      throw refused(
        `他の記録と時間が重なっています（${clash.started_at.toISOString()}〜${clash.ended_at?.toISOString() ?? '稼働中'}） / Overlaps another record`,
        '/body/startedAt',
        'overlap',
      );
  }

  /** Serialises one worker's time writes (the overlap check is made under it). */
  private async lockWorker(tx: Tx, userId: string) {
    await sql`SELECT pg_advisory_xact_lock(hashtext('time_entries:' || ${userId}))`.execute(tx);
  }

  /** The month's timesheet row, created if need be and locked; refuses when it may no longer change. */
  private async lockMonth(tx: Tx, userId: string, month: string) {
    await tx
      .insertInto('timesheets')
      .values(({ eb }) => ({ tenant_id: eb.fn<string>('kado_current_tenant'), user_id: userId, month }))
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'month']).doNothing())
      .execute();
    const sheet = await tx
      .selectFrom('timesheets')
      .select('status')
      .where('user_id', '=', userId)
      .where('month', '=', month)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (sheet.status === 'approved')
      throw new Problem(
        'conflict',
        `${month} の勤務表は承認済みのため変更できません / The timesheet for ${month} is approved and cannot be changed`,
      );
    if (sheet.status === 'submitted')
      throw new Problem(
        'conflict',
        `${month} の勤務表は提出済みです。差し戻されてから変更してください / The timesheet for ${month} has been submitted: it can change once returned`,
      );
  }

  private async findOpen(tx: Tx, userId: string) {
    return tx
      .selectFrom('time_entries as e')
      .selectAll('e')
      .where('e.user_id', '=', userId)
      .where('e.ended_at', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('time_entries as c').select('c.id').whereRef('c.corrects_id', '=', 'e.id')),
        ),
      )
      .executeTakeFirst();
  }

  private async isSuperseded(tx: Tx, id: string) {
    return Boolean(
      await tx.selectFrom('time_entries').select('id').where('corrects_id', '=', id).executeTakeFirst(),
    );
  }

  private async requireTask(tx: Tx, taskId: string) {
    const task = await tx.selectFrom('tasks').select('id').where('id', '=', taskId).executeTakeFirst();
    if (!task) throw notFound('作業', 'Task');
  }

  private async requireMember(tx: Tx, userId: string) {
    const m = await tx
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!m) throw notFound('ワーカー', 'Worker');
  }
}

/** A month's timesheet as the API shows it: its status and decision, the entries and their totals. */
function toTimesheet(
  userId: string,
  month: string,
  sheet: Selectable<TimeTables['timesheets']> | undefined,
  displayName: string,
  entries: ReturnType<typeof toEntryView>[],
) {
  const active = entries.filter((e) => !e.superseded);
  return {
    userId,
    displayName,
    month,
    status: sheet?.status ?? ('open' as const),
    submittedAt: sheet?.submitted_at ?? null,
    decidedAt: sheet?.decided_at ?? null,
    decidedBy: sheet?.decided_by ?? null,
    comment: sheet?.comment ?? null,
    entries,
    totals: {
      minutes: active.reduce((sum, e) => sum + e.minutes, 0),
      entries: active.length,
      openEntries: active.filter((e) => e.endedAt === null).length,
    },
  };
}
