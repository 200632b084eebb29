import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../../db/database.js';
import { currentTenant } from '../../../db/request-context.js';
import { notFound, Problem } from '../../../kernel/problems.js';
import { AuditService } from '../../audit/audit.service.js';
import { ClientsService } from '../../clients/clients.service.js';
import { OrdersService } from '../../orders/orders.service.js';
import { ProjectsService } from '../../projects/projects.service.js';
import { offerTaskIds, releaseHubTasks } from './hub-tasks.js';
import { selectOffers, toOfferView } from './offer-views.js';
import { auditBothSides } from './share-rows.js';
import type { Counter, OfferView } from './sharing.schemas.js';

const conflict = (ja: string, en: string) => new Problem('conflict', `${ja} / ${en}`);

type OfferRow = Awaited<ReturnType<OffersService['lock']>>;

/**
 * A partner centre's side of the hub's offers: it sees only its own, and accepts, declines or counters
 * them. Accepting turns the offer into the centre's own order (the hub as its client) and project, with the
 * hub's tasks copied in, so its workers take them with the same "next task", quality and time rules.
 */
@injectable()
export class OffersService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(ClientsService) private readonly clients: ClientsService,
    @inject(OrdersService) private readonly orders: OrdersService,
    @inject(ProjectsService) private readonly projects: ProjectsService,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  list(): Promise<OfferView[]> {
    return this.db.inTenant(async (tx) =>
      (await this.own(tx).orderBy('o.created_at', 'desc').execute()).map(toOfferView),
    );
  }

  get(id: string): Promise<OfferView> {
    return this.db.inTenant((tx) => this.view(tx, id));
  }

  async accept(id: string): Promise<OfferView> {
    const partnerId = currentTenant().id;
    return this.db.inTenant(async (tx) => {
      const offer = await this.lock(tx, id);
      this.mustBeOpen(offer, 'accept');
      const hubTaskIds = await offerTaskIds(tx, id);
      const hub = await tx
        .selectFrom('tenants')
        .select(['name_ja'])
        .where('id', '=', offer.hub_tenant_id)
        .executeTakeFirstOrThrow();

      // The hub's side, read in the hub's scope for this offer's tasks only: payloads and their files.
      await this.db.switchTenant(tx, offer.hub_tenant_id);
      const tasks = await tx
        .selectFrom('tasks')
        .select([
          'id',
          'payload',
          'estimated_minutes',
          sql<string | null>`scheduled_on::text`.as('scheduled_on'),
        ])
        .where('id', 'in', hubTaskIds.length > 0 ? hubTaskIds : ['00000000-0000-0000-0000-000000000000'])
        .orderBy('seq')
        .execute();
      const files = await tx
        .selectFrom('project_files as f')
        .innerJoin('hub_shares as s', (j) =>
          j.onRef('s.tenant_id', '=', 'f.tenant_id').onRef('s.project_id', '=', 'f.project_id'),
        )
        .select(['f.name', 'f.storage_key', 'f.content_type', 'f.size'])
        .where('s.id', '=', offer.share_id)
        .execute();
      await this.db.switchTenant(tx, partnerId);

      const clientId = await this.clients.ensureNamed(tx, hub.name_ja, 'company');
      const { projectId } = await this.orders.receive(tx, {
        clientId,
        title: offer.title,
        workType: offer.work_type,
        parameters: offer.parameters,
        contractType: 'ukeoi',
        quantity: offer.tasks,
        unitPrice: offer.unit_price,
        deadline: offer.deadline.toISOString(),
        qualityTarget: offer.quality_target,
      });
      const copies = await this.projects.copyWork(
        tx,
        projectId,
        tasks.map((t) => ({
          payload: t.payload,
          estimatedMinutes: t.estimated_minutes,
          scheduledOn: t.scheduled_on,
        })),
        files.map((f) => ({
          name: f.name,
          storageKey: f.storage_key,
          contentType: f.content_type,
          size: Number(f.size),
        })),
      );
      await sql`UPDATE hub_offer_tasks l SET partner_task_id = v.partner
        FROM (SELECT unnest(${tasks.map((t) => t.id)}::uuid[]) AS hub, unnest(${copies}::uuid[]) AS partner) v
        WHERE l.tenant_id = ${partnerId} AND l.offer_id = ${id} AND l.hub_task_id = v.hub`.execute(tx);
      await this.answer(tx, offer, { status: 'accepted', partner_project_id: projectId });
      return this.view(tx, id);
    });
  }

  async decline(id: string, reason: string): Promise<OfferView> {
    const partnerId = currentTenant().id;
    return this.db.inTenant(async (tx) => {
      const offer = await this.lock(tx, id);
      this.mustBeOpen(offer, 'decline');
      const hubTaskIds = await offerTaskIds(tx, id, { unlink: true });
      await this.db.switchTenant(tx, offer.hub_tenant_id);
      await releaseHubTasks(tx, hubTaskIds);
      await this.db.switchTenant(tx, partnerId);
      await this.answer(tx, offer, { status: 'declined', counter_note: reason }, { reason });
      return this.view(tx, id);
    });
  }

  async counter(id: string, counter: Counter): Promise<OfferView> {
    return this.db.inTenant(async (tx) => {
      const offer = await this.lock(tx, id);
      this.mustBeOpen(offer, 'counter');
      const tasks = counter.tasks ?? offer.tasks;
      const unitPrice = counter.unitPrice ?? offer.unit_price;
      if (tasks > offer.tasks)
        throw new Problem(
          'unprocessable',
          `依頼された件数（${offer.tasks}件）より多くは提案できません / A counter cannot ask for more than the ${offer.tasks} tasks offered`,
          {
            errors: [
              {
                pointer: '/body/tasks',
                code: 'more_than_offered',
                detail: `${offer.tasks}件以下にしてください / At most ${offer.tasks}`,
              },
            ],
          },
        );
      if (tasks === offer.tasks && unitPrice === offer.unit_price)
        throw new Problem('unprocessable', '条件が変わっていません / The counter changes nothing', {
          errors: [
            {
              pointer: '/body',
              code: 'unchanged',
              detail: '件数か単価を変えてください / Change the tasks or the unit price',
            },
          ],
        });
      await this.answer(
        tx,
        offer,
        {
          status: 'countered',
          counter_tasks: tasks,
          counter_unit_price: unitPrice,
          counter_note: counter.note,
        },
        { tasks, unitPrice, note: counter.note },
      );
      return this.view(tx, id);
    });
  }

  // --- internals ---

  /** This centre's offers only: the hub reads its offers through its shares, never here. */
  private own(tx: Tx) {
    return selectOffers(tx).where('o.tenant_id', '=', currentTenant().id);
  }

  private async view(tx: Tx, id: string) {
    const row = await this.own(tx).where('o.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('依頼', 'Offer');
    return toOfferView(row);
  }

  private async lock(tx: Tx, id: string) {
    const offer = await tx
      .selectFrom('hub_offers')
      .selectAll()
      .where('tenant_id', '=', currentTenant().id)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!offer) throw notFound('依頼', 'Offer');
    return offer;
  }

  /** Only an open offer can be answered, and only until its answer deadline (declining is always possible). */
  private mustBeOpen(offer: OfferRow, verb: 'accept' | 'decline' | 'counter') {
    if (offer.status === 'accepted')
      throw conflict('この依頼はすでに承諾済みです', 'This offer has already been accepted');
    if (offer.status === 'declined' || offer.status === 'withdrawn')
      throw conflict(
        offer.status === 'declined' ? 'この依頼は辞退済みです' : 'この依頼はハブが取り下げました',
        offer.status === 'declined' ? 'This offer was declined' : 'The hub withdrew this offer',
      );
    if (offer.status === 'countered' && verb !== 'decline')
      throw conflict('対案へのハブの回答を待っています', 'Waiting for the hub to answer your counter');
    if (offer.respond_by.getTime() < Date.now() && verb !== 'decline')
      throw conflict('回答期限を過ぎています', 'The answer deadline has passed');
  }

  /** Records the answer on the offer and in both centres' audit logs. */
  private async answer(
    tx: Tx,
    offer: OfferRow,
    changes: {
      status: 'accepted' | 'declined' | 'countered';
      partner_project_id?: string;
      counter_tasks?: number;
      counter_unit_price?: number;
      counter_note?: string;
    },
    data: Record<string, unknown> = {},
  ) {
    const now = new Date();
    await tx
      .updateTable('hub_offers')
      .set({ ...changes, responded_at: now, updated_at: now })
      .where('tenant_id', '=', offer.tenant_id)
      .where('id', '=', offer.id)
      .execute();
    await auditBothSides(
      { db: this.db, audit: this.audit },
      tx,
      { here: offer.tenant_id, there: offer.hub_tenant_id },
      { action: `offer.${changes.status}`, entityType: 'hub_offer', entityId: offer.id, data },
    );
  }
}
