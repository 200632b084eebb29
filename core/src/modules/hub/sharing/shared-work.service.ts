import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../../db/database.js';
import { currentTenant } from '../../../db/request-context.js';
import type { Config } from '../../../kernel/config.js';
import { notFound, Problem } from '../../../kernel/problems.js';
import { TOKENS } from '../../../kernel/tokens.js';
import { DAY_MS } from '../../../kernel/tokyo.js';
import { AuditService } from '../../audit/audit.service.js';
import { ExportsService } from '../../projects/exports.service.js';
import { pseudonymousWorkerId } from '../pseudonym.js';
import { linkOfferTasks, releaseHubTasks } from './hub-tasks.js';
import { findShare } from './share-rows.js';
import type { MoveBody } from './sharing.schemas.js';

const conflict = (ja: string, en: string) => new Problem('conflict', `${ja} / ${en}`);

/** Progress of one centre's part, read in that centre's own scope: figures and pseudonyms only. */
interface PartProgress {
  open: number;
  inProgress: number;
  awaitingReview: number;
  accepted: number;
  returned: number;
  agreement: number | null;
  workers: { pseudonym: string; accepted: number; hours: number; agreement: number | null }[];
}

/** Statuses counted as work in progress (claimed, handed in, being checked). */
const PROGRESS_SQL = sql<{
  open: number;
  in_progress: number;
  awaiting: number;
  accepted: number;
  returned: number;
  agreement: number | null;
}>;

/**
 * Running a shared order (issue #8): one live board of every centre's part against the plan, with a
 * centre falling behind flagged from its pace; moving a centre's untouched work to another; taking the
 * partners' accepted results back into the hub's project; and delivering it as one deliverable.
 * A partner's data is read in its own scope and only figures and pseudonymous worker ids leave it.
 */
@injectable()
export class SharedWorkService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(ExportsService) private readonly exports: ExportsService,
  ) {}

  board(shareId: string, now = new Date()) {
    const hubId = currentTenant().id;
    return this.db.inTenant(async (tx) => {
      const share = await findShare(tx, shareId);
      const offers = await tx
        .selectFrom('hub_offers as o')
        .innerJoin('tenants as p', 'p.id', 'o.tenant_id')
        .select([
          'o.id',
          'o.tenant_id',
          'o.tasks',
          'o.unit_price',
          'o.status',
          'o.partner_project_id',
          'o.responded_at',
          'o.created_at',
          'o.moved_from',
          'p.slug',
          'p.name_ja',
          'p.name_en',
        ])
        .where('o.hub_tenant_id', '=', hubId)
        .where('o.share_id', '=', shareId)
        .orderBy('o.created_at')
        .execute();
      const own = await this.progress(tx, hubId, share.project_id, { ownOnly: true });
      const hub = await tx
        .selectFrom('tenants')
        .select(['slug', 'name_ja', 'name_en'])
        .where('id', '=', hubId)
        .executeTakeFirstOrThrow();
      const hubPlan = share.proposal.centres.find((c) => c.isHub);
      const deadline = share.order_deadline;
      const centres = [
        this.line(
          {
            tenantId: hubId,
            slug: hub.slug,
            nameJa: hub.name_ja,
            nameEn: hub.name_en,
            isHub: true,
            offerId: null,
            status: 'own',
            planned: own.open + own.inProgress + own.awaitingReview + own.accepted + own.returned,
            unitPrice: hubPlan?.unitPrice ?? 0,
            startedAt: share.updated_at,
          },
          own,
          deadline,
          now,
        ),
      ];
      for (const o of offers) {
        const progress =
          o.status === 'accepted' && o.partner_project_id
            ? await this.progress(tx, o.tenant_id, o.partner_project_id)
            : null;
        await this.db.switchTenant(tx, hubId);
        centres.push(
          this.line(
            {
              tenantId: o.tenant_id,
              slug: o.slug,
              nameJa: o.name_ja,
              nameEn: o.name_en,
              isHub: false,
              offerId: o.id,
              status: o.status,
              planned: o.tasks,
              unitPrice: o.unit_price,
              startedAt: o.responded_at ?? o.created_at,
            },
            progress,
            deadline,
            now,
          ),
        );
      }
      const accepted = centres.reduce((a, c) => a + c.progress.accepted, 0);
      return {
        shareId,
        orderTitle: share.order_title,
        status: share.status,
        tasks: share.tasks,
        deadline,
        asOf: now,
        accepted,
        costYen: centres.reduce((a, c) => a + c.costYen, 0),
        behind: centres.filter((c) => c.behind).map((c) => c.slug),
        centres,
      };
    });
  }

  /**
   * Moves a centre's untouched tasks to another centre (or back to the hub's own queue). Work a worker
   * has started stays where it is: asking to move more than the untouched tasks is refused.
   */
  async move(shareId: string, body: MoveBody) {
    const hubId = currentTenant().id;
    await this.db.inTenant(async (tx) => {
      const share = await findShare(tx, shareId);
      const from = await tx
        .selectFrom('hub_offers')
        .selectAll()
        .where('hub_tenant_id', '=', hubId)
        .where('share_id', '=', shareId)
        .where('id', '=', body.fromOfferId)
        .forUpdate()
        .executeTakeFirst();
      if (!from) throw notFound('依頼', 'Offer');
      if (from.status !== 'accepted' || !from.partner_project_id)
        throw conflict('承諾済みの依頼からだけ移せます', 'Only work of an accepted offer can be moved');
      const target = share.proposal.centres.find((c) => c.tenantId === body.toTenantId);
      if (!target || target.tenantId === from.tenant_id)
        throw new Problem(
          'unprocessable',
          '移動先のセンターを選んでください / Choose another centre that takes this work',
          {
            errors: [
              { pointer: '/body/toTenantId', code: 'unknown_centre', detail: 'Not a centre for this share' },
            ],
          },
        );

      // The partner's side: its untouched copies are taken out of its project.
      await this.db.switchTenant(tx, from.tenant_id);
      const untouched = await sql<{ id: string }>`
        SELECT id FROM tasks
        WHERE tenant_id = kado_current_tenant() AND project_id = ${from.partner_project_id} AND status = 'open'
          AND expected IS NULL AND active_count = 0 AND submitted_count = 0
        ORDER BY seq DESC LIMIT ${body.tasks} FOR UPDATE`.execute(tx);
      if (untouched.rows.length < body.tasks) {
        throw new Problem(
          'conflict',
          `着手済みの作業は移せません。未着手は ${untouched.rows.length} 件です / Started work cannot be moved: ${untouched.rows.length} task(s) are untouched`,
        );
      }
      const partnerTaskIds = untouched.rows.map((r) => r.id);
      const links = await tx
        .deleteFrom('hub_offer_tasks')
        .where('offer_id', '=', from.id)
        .where('partner_task_id', 'in', partnerTaskIds)
        .returning('hub_task_id')
        .execute();
      await tx.deleteFrom('tasks').where('id', 'in', partnerTaskIds).execute();
      await tx
        .updateTable('hub_offers')
        .set({ tasks: from.tasks - body.tasks, updated_at: new Date() })
        .where('id', '=', from.id)
        .execute();
      const moved = { tasks: body.tasks, to: target.slug };
      await this.audit.record(
        tx,
        { action: 'offer.work-moved', entityType: 'hub_offer', entityId: from.id, data: moved },
        from.tenant_id,
      );

      // The hub's side: back to its own queue, or a new offer to the other partner.
      await this.db.switchTenant(tx, hubId);
      const hubTaskIds = links.map((l) => l.hub_task_id);
      let offerId: string | null = null;
      if (target.isHub) await releaseHubTasks(tx, hubTaskIds);
      else {
        const respondBy = new Date(Math.min(Date.now() + DAY_MS, share.order_deadline.getTime()));
        const offer = await tx
          .insertInto('hub_offers')
          .values({
            tenant_id: target.tenantId,
            hub_tenant_id: hubId,
            share_id: shareId,
            title: from.title,
            work_type: from.work_type,
            parameters: JSON.stringify(from.parameters),
            quality_target: from.quality_target,
            tasks: body.tasks,
            unit_price: target.unitPrice,
            deadline: from.deadline,
            respond_by: respondBy,
            moved_from: from.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        offerId = offer.id;
        await linkOfferTasks(tx, { partnerId: target.tenantId, hubId, offerId }, hubTaskIds);
        await this.db.switchTenant(tx, target.tenantId);
        await this.audit.record(
          tx,
          { action: 'offer.sent', entityType: 'hub_offer', entityId: offerId, data: { movedFrom: from.id } },
          target.tenantId,
        );
        await this.db.switchTenant(tx, hubId);
      }
      await this.audit.record(tx, {
        action: 'share.work-moved',
        entityType: 'hub_share',
        entityId: shareId,
        data: { from: from.id, ...moved, offerId },
      });
    });
    return this.board(shareId);
  }

  /** Takes every accepted result of the share's partners into the hub's tasks (once each). */
  async collect(shareId: string): Promise<{ collected: number }> {
    const hubId = currentTenant().id;
    return this.db.inTenant(async (tx) => {
      const share = await findShare(tx, shareId);
      const offers = await tx
        .selectFrom('hub_offers')
        .select(['id', 'tenant_id'])
        .where('hub_tenant_id', '=', hubId)
        .where('share_id', '=', shareId)
        .where('status', '=', 'accepted')
        .execute();
      let collected = 0;
      for (const offer of offers) {
        await this.db.switchTenant(tx, offer.tenant_id);
        const done = await sql<{
          hub_task_id: string;
          payload: unknown;
          worker_id: string;
          agreement: number | null;
          accepted_at: Date;
        }>`
          UPDATE hub_offer_tasks l SET collected_at = now()
          FROM tasks t JOIN submissions s ON s.tenant_id = t.tenant_id AND s.id = t.accepted_submission_id
          WHERE l.tenant_id = kado_current_tenant() AND l.offer_id = ${offer.id} AND l.collected_at IS NULL
            AND t.tenant_id = l.tenant_id AND t.id = l.partner_task_id AND t.status = 'accepted'
          RETURNING l.hub_task_id, s.payload, s.worker_id, s.agreement, t.accepted_at`.execute(tx);
        await this.db.switchTenant(tx, hubId);
        if (done.rows.length === 0) continue;
        for (let at = 0; at < done.rows.length; at += 1000) {
          const page = done.rows.slice(at, at + 1000).map((r) => ({ ...r, submission: crypto.randomUUID() }));
          await tx
            .insertInto('submissions')
            .values(
              page.map((r) => ({
                tenant_id: hubId,
                id: r.submission,
                task_id: r.hub_task_id,
                project_id: share.project_id,
                worker_id: null,
                worker_pseudonym: pseudonymousWorkerId(
                  this.config.encryptionKey,
                  offer.tenant_id,
                  r.worker_id,
                ),
                source_tenant_id: offer.tenant_id,
                payload: JSON.stringify(r.payload),
                verdict: 'accepted',
                agreement: r.agreement,
              })),
            )
            .execute();
          await sql`UPDATE tasks t SET status = 'accepted', accepted_submission_id = v.submission,
              accepted_at = v.accepted_at, submitted_count = t.needed, updated_at = now()
            FROM (SELECT unnest(${page.map((r) => r.hub_task_id)}::uuid[]) AS task,
                         unnest(${page.map((r) => r.submission)}::uuid[]) AS submission,
                         unnest(${page.map((r) => r.accepted_at)}::timestamptz[]) AS accepted_at) v
            WHERE t.tenant_id = kado_current_tenant() AND t.id = v.task AND t.status = 'shared'`.execute(tx);
        }
        collected += done.rows.length;
      }
      if (collected > 0)
        await this.audit.record(tx, {
          action: 'share.results-collected',
          entityType: 'hub_share',
          entityId: shareId,
          data: { collected },
        });
      return { collected };
    });
  }

  /**
   * Delivers the shared order as one deliverable: collects the partners' last results, and once every
   * task of the hub's project is accepted, starts the export (a background job) and marks the share done.
   */
  async deliver(shareId: string, format: string) {
    await this.collect(shareId);
    const share = await this.db.inTenant(async (tx) => {
      const share = await findShare(tx, shareId);
      const left = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM tasks
        WHERE tenant_id = kado_current_tenant() AND project_id = ${share.project_id}
          AND expected IS NULL AND status <> 'accepted'`.execute(tx);
      const n = Number(left.rows[0]?.n ?? 0);
      if (n > 0)
        throw conflict(
          `まだ受け入れていないタスクが ${n} 件あります`,
          `${n} task(s) are not accepted yet: the order cannot be delivered`,
        );
      return share;
    });
    const started = await this.exports.start(share.project_id, format);
    await this.db.inTenant(async (tx) => {
      await tx
        .updateTable('hub_shares')
        .set({ status: 'delivered', updated_at: new Date() })
        .where('id', '=', shareId)
        .execute();
      await this.audit.record(tx, {
        action: 'share.delivered',
        entityType: 'hub_share',
        entityId: shareId,
        data: { format },
      });
    });
    return started;
  }

  // --- internals ---

  /**
   * One project's progress in the given centre's scope (the transaction is left there): tasks by status,
   * measured agreement, and per worker (pseudonymous) the accepted tasks, their estimated hours and agreement.
   */
  private async progress(
    tx: Tx,
    tenantId: string,
    projectId: string,
    options: { ownOnly?: boolean } = {},
  ): Promise<PartProgress> {
    await this.db.switchTenant(tx, tenantId);
    const counts = await PROGRESS_SQL`
      SELECT count(*) FILTER (WHERE status = 'open')::int AS open,
             count(*) FILTER (WHERE status = 'assigned')::int AS in_progress,
             count(*) FILTER (WHERE status IN ('submitted', 'in_review'))::int AS awaiting,
             count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
             count(*) FILTER (WHERE status = 'returned')::int AS returned,
             (SELECT avg(agreement)::float8 FROM submissions
              WHERE tenant_id = kado_current_tenant() AND project_id = ${projectId} AND agreement IS NOT NULL
                AND worker_id IS NOT NULL) AS agreement
      FROM tasks
      WHERE tenant_id = kado_current_tenant() AND project_id = ${projectId} AND expected IS NULL
        AND (${options.ownOnly ?? false} = false OR (status <> 'shared' AND NOT EXISTS (
          -- a partner's result taken back in belongs to that partner's line, not the hub's own
          SELECT 1 FROM submissions s WHERE s.tenant_id = tasks.tenant_id AND s.id = tasks.accepted_submission_id
            AND s.source_tenant_id IS NOT NULL)))`.execute(tx);
    const workers = await sql<{
      worker_id: string;
      accepted: number;
      minutes: number;
      agreement: number | null;
    }>`
      SELECT s.worker_id, count(*)::int AS accepted, sum(t.estimated_minutes)::int AS minutes,
             avg(s.agreement)::float8 AS agreement
      FROM tasks t JOIN submissions s ON s.tenant_id = t.tenant_id AND s.id = t.accepted_submission_id
      WHERE t.tenant_id = kado_current_tenant() AND t.project_id = ${projectId} AND t.status = 'accepted'
        AND s.worker_id IS NOT NULL
      GROUP BY s.worker_id ORDER BY 2 DESC`.execute(tx);
    const c = counts.rows[0]!;
    return {
      open: c.open,
      inProgress: c.in_progress,
      awaitingReview: c.awaiting,
      accepted: c.accepted,
      returned: c.returned,
      agreement: c.agreement === null ? null : Number(c.agreement),
      workers: workers.rows.map((w) => ({
        pseudonym: pseudonymousWorkerId(this.config.encryptionKey, tenantId, w.worker_id),
        accepted: w.accepted,
        hours: Math.round((Number(w.minutes) / 60) * 10) / 10,
        agreement: w.agreement === null ? null : Number(w.agreement),
      })),
    };
  }

  /** A centre's line on the board: its plan, progress, cost, pace and whether it will miss the deadline. */
  private line(
    c: {
      tenantId: string;
      slug: string;
      nameJa: string;
      nameEn: string;
      isHub: boolean;
      offerId: string | null;
      status: string;
      planned: number;
      unitPrice: number;
      startedAt: Date;
    },
    progress: PartProgress | null,
    deadline: Date,
    now: Date,
  ) {
    const p = progress ?? {
      open: 0,
      inProgress: 0,
      awaitingReview: 0,
      accepted: 0,
      returned: 0,
      agreement: null,
      workers: [],
    };
    const forecast = projectFinish({
      planned: c.planned,
      accepted: p.accepted,
      startedAt: c.startedAt,
      deadline,
      now,
      running: progress !== null,
    });
    return {
      ...c,
      progress: {
        open: p.open,
        inProgress: p.inProgress,
        awaitingReview: p.awaitingReview,
        accepted: p.accepted,
        returned: p.returned,
      },
      percentDone: c.planned === 0 ? 100 : Math.floor((p.accepted * 100) / c.planned),
      agreement: p.agreement,
      costYen: p.accepted * c.unitPrice,
      workers: p.workers,
      ...forecast,
    };
  }
}

/**
 * When a centre will finish at its pace so far (accepted tasks per day since it started), and whether that
 * is after the deadline, judged from its second day. A centre with nothing done after a day is flagged.
 */
export function projectFinish(x: {
  planned: number;
  accepted: number;
  startedAt: Date;
  deadline: Date;
  now: Date;
  running: boolean;
}): { tasksPerDay: number | null; projectedFinish: Date | null; behind: boolean } {
  const remaining = Math.max(0, x.planned - x.accepted);
  if (!x.running || remaining === 0)
    return { tasksPerDay: null, projectedFinish: remaining === 0 ? x.now : null, behind: false };
  const days = (x.now.getTime() - x.startedAt.getTime()) / DAY_MS;
  // A first day's pace says little (a morning's hand-ins, or none yet): judge from the second day on.
  if (days < 1) return { tasksPerDay: null, projectedFinish: null, behind: x.now > x.deadline };
  const perDay = x.accepted / days;
  if (perDay === 0) return { tasksPerDay: 0, projectedFinish: null, behind: true };
  const finish = new Date(x.now.getTime() + (remaining / perDay) * DAY_MS);
  return { tasksPerDay: Math.round(perDay * 10) / 10, projectedFinish: finish, behind: finish > x.deadline };
}
