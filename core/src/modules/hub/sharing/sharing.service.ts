import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../../db/database.js';
import { currentScope, currentTenant } from '../../../db/request-context.js';
import { notFound, Problem } from '../../../kernel/problems.js';
import { DAY_MS, tokyoDate } from '../../../kernel/tokyo.js';
import { AuditService } from '../../audit/audit.service.js';
import { PluginsService } from '../../plugins/plugins.service.js';
import { CentreCapacityService } from './centre-capacity.js';
import {
  linkOfferTasks,
  offerTaskIds,
  releaseHubTasks,
  reserveHubTasks,
  shareableTasks,
} from './hub-tasks.js';
import { selectOffers, toOfferView } from './offer-views.js';
import { AllocationInputError, buildProposal, type CentreFacts } from './proposal.js';
import { auditBothSides, findShare, type ShareRow, selectShares } from './share-rows.js';
import type { AllocationEdit, OfferView, Proposal } from './sharing.schemas.js';

/** What the hub's own workers cost per hour (準委任, about ¥1,000/h): its price per task follows its pace. */
export const HUB_HOURLY_YEN = 1000;
/** A partner has this long to answer an offer unless the hub says otherwise (never past the deadline). */
const DEFAULT_RESPONSE_DAYS = 3;

const conflict = (ja: string, en: string) => new Problem('conflict', `${ja} / ${en}`);
const invalid = (pointer: string, code: string, ja: string, en: string) =>
  new Problem('unprocessable', `${ja} / ${en}`, { errors: [{ pointer, code, detail: `${ja} / ${en}` }] });

/** 409 for an order already shared, naming the share so the page can go there. */
export class AlreadySharedProblem extends Problem {
  constructor(readonly shareId: string) {
    super('conflict', 'この受注はすでにワークシェアされています / This order is already shared');
  }
  override toBody(instance?: string) {
    return { ...super.toBody(instance), shareId: this.shareId };
  }
}

/**
 * The hub shares an order's work across centres (issue #8): it proposes a split from every centre's
 * capacity until the deadline, price and budget (solved by HiGHS), lets the hub edit it, and sends each
 * partner its offer. Capacity is read in each centre's own scope and only figures leave it.
 */
@injectable()
export class SharingService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(PluginsService) private readonly plugins: PluginsService,
    @inject(CentreCapacityService) private readonly capacity: CentreCapacityService,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  private get deps() {
    return { db: this.db, audit: this.audit };
  }

  /** Starts sharing an accepted order: a draft share with the solver's proposal for its untouched tasks. */
  async share(orderId: string) {
    const hubId = currentTenant().id;
    const base = await this.db.inTenant(async (tx) => {
      const order = await tx
        .selectFrom('orders')
        .select(['id', 'title', 'work_type', 'deadline', 'status'])
        .where('id', '=', orderId)
        .executeTakeFirst();
      if (!order) throw notFound('受注', 'Order');
      const existing = await tx
        .selectFrom('hub_shares')
        .select('id')
        .where('order_id', '=', orderId)
        .executeTakeFirst();
      if (existing) throw new AlreadySharedProblem(existing.id);
      const project = await tx
        .selectFrom('projects')
        .select(['id', 'needed'])
        .where('order_id', '=', orderId)
        .executeTakeFirst();
      if (!project || (order.status !== 'accepted' && order.status !== 'in_progress'))
        throw conflict(
          '受け付け済み（作業中）の受注だけをワークシェアできます',
          'Only an accepted or running order can be shared',
        );
      const open = await shareableTasks(tx, project.id);
      if (open.count === 0)
        throw conflict(
          'まだ誰も手を付けていないタスクがありません（先に取り込んでください）',
          'The order has no untouched tasks to share (import them first)',
        );
      return { order, project, open };
    });
    const deadline = tokyoDate(base.order.deadline);
    const id = crypto.randomUUID();
    const proposal = await this.propose(hubId, {
      id,
      workType: base.order.work_type,
      tasks: base.open.count,
      deadline,
      deadlineAt: base.order.deadline,
      needed: base.project.needed,
      estimatedMinutes: base.open.estimatedMinutes,
      projectId: base.project.id,
      fixed: {},
    });
    await this.db.inTenant(async (tx) => {
      const inserted = await tx
        .insertInto('hub_shares')
        .values({
          tenant_id: hubId,
          id,
          order_id: orderId,
          project_id: base.project.id,
          work_type: base.order.work_type,
          tasks: base.open.count,
          deadline,
          proposal: JSON.stringify(proposal),
          created_by: currentScope().actor.userId,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'order_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted)
        throw conflict('この受注はすでにワークシェアされています', 'This order is already shared');
      await this.audit.record(tx, {
        action: 'share.proposed',
        entityType: 'hub_share',
        entityId: id,
        data: { orderId, tasks: base.open.count, feasible: proposal.feasible, costYen: proposal.costYen },
      });
    });
    return this.get(id);
  }

  list() {
    return this.db.inTenant(async (tx) => {
      const shares = await selectShares(tx).orderBy('s.created_at', 'desc').execute();
      const counts = await tx
        .selectFrom('hub_offers')
        .select(['share_id', 'status', sql<number>`count(*)::int`.as('n')])
        .where('hub_tenant_id', '=', currentTenant().id)
        .groupBy(['share_id', 'status'])
        .execute();
      return shares.map((s) => ({
        ...this.summary(s as ShareRow),
        offers: Object.fromEntries(counts.filter((c) => c.share_id === s.id).map((c) => [c.status, c.n])),
      }));
    });
  }

  get(id: string) {
    return this.db.inTenant(async (tx) => {
      const share = await findShare(tx, id);
      return { ...this.summary(share), proposal: share.proposal, offers: await this.offersOf(tx, id) };
    });
  }

  /**
   * The hub's edit: the given centres' shares are kept exactly and the rest re-solved. A share larger than
   * the order, or a centre that cannot take this work, is refused and nothing changes.
   */
  async setAllocation(id: string, edit: AllocationEdit) {
    const hubId = currentTenant().id;
    const share = await this.db.inTenant((tx) => findShare(tx, id));
    if (share.status !== 'draft')
      throw conflict('送付済みの配分は変更できません', 'Offers have been sent: the allocation is fixed');
    const total = Object.values(edit.shares).reduce((a, b) => a + b, 0);
    if (total > share.tasks)
      throw invalid(
        '/body/shares',
        'larger_than_order',
        `配分の合計（${total}件）が受注のタスク数（${share.tasks}件）を超えています`,
        `The shares add up to ${total} tasks, more than the order's ${share.tasks}`,
      );
    const known = new Set(share.proposal.centres.map((c) => c.tenantId));
    const unknown = Object.keys(edit.shares).find((t) => !known.has(t));
    if (unknown)
      throw invalid(
        `/body/shares/${unknown}`,
        'unknown_centre',
        'この業務を受けられるセンターではありません',
        'Not a centre that takes this work type',
      );
    const project = await this.db.inTenant(async (tx) => ({
      needed: (
        await tx
          .selectFrom('projects')
          .select('needed')
          .where('id', '=', share.project_id)
          .executeTakeFirstOrThrow()
      ).needed,
      open: await shareableTasks(tx, share.project_id),
    }));
    let proposal: Proposal;
    try {
      proposal = await this.propose(hubId, {
        id,
        workType: share.work_type,
        tasks: share.tasks,
        deadline: share.deadline,
        deadlineAt: share.order_deadline,
        needed: project.needed,
        estimatedMinutes: project.open.estimatedMinutes,
        projectId: share.project_id,
        fixed: edit.shares,
      });
    } catch (error) {
      if (!(error instanceof AllocationInputError)) throw error;
      // The solver names centres by id: show the hub their names.
      const named = (text: string, lang: 'ja' | 'en') =>
        share.proposal.centres.reduce(
          (out, c) => out.replaceAll(c.tenantId, lang === 'ja' ? c.nameJa : c.nameEn),
          text,
        );
      const first = error.problems[0]!;
      throw invalid('/body/shares', 'invalid_allocation', named(first.ja, 'ja'), named(first.en, 'en'));
    }
    await this.db.inTenant(async (tx) => {
      const updated = await tx
        .updateTable('hub_shares')
        .set({ proposal: JSON.stringify(proposal), updated_at: new Date() })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0)
        throw conflict('送付済みの配分は変更できません', 'Offers have been sent: the allocation is fixed');
      await this.audit.record(tx, {
        action: 'share.edited',
        entityType: 'hub_share',
        entityId: id,
        data: { shares: edit.shares, feasible: proposal.feasible },
      });
    });
    return this.get(id);
  }

  /** Sends each partner with a share its offer; the hub's own part stays in its project. */
  async send(id: string, respondBy?: string) {
    const hubId = currentTenant().id;
    await this.db.inTenant(async (tx) => {
      const share = await findShare(tx, id, { lock: true });
      if (share.status !== 'draft') throw conflict('すでに送付済みです', 'The offers have already been sent');
      if (!share.proposal.feasible)
        throw conflict(
          '納期までに終わらない配分は送付できません（配分を見直してください）',
          'The allocation cannot meet the deadline: change it before sending',
        );
      const by = respondBy ? Date.parse(respondBy) : Date.now() + DEFAULT_RESPONSE_DAYS * DAY_MS;
      const answerBy = new Date(Math.min(by, share.order_deadline.getTime()));
      if (answerBy.getTime() <= Date.now())
        throw invalid(
          '/body/respondBy',
          'in_the_past',
          '回答期限は未来の日時にしてください',
          'The answer deadline must be in the future',
        );
      for (const centre of share.proposal.centres.filter((c) => !c.isHub && c.tasks > 0)) {
        const taskIds = await reserveHubTasks(tx, share.project_id, centre.tasks);
        if (taskIds.length < centre.tasks)
          throw conflict(
            '配分後にタスクが着手されました。配分を作り直してください',
            'Tasks were started since the proposal: propose again',
          );
        const offer = await tx
          .insertInto('hub_offers')
          .values({
            tenant_id: centre.tenantId,
            hub_tenant_id: hubId,
            share_id: id,
            title: share.order_title,
            work_type: share.work_type,
            parameters: JSON.stringify(share.order_parameters),
            quality_target: share.quality_target,
            tasks: centre.tasks,
            unit_price: centre.unitPrice,
            deadline: share.order_deadline,
            respond_by: answerBy,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await linkOfferTasks(tx, { partnerId: centre.tenantId, hubId, offerId: offer.id }, taskIds);
        await auditBothSides(
          this.deps,
          tx,
          { here: hubId, there: centre.tenantId },
          {
            action: 'offer.sent',
            entityType: 'hub_offer',
            entityId: offer.id,
            data: {
              shareId: id,
              tasks: centre.tasks,
              unitPrice: centre.unitPrice,
            },
          },
        );
      }
      await tx
        .updateTable('hub_shares')
        .set({ status: 'offered', updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    });
    return this.get(id);
  }

  /** The hub takes back an offer not yet accepted: its tasks return to the hub's queue. */
  async withdraw(shareId: string, offerId: string): Promise<OfferView> {
    const hubId = currentTenant().id;
    return this.db.inTenant(async (tx) => {
      const offer = await this.lockOffer(tx, shareId, offerId);
      if (offer.status !== 'offered' && offer.status !== 'countered')
        throw conflict('承諾・辞退済みの依頼は取り下げられません', 'An answered offer cannot be withdrawn');
      await releaseHubTasks(tx, await offerTaskIds(tx, offerId, { unlink: true }));
      await tx
        .updateTable('hub_offers')
        .set({ status: 'withdrawn', updated_at: new Date() })
        .where('id', '=', offerId)
        .execute();
      await auditBothSides(
        this.deps,
        tx,
        { here: hubId, there: offer.tenant_id },
        {
          action: 'offer.withdrawn',
          entityType: 'hub_offer',
          entityId: offerId,
          data: {},
        },
      );
      return this.offerView(tx, offerId);
    });
  }

  /**
   * The hub agrees to a partner's counter: the offer takes the counter's terms (tasks given back or added
   * from the hub's queue) and is offered again, for the partner to accept.
   */
  async acceptCounter(shareId: string, offerId: string): Promise<OfferView> {
    const hubId = currentTenant().id;
    return this.db.inTenant(async (tx) => {
      const offer = await this.lockOffer(tx, shareId, offerId);
      if (offer.status !== 'countered')
        throw conflict('対案が出ていない依頼です', 'The partner has not countered this offer');
      const share = await findShare(tx, shareId);
      const tasks = offer.counter_tasks ?? offer.tasks;
      const carried = await sql<{ id: string }>`
        SELECT t.id FROM hub_offer_tasks l JOIN tasks t ON t.tenant_id = l.hub_tenant_id AND t.id = l.hub_task_id
        WHERE l.offer_id = ${offerId} ORDER BY t.seq DESC`.execute(tx);
      if (tasks < offer.tasks) {
        const back = carried.rows.slice(0, offer.tasks - tasks).map((r) => r.id);
        await tx
          .deleteFrom('hub_offer_tasks')
          .where('offer_id', '=', offerId)
          .where('hub_task_id', 'in', back)
          .execute();
        await releaseHubTasks(tx, back);
      } else if (tasks > offer.tasks) {
        const more = await reserveHubTasks(tx, share.project_id, tasks - offer.tasks);
        if (more.length < tasks - offer.tasks)
          throw conflict('追加できる未着手のタスクが足りません', 'Not enough untouched tasks left to add');
        await linkOfferTasks(tx, { partnerId: offer.tenant_id, hubId, offerId }, more);
      }
      await tx
        .updateTable('hub_offers')
        .set({
          status: 'offered',
          tasks,
          unit_price: offer.counter_unit_price ?? offer.unit_price,
          counter_tasks: null,
          counter_unit_price: null,
          updated_at: new Date(),
        })
        .where('id', '=', offerId)
        .execute();
      await auditBothSides(
        this.deps,
        tx,
        { here: hubId, there: offer.tenant_id },
        {
          action: 'offer.counter-accepted',
          entityType: 'hub_offer',
          entityId: offerId,
          data: {
            tasks,
            unitPrice: offer.counter_unit_price ?? offer.unit_price,
          },
        },
      );
      return this.offerView(tx, offerId);
    });
  }

  // --- internals ---

  /** Candidates (the hub and its active partners that take this work type), their capacity, the solution. */
  private async propose(
    hubId: string,
    d: {
      id: string;
      workType: string;
      tasks: number;
      deadline: string;
      deadlineAt: Date;
      needed: number;
      estimatedMinutes: number;
      projectId: string;
      fixed: Record<string, number>;
    },
  ): Promise<Proposal> {
    const skills = this.plugins.host.get(d.workType)?.definition.skills ?? [];
    const from = tokyoDate(new Date());
    const days = Math.round((Date.parse(d.deadline) - Date.parse(from)) / DAY_MS) + 1;
    const question = {
      workType: d.workType,
      skills,
      needed: d.needed,
      estimatedMinutes: d.estimatedMinutes,
      from,
      days: Math.max(0, days),
      deadline: d.deadlineAt,
    };
    const candidates = await this.db.withTenant(hubId, async (tx) => {
      const partners = await tx
        .selectFrom('hub_partnerships as p')
        .innerJoin('tenants as t', 't.id', 'p.tenant_id')
        .select(['t.id', 't.slug', 't.name_ja', 't.name_en', 'p.task_rates'])
        .where('p.hub_tenant_id', '=', hubId)
        .where('p.status', '=', 'active')
        .where('t.status', '=', 'active')
        .where(sql<boolean>`${d.workType} = ANY(p.work_types)`)
        .orderBy('t.slug')
        .execute();
      const hub = await tx
        .selectFrom('tenants')
        .select(['id', 'slug', 'name_ja', 'name_en'])
        .where('id', '=', hubId)
        .executeTakeFirstOrThrow();
      return { hub, partners: partners.filter((p) => Number.isInteger(p.task_rates[d.workType])) };
    });
    const facts: CentreFacts[] = [];
    const hubCapacity = await this.db.withTenant(hubId, (tx) =>
      this.capacity.capacityIn(tx, { ...question, excludeProjectId: d.projectId }),
    );
    facts.push({
      tenantId: hubId,
      slug: candidates.hub.slug,
      nameJa: candidates.hub.name_ja,
      nameEn: candidates.hub.name_en,
      isHub: true,
      unitPrice: Math.ceil(HUB_HOURLY_YEN / hubCapacity.tasksPerHour),
      capacity: hubCapacity,
    });
    // One short transaction per partner, in its own scope: cost grows with the partners, not their size.
    for (const p of candidates.partners)
      facts.push({
        tenantId: p.id,
        slug: p.slug,
        nameJa: p.name_ja,
        nameEn: p.name_en,
        isHub: false,
        unitPrice: p.task_rates[d.workType]!,
        capacity: await this.db.withTenant(p.id, (tx) => this.capacity.capacityIn(tx, question)),
      });
    return buildProposal(facts, {
      id: d.id,
      workType: d.workType,
      tasks: d.tasks,
      from,
      to: d.deadline,
      days,
      fixed: d.fixed,
    });
  }

  private summary(s: ShareRow) {
    return {
      id: s.id,
      orderId: s.order_id,
      orderTitle: s.order_title,
      workType: s.work_type,
      tasks: s.tasks,
      deadline: s.deadline,
      status: s.status,
      createdAt: s.created_at,
    };
  }

  private async offersOf(tx: Tx, shareId: string) {
    const rows = await selectOffers(tx)
      .where('o.hub_tenant_id', '=', currentTenant().id)
      .where('o.share_id', '=', shareId)
      .orderBy('p.slug')
      .execute();
    return rows.map(toOfferView);
  }

  private async lockOffer(tx: Tx, shareId: string, offerId: string) {
    const offer = await tx
      .selectFrom('hub_offers')
      .selectAll()
      .where('hub_tenant_id', '=', currentTenant().id)
      .where('share_id', '=', shareId)
      .where('id', '=', offerId)
      .forUpdate()
      .executeTakeFirst();
    if (!offer) throw notFound('依頼', 'Offer');
    return offer;
  }

  private async offerView(tx: Tx, offerId: string) {
    return toOfferView(await selectOffers(tx).where('o.id', '=', offerId).executeTakeFirstOrThrow());
  }
}
