import { inject, injectable } from 'inversify';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { Order, OrderStatus } from '../../db/schema.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { tokyoDate } from '../../kernel/tokyo.js';
import { AuditService } from '../audit/audit.service.js';
import { BudgetService } from '../budget/budget.service.js';
import { ClientsService } from '../clients/clients.service.js';
import { PluginsService } from '../plugins/plugins.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import {
  type CreateOrder,
  orderAmount,
  type Pricing,
  pricingIssues,
  type UpdateOrder,
} from './order.schemas.js';
import { canTransition, ORDER_TRANSITIONS } from './order-lifecycle.js';

type OrderRow = Order & { client_name: string };

export const toOrderView = (o: OrderRow) => ({
  id: o.id,
  clientId: o.client_id,
  clientName: o.client_name,
  title: o.title,
  workType: o.work_type,
  parameters: o.parameters,
  contractType: o.contract_type,
  quantity: o.quantity,
  unitPrice: o.unit_price,
  hours: o.hours,
  hourlyRate: o.hourly_rate,
  amount: Number(o.amount),
  deadline: o.deadline,
  qualityTarget: o.quality_target,
  status: o.status,
  createdAt: o.created_at,
  updatedAt: o.updated_at,
});

const unknownClient = () =>
  new Problem('unprocessable', '発注者が見つかりません / Client not found', {
    errors: [{ pointer: '/body/clientId', code: 'unknown_client', detail: 'No such client in this centre' }],
  });

/**
 * 受注: orders from clients, priced in integer yen, moving through a fixed lifecycle. Staff see every order
 * of the centre; a client-role person sees only the orders of the client company they belong to.
 */
@injectable()
export class OrdersService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(ClientsService) private readonly clients: ClientsService,
    @inject(PluginsService) private readonly plugins: PluginsService,
    @inject(ProjectsService) private readonly projects: ProjectsService,
    @inject(BudgetService) private readonly budget: BudgetService,
  ) {}

  /** The work type must be a plugin enabled for this centre, and the parameters must be what it expects. */
  private async checkWorkType(tx: Tx, workType: string, parameters: unknown) {
    await this.plugins.requireEnabled(tx, workType);
    return this.plugins.host.parseOrProblem(workType, 'orderParameters', parameters, '/body/parameters');
  }

  list(filter: { status?: OrderStatus; clientId?: string } = {}) {
    return this.db.inTenant(async (tx) => {
      let q = this.select(tx);
      const own = await this.visibleClient(tx);
      if (own !== undefined) {
        if (own === null) return [];
        q = q.where('orders.client_id', '=', own);
      }
      if (filter.status) q = q.where('orders.status', '=', filter.status);
      if (filter.clientId) q = q.where('orders.client_id', '=', filter.clientId);
      const rows = await q.orderBy('orders.created_at', 'desc').orderBy('orders.id').execute();
      return rows.map(toOrderView);
    });
  }

  get(id: string) {
    return this.db.inTenant(async (tx) => toOrderView(await this.find(tx, id, { visibleOnly: true })));
  }

  create(input: CreateOrder) {
    return this.db.inTenant(async (tx) => {
      await this.clients.find(tx, input.clientId).catch(() => {
        throw unknownClient();
      });
      const parameters = await this.checkWorkType(tx, input.workType, input.parameters);
      const amount = orderAmount(input);
      const created = await tx
        .insertInto('orders')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          client_id: input.clientId,
          title: input.title,
          work_type: input.workType,
          parameters: JSON.stringify(parameters),
          contract_type: input.contractType,
          quantity: input.quantity ?? null,
          unit_price: input.unitPrice ?? null,
          hours: input.hours ?? null,
          hourly_rate: input.hourlyRate ?? null,
          amount,
          deadline: input.deadline,
          quality_target: input.qualityTarget,
          created_by: currentScope().actor.userId,
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'order.created',
        entityType: 'order',
        entityId: created.id,
        data: {
          clientId: input.clientId,
          workType: input.workType,
          contractType: input.contractType,
          amount,
        },
      });
      return toOrderView(await this.find(tx, created.id));
    });
  }

  /**
   * An order that arrives already agreed (a partner accepting the hub's offer), inside the caller's
   * transaction: created for the client, accepted at once — the budget commitment and the project, as
   * `transition` does — and audited. Returns the order and its project id.
   */
  async receive(tx: Tx, input: CreateOrder & { contractType: 'ukeoi' }) {
    const parameters = await this.checkWorkType(tx, input.workType, input.parameters);
    const amount = orderAmount(input);
    const created = await tx
      .insertInto('orders')
      .values(({ eb }) => ({
        tenant_id: eb.fn<string>('kado_current_tenant'),
        client_id: input.clientId,
        title: input.title,
        work_type: input.workType,
        parameters: JSON.stringify(parameters),
        contract_type: input.contractType,
        quantity: input.quantity ?? null,
        unit_price: input.unitPrice ?? null,
        amount,
        deadline: input.deadline,
        quality_target: input.qualityTarget,
        status: 'accepted',
        created_by: currentScope().actor.userId,
      }))
      .returningAll()
      .executeTakeFirstOrThrow();
    if (amount > 0)
      await this.budget.recordCommitment(tx, {
        date: tokyoDate(new Date()),
        account: 'worker_costs',
        amount,
        source: { kind: 'order', id: created.id },
        memo: `受注「${created.title}」 / Order accepted`.slice(0, 500),
      });
    const projectId = await this.projects.createForOrder(tx, created);
    await this.audit.record(tx, {
      action: 'order.received',
      entityType: 'order',
      entityId: created.id,
      data: { clientId: input.clientId, workType: input.workType, amount, projectId },
    });
    return { order: created, projectId };
  }

  /** Changes a draft; once accepted, an order's terms are fixed (cancel and re-order instead). */
  update(id: string, changes: UpdateOrder) {
    return this.db.inTenant(async (tx) => {
      const order = await this.find(tx, id);
      if (order.status !== 'draft')
        throw new Problem(
          'conflict',
          `下書きの受注だけ変更できます（現在: ${order.status}） / Only a draft order can be changed (now ${order.status})`,
        );
      if (changes.clientId !== undefined)
        await this.clients.find(tx, changes.clientId).catch(() => {
          throw unknownClient();
        });
      const pricing: Pricing = {
        contractType: changes.contractType ?? order.contract_type,
        quantity: changes.quantity !== undefined ? changes.quantity : order.quantity,
        unitPrice: changes.unitPrice !== undefined ? changes.unitPrice : order.unit_price,
        hours: changes.hours !== undefined ? changes.hours : order.hours,
        hourlyRate: changes.hourlyRate !== undefined ? changes.hourlyRate : order.hourly_rate,
      };
      const parameters =
        changes.workType !== undefined || changes.parameters !== undefined
          ? await this.checkWorkType(
              tx,
              changes.workType ?? order.work_type,
              changes.parameters ?? order.parameters,
            )
          : undefined;
      const issues = pricingIssues(pricing);
      if (issues.length > 0) {
        const errors = issues.map((i) => ({ pointer: `/body/${i.path}`, code: 'custom', detail: i.message }));
        throw new Problem('validation-failed', errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), {
          errors,
        });
      }
      await tx
        .updateTable('orders')
        .set({
          ...(changes.clientId !== undefined && { client_id: changes.clientId }),
          ...(changes.title !== undefined && { title: changes.title }),
          ...(changes.workType !== undefined && { work_type: changes.workType }),
          ...(parameters !== undefined && { parameters: JSON.stringify(parameters) }),
          ...(changes.deadline !== undefined && { deadline: changes.deadline }),
          ...(changes.qualityTarget !== undefined && { quality_target: changes.qualityTarget }),
          contract_type: pricing.contractType,
          quantity: pricing.quantity ?? null,
          unit_price: pricing.unitPrice ?? null,
          hours: pricing.hours ?? null,
          hourly_rate: pricing.hourlyRate ?? null,
          amount: orderAmount(pricing),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'order.updated',
        entityType: 'order',
        entityId: id,
        data: { changes },
      });
      return toOrderView(await this.find(tx, id));
    });
  }

  /**
   * Moves an order along its lifecycle; anything but an allowed transition is a 409 and changes nothing.
   * Accepting commits the order's amount on the worker-costs budget in the same transaction (an over-budget
   * refusal leaves the order as it was unless an admin overrides with a reason); cancelling an accepted or
   * running order reverses that commitment.
   */
  transition(id: string, to: OrderStatus, budgetOverride?: { reason: string }) {
    return this.db.inTenant(async (tx) => {
      const order = await this.find(tx, id);
      const from = order.status;
      if (!canTransition(from, to)) throw this.refused(from, to);
      // Guarded by the status read above: a concurrent transition makes this one change nothing.
      const moved = await tx
        .updateTable('orders')
        .set({ status: to, updated_at: new Date() })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) throw this.refused(from, to);
      const amount = Number(order.amount);
      if (to === 'accepted' && amount > 0)
        await this.budget.recordCommitment(tx, {
          date: tokyoDate(new Date()),
          account: 'worker_costs',
          amount,
          source: { kind: 'order', id },
          memo: `受注「${order.title}」 / Order accepted`.slice(0, 500),
          ...(budgetOverride && { override: budgetOverride }),
        });
      if (to === 'cancelled' && (from === 'accepted' || from === 'in_progress'))
        await this.budget.reverseSource(
          tx,
          { kind: 'order', id },
          `受注取消「${order.title}」 / Order cancelled`.slice(0, 500),
        );
      // An accepted order becomes a project, with the plugin version in force now.
      if (to === 'accepted') await this.projects.createForOrder(tx, order);
      await this.audit.record(tx, {
        action: 'order.transitioned',
        entityType: 'order',
        entityId: id,
        data: { from, to, ...(budgetOverride && to === 'accepted' && { budgetOverride }) },
      });
      return toOrderView(await this.find(tx, id));
    });
  }

  /** Moves an order from `from` to `to` only if it is at `from` now (jobs: a re-run changes nothing). */
  advance(id: string, from: OrderStatus, to: OrderStatus) {
    return this.db.inTenant(async (tx) => {
      const moved = await tx
        .updateTable('orders')
        .set({ status: to, updated_at: new Date() })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return false;
      await this.audit.record(tx, {
        action: 'order.transitioned',
        entityType: 'order',
        entityId: id,
        data: { from, to },
      });
      return true;
    });
  }

  /** Deletes a draft; an order past draft is cancelled instead, so its history stays. */
  remove(id: string) {
    return this.db.inTenant(async (tx) => {
      const order = await this.find(tx, id);
      if (order.status !== 'draft')
        throw new Problem(
          'conflict',
          '下書き以外の受注は削除できません。キャンセルしてください / Only a draft can be deleted; cancel the order instead',
        );
      await tx.deleteFrom('orders').where('id', '=', id).execute();
      await this.audit.record(tx, {
        action: 'order.deleted',
        entityType: 'order',
        entityId: id,
        data: { title: order.title, clientId: order.client_id },
      });
    });
  }

  private refused(from: OrderStatus, to: OrderStatus) {
    const allowed = ORDER_TRANSITIONS[from].join(', ') || '—';
    return new Problem(
      'conflict',
      `受注を ${from} から ${to} へは移せません（可能: ${allowed}） / An order cannot move from ${from} to ${to} (allowed: ${allowed})`,
    );
  }

  /** undefined: the caller sees every order (staff); otherwise the one client whose orders it sees, or none. */
  private async visibleClient(tx: Tx): Promise<string | null | undefined> {
    const { role, actor } = currentScope();
    if (role !== 'client') return undefined;
    return this.clients.clientOfUser(tx, actor.userId);
  }

  private select(tx: Tx) {
    return tx
      .selectFrom('orders')
      .innerJoin('clients', 'clients.id', 'orders.client_id')
      .selectAll('orders')
      .select('clients.name as client_name');
  }

  private async find(tx: Tx, id: string, options: { visibleOnly?: boolean } = {}): Promise<OrderRow> {
    let q = this.select(tx).where('orders.id', '=', id);
    if (options.visibleOnly) {
      const own = await this.visibleClient(tx);
      if (own === null) throw notFound('受注', 'Order');
      if (own !== undefined) q = q.where('orders.client_id', '=', own);
    }
    const found = await q.executeTakeFirst();
    if (!found) throw notFound('受注', 'Order');
    return found;
  }
}
