import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentActor, currentScope } from '../../db/request-context.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { addDays, tokyoToday } from '../../kernel/tokyo.js';
import { AuditService } from '../audit/audit.service.js';
import { BudgetService } from '../budget/budget.service.js';
import { ClientsService } from '../clients/clients.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OrdersService } from '../orders/orders.service.js';
import type { CreateInvoice, Invoice, InvoiceSummary, Settings, UpdateInvoice } from './invoice.schemas.js';
import type { InvoiceStatus } from './invoices.tables.js';
import { type InvoiceItem, InvoiceTaxError, invoiceTotals, type TaxRate, type TaxRounding } from './tax.js';

/** Fiscal year (April–March) of a 'YYYY-MM-DD' date, named by its starting calendar year. */
export function fiscalYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}
export const fiscalYearRange = (fy: number) => ({ from: `${fy}-04-01`, to: `${fy + 1}-03-31` });

const yen = (v: number | string | bigint | null | undefined) =>
  v === null || v === undefined ? 0 : Number(v);

/** The issuer and recipient as printed: frozen at issue, the current ones on a draft. */
export interface InvoiceParties {
  issuer: {
    name: string;
    registrationNumber: string;
    address: string;
    phone: string;
    bankInfo: string;
  } | null;
  recipient: { name: string; address: string; registrationNumber: string | null };
}

export type InvoiceDocument = Invoice & InvoiceParties;

const DEFAULT_SETTINGS = {
  configured: false,
  issuerName: '',
  registrationNumber: '',
  address: '',
  phone: '',
  rounding: 'down' as TaxRounding,
  paymentTermsDays: 30,
  bankInfo: '',
};

const notDraft = (status: InvoiceStatus) =>
  new Problem(
    'conflict',
    `下書きの請求書だけが変更・削除・発行できます（現在: ${status}） / Only a draft invoice can be changed, deleted or issued (it is ${status})`,
  );

const checkOrderClient = (order: { clientId: string }, clientId: string) => {
  if (order.clientId !== clientId)
    throw unprocessable(
      '/body/orderId',
      'order_of_other_client',
      '受注の発注者が請求先と異なります',
      'The order belongs to another client',
    );
};

const unprocessable = (pointer: string, code: string, ja: string, en: string) =>
  new Problem('unprocessable', `${ja} / ${en}`, { errors: [{ pointer, code, detail: en }] });

/**
 * 請求書: qualified invoices (適格請求書) to the centre's clients. Drafts are free to change; issuing numbers
 * the invoice in its fiscal year with no gaps, freezes issuer and recipient, and books it (ledger and budget
 * actual) in the same transaction; payments and voiding are booked the same way.
 */
@injectable()
export class InvoicesService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(ClientsService) private readonly clients: ClientsService,
    @inject(OrdersService) private readonly orders: OrdersService,
    @inject(LedgerService) private readonly ledger: LedgerService,
    @inject(BudgetService) private readonly budget: BudgetService,
  ) {}

  // --- settings ---

  getSettings() {
    return this.db.inTenant(async (tx) => {
      const s = await this.settingsIn(tx);
      return s ? { configured: true, ...s } : DEFAULT_SETTINGS;
    });
  }

  putSettings(input: Settings) {
    return this.db.inTenant(async (tx) => {
      const values = {
        issuer_name: input.issuerName,
        registration_number: input.registrationNumber,
        address: input.address,
        phone: input.phone,
        rounding: input.rounding,
        payment_terms_days: input.paymentTermsDays,
        bank_info: input.bankInfo,
        updated_by: currentActor().userId,
      };
      await tx
        .insertInto('invoice_settings')
        .values({ tenant_id: sql<string>`kado_current_tenant()`, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
        .execute();
      await this.audit.record(tx, {
        action: 'invoice.settings_updated',
        entityType: 'invoice_settings',
        entityId: null,
        data: { ...input },
      });
      return { configured: true, ...(await this.settingsIn(tx))! };
    });
  }

  private async settingsIn(tx: Tx) {
    const s = await tx.selectFrom('invoice_settings').selectAll().executeTakeFirst();
    if (!s) return null;
    return {
      issuerName: s.issuer_name,
      registrationNumber: s.registration_number,
      address: s.address,
      phone: s.phone,
      rounding: s.rounding as TaxRounding,
      paymentTermsDays: s.payment_terms_days,
      bankInfo: s.bank_info,
    };
  }

  // --- drafts ---

  async create(input: CreateInvoice) {
    // Read through the orders module before our transaction: it opens its own, and PGlite has one connection.
    if (input.orderId) checkOrderClient(await this.findOrder(input.orderId), input.clientId);
    return this.db.inTenant(async (tx) => {
      await this.checkClient(tx, input.clientId);
      const created = await tx
        .insertInto('invoices')
        .values({
          tenant_id: sql<string>`kado_current_tenant()`,
          client_id: input.clientId,
          order_id: input.orderId ?? null,
          issue_date: input.issueDate,
          due_date: input.dueDate ?? null,
          note: input.note ?? '',
          created_by: currentActor().userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.writeItems(tx, created.id, input.items);
      await this.audit.record(tx, {
        action: 'invoice.draft_created',
        entityType: 'invoice',
        entityId: created.id,
        data: { clientId: input.clientId, orderId: input.orderId ?? null, items: input.items.length },
      });
      return this.one(tx, created.id);
    });
  }

  /** A draft for an order: one line (its quantity × unit price when priced per unit, else its amount) at 10 %. */
  async fromOrder(orderId: string) {
    const order = await this.orders.get(orderId);
    if (order.status === 'draft' || order.status === 'cancelled')
      throw new Problem(
        'conflict',
        `受注が ${order.status} のため請求書を作れません（受託後に作成できます） / An order that is ${order.status} cannot be invoiced (accept it first)`,
      );
    const perUnit =
      order.quantity !== null &&
      order.unitPrice !== null &&
      Number.isInteger(Number(order.quantity)) &&
      Number(order.quantity) * Number(order.unitPrice) === order.amount;
    return this.create({
      clientId: order.clientId,
      orderId: order.id,
      issueDate: tokyoToday(),
      items: [
        {
          description: order.title,
          quantity: perUnit ? Number(order.quantity) : 1,
          unitPrice: perUnit ? Number(order.unitPrice) : order.amount,
          taxRate: 10,
        },
      ],
    });
  }

  async update(id: string, changes: UpdateInvoice) {
    // The order (if the change touches it) is read before our transaction, as in create().
    const current = await this.get(id);
    const linked = changes.orderId === undefined ? current.orderId : changes.orderId;
    const order = linked && (changes.orderId || changes.clientId) ? await this.findOrder(linked) : null;
    return this.db.inTenant(async (tx) => {
      const row = await this.lock(tx, id);
      if (row.status !== 'draft') throw notDraft(row.status);
      const clientId = changes.clientId ?? row.client_id;
      if (changes.clientId) await this.checkClient(tx, changes.clientId);
      const orderId = changes.orderId === undefined ? row.order_id : changes.orderId;
      if (order) checkOrderClient(order, clientId);
      const issueDate = changes.issueDate ?? row.issue_text;
      const dueDate = changes.dueDate === undefined ? row.due_text : changes.dueDate;
      if (dueDate && dueDate < issueDate)
        throw unprocessable(
          '/body/dueDate',
          'due_before_issue',
          '支払期限は請求日以降にしてください',
          'The due date cannot be before the issue date',
        );
      await tx
        .updateTable('invoices')
        .set({
          client_id: clientId,
          order_id: orderId,
          issue_date: issueDate,
          due_date: dueDate,
          ...(changes.note !== undefined ? { note: changes.note } : {}),
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
      if (changes.items) {
        await tx.deleteFrom('invoice_items').where('invoice_id', '=', id).execute();
        await this.writeItems(tx, id, changes.items);
      }
      await this.audit.record(tx, {
        action: 'invoice.draft_updated',
        entityType: 'invoice',
        entityId: id,
        data: { fields: Object.keys(changes) },
      });
      return this.one(tx, id);
    });
  }

  remove(id: string) {
    return this.db.inTenant(async (tx) => {
      const row = await this.lock(tx, id);
      if (row.status !== 'draft') throw notDraft(row.status);
      await tx.deleteFrom('invoices').where('id', '=', id).execute();
      await this.audit.record(tx, {
        action: 'invoice.draft_deleted',
        entityType: 'invoice',
        entityId: id,
        data: {},
      });
    });
  }

  // --- issuing, payments, voiding ---

  issue(id: string) {
    return this.db.inTenant(async (tx) => {
      const row = await this.lock(tx, id);
      if (row.status !== 'draft')
        throw new Problem(
          'conflict',
          `この請求書は既に発行されています（${row.number}） / This invoice is already issued (${row.number})`,
        );
      const settings = await this.settingsIn(tx);
      if (!settings)
        throw new Problem(
          'conflict',
          '請求書の発行者設定（発行者名・登録番号など）がありません。先に設定してください / Invoice settings (issuer name, registration number, …) are missing: set them first',
        );
      const items = await this.items(tx, [id]);
      const totals = this.totals(items, settings.rounding);
      if (totals.total <= 0)
        throw new Problem(
          'unprocessable',
          '合計0円の請求書は発行できません / An invoice totalling 0 yen cannot be issued',
        );
      const client = await this.clients.find(tx, row.client_id);
      const issueDate = row.issue_text;
      const fiscalYear = fiscalYearOf(issueDate);
      // The sequence row stays locked until this transaction ends: no gaps, no duplicates.
      const next = await sql<{ last_number: number }>`
        INSERT INTO invoice_number_sequences (tenant_id, fiscal_year, last_number)
        VALUES (kado_current_tenant(), ${fiscalYear}, 1)
        ON CONFLICT (tenant_id, fiscal_year)
        DO UPDATE SET last_number = invoice_number_sequences.last_number + 1
        RETURNING last_number`.execute(tx);
      const seq = Number(next.rows[0]!.last_number);
      const number = `${fiscalYear}-${String(seq).padStart(4, '0')}`;
      const lines = [
        { account: 'receivables_clients', amount: totals.total },
        { account: 'revenue', amount: -totals.subtotal },
        ...(totals.tax > 0 ? [{ account: 'tax_payable', amount: -totals.tax }] : []),
      ];
      const entryId = await this.ledger.post(tx, {
        date: issueDate,
        memo: `請求書 ${number} ${client.name}`,
        lines,
        source: { kind: 'invoice', id },
      });
      await this.budget.recordActual(tx, {
        date: issueDate,
        account: 'revenue',
        amount: totals.subtotal,
        source: { kind: 'invoice', id },
        memo: `請求書 ${number} ${client.name}`,
      });
      const rate = (r: TaxRate) => totals.byRate.find((t) => t.rate === r);
      await tx
        .updateTable('invoices')
        .set({
          status: 'issued',
          fiscal_year: fiscalYear,
          seq,
          number,
          due_date: row.due_text ?? addDays(issueDate, settings.paymentTermsDays),
          rounding: settings.rounding,
          issuer_name: settings.issuerName,
          issuer_registration_number: settings.registrationNumber,
          issuer_address: settings.address,
          issuer_phone: settings.phone,
          issuer_bank_info: settings.bankInfo,
          recipient_name: client.name,
          recipient_address: client.billing_address,
          recipient_registration_number: client.invoice_registration_number,
          net_10: rate(10)?.subtotal ?? 0,
          tax_10: rate(10)?.tax ?? 0,
          net_8: rate(8)?.subtotal ?? 0,
          tax_8: rate(8)?.tax ?? 0,
          subtotal: totals.subtotal,
          tax: totals.tax,
          total: totals.total,
          ledger_entry_id: entryId,
          issued_at: sql<Date>`now()`,
          issued_by: currentActor().userId,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'invoice.issued',
        entityType: 'invoice',
        entityId: id,
        data: { number, total: totals.total, tax: totals.tax, ledgerEntryId: entryId },
      });
      return this.one(tx, id);
    });
  }

  addPayment(id: string, payment: { date: string; amount: number }) {
    return this.db.inTenant(async (tx) => {
      const row = await this.lock(tx, id);
      if (row.status === 'draft' || row.status === 'void')
        throw new Problem(
          'conflict',
          `${row.status === 'draft' ? '下書き' : '取消済み'}の請求書には入金を記録できません / A payment cannot be recorded on a ${row.status} invoice`,
        );
      const outstanding = yen(row.total) - yen(row.paid);
      if (payment.amount > outstanding)
        throw unprocessable(
          '/body/amount',
          'over_payment',
          `入金額 ${payment.amount.toLocaleString('ja-JP')}円 が未収額 ${outstanding.toLocaleString('ja-JP')}円 を超えています`,
          `The payment of ${payment.amount} yen exceeds the ${outstanding} yen outstanding`,
        );
      const entryId = await this.ledger.post(tx, {
        date: payment.date,
        memo: `入金 請求書 ${row.number}`,
        lines: [
          { account: 'cash', amount: payment.amount },
          { account: 'receivables_clients', amount: -payment.amount },
        ],
        source: { kind: 'invoice.payment', id },
      });
      const created = await tx
        .insertInto('invoice_payments')
        .values({
          tenant_id: sql<string>`kado_current_tenant()`,
          invoice_id: id,
          paid_on: payment.date,
          amount: payment.amount,
          ledger_entry_id: entryId,
          created_by: currentActor().userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const paid = yen(row.paid) + payment.amount;
      await tx
        .updateTable('invoices')
        .set({ paid, status: paid === yen(row.total) ? 'paid' : 'issued', updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'invoice.payment_recorded',
        entityType: 'invoice',
        entityId: id,
        data: { paymentId: created.id, date: payment.date, amount: payment.amount, ledgerEntryId: entryId },
      });
      return this.one(tx, id);
    });
  }

  void(id: string, reason: string) {
    return this.db.inTenant(async (tx) => {
      const row = await this.lock(tx, id);
      if (row.status !== 'issued' || yen(row.paid) > 0)
        throw new Problem(
          'conflict',
          `発行済みで入金のない請求書だけを取り消せます（現在: ${row.status}、入金 ${yen(row.paid)}円） / Only an issued invoice with no payment can be voided (it is ${row.status}, ${yen(row.paid)} yen paid)`,
        );
      // Never dated before the entry it reverses (an invoice may be dated ahead).
      const today = tokyoToday();
      const on = [today, row.issue_text].sort()[1]!;
      const reversal = await this.ledger.postReversal(
        tx,
        row.ledger_entry_id!,
        `請求書 ${row.number} 取消: ${reason}`,
        on,
      );
      await this.budget.reverseSource(tx, { kind: 'invoice', id }, `請求書 ${row.number} 取消: ${reason}`);
      await tx
        .updateTable('invoices')
        .set({
          status: 'void',
          void_entry_id: reversal,
          voided_at: sql<Date>`now()`,
          void_reason: reason,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'invoice.voided',
        entityType: 'invoice',
        entityId: id,
        data: { number: row.number, reason, reversalEntryId: reversal },
      });
      return this.one(tx, id);
    });
  }

  // --- reading ---

  get(id: string): Promise<Invoice> {
    return this.db.inTenant(async (tx) => {
      await this.checkVisible(tx, id);
      return this.one(tx, id);
    });
  }

  /** The invoice with the issuer and recipient as printed (for the PDF). */
  document(id: string): Promise<InvoiceDocument> {
    return this.db.inTenant(async (tx) => {
      await this.checkVisible(tx, id);
      return (await this.load(tx, [id], true))[0] ?? this.missing();
    });
  }

  /** Staff see every invoice; a client's person only their company's issued, paid or void ones. */
  list(filter: { status?: InvoiceStatus; fy?: number; clientId?: string }): Promise<InvoiceSummary[]> {
    return this.db.inTenant(async (tx) => {
      let q = tx.selectFrom('invoices').select('id');
      const own = await this.visibleClient(tx);
      if (own !== undefined) {
        if (own === null) return [];
        q = q.where('client_id', '=', own).where('status', '!=', 'draft');
      }
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.clientId) q = q.where('client_id', '=', filter.clientId);
      if (filter.fy !== undefined) {
        const { from, to } = fiscalYearRange(filter.fy);
        q = q.where('issue_date', '>=', from).where('issue_date', '<=', to);
      }
      const ids = await q
        .orderBy('issue_date', 'desc')
        .orderBy(sql`seq DESC NULLS FIRST`)
        .orderBy('created_at', 'desc')
        .limit(1000)
        .execute();
      return (
        await this.load(
          tx,
          ids.map((r) => r.id),
        )
      ).map(summary);
    });
  }

  receivables() {
    return this.db.inTenant(async (tx) => {
      const ids = await tx
        .selectFrom('invoices')
        .select('id')
        .where('status', '=', 'issued')
        .orderBy('due_date')
        .orderBy('seq')
        .execute();
      const invoices = (
        await this.load(
          tx,
          ids.map((r) => r.id),
        )
      ).map(summary);
      return {
        total: invoices.reduce((t, i) => t + i.outstanding, 0),
        overdue: invoices.filter((i) => i.overdue).reduce((t, i) => t + i.outstanding, 0),
        invoices,
      };
    });
  }

  /** Every numbered invoice (issued, paid, void) of a fiscal year, in number order, with its parties. */
  forExport(fy: number): Promise<InvoiceDocument[]> {
    return this.db.inTenant(async (tx) => {
      const ids = await tx
        .selectFrom('invoices')
        .select('id')
        .where('fiscal_year', '=', fy)
        .where('status', '!=', 'draft')
        .orderBy('seq')
        .execute();
      return this.load(
        tx,
        ids.map((r) => r.id),
        true,
      );
    });
  }

  // --- internals ---

  /**
   * undefined: the caller sees every invoice (staff); for a person of the client role, the one client
   * company whose invoices they see, or null (linked to none).
   */
  private async visibleClient(tx: Tx): Promise<string | null | undefined> {
    const { role, actor } = currentScope();
    if (role !== 'client') return undefined;
    return this.clients.clientOfUser(tx, actor.userId);
  }

  /** 404 (as for a missing invoice) when a client's person asks for a draft or another company's invoice. */
  private async checkVisible(tx: Tx, id: string) {
    const own = await this.visibleClient(tx);
    if (own === undefined) return;
    if (own === null) this.missing();
    const found = await tx
      .selectFrom('invoices')
      .select('id')
      .where('id', '=', id)
      .where('client_id', '=', own)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
    if (!found) this.missing();
  }

  private missing(): never {
    throw notFound('請求書', 'Invoice');
  }

  private async one(tx: Tx, id: string): Promise<Invoice> {
    const [found] = await this.load(tx, [id], false);
    if (!found) this.missing();
    return found;
  }

  private base(tx: Tx) {
    return tx
      .selectFrom('invoices as i')
      .innerJoin('clients as c', (j) =>
        j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.client_id'),
      )
      .selectAll('i')
      .select([
        sql<string>`i.issue_date::text`.as('issue_text'),
        sql<string | null>`i.due_date::text`.as('due_text'),
        'c.name as client_name',
        'c.billing_address as client_address',
        'c.invoice_registration_number as client_registration_number',
      ]);
  }

  /** The invoice row, locked for this transaction (issue, pay, void and edit one at a time). */
  private async lock(tx: Tx, id: string) {
    const row = await this.base(tx).where('i.id', '=', id).forUpdate('i').executeTakeFirst();
    if (!row) this.missing();
    return row;
  }

  private async checkClient(tx: Tx, clientId: string) {
    await this.clients.find(tx, clientId).catch(() => {
      throw unprocessable(
        '/body/clientId',
        'unknown_client',
        '発注者が見つかりません',
        'No such client in this centre',
      );
    });
  }

  /** Read through the orders module (its own transaction, in this request's tenant scope). */
  private async findOrder(orderId: string) {
    const order = await this.orders.get(orderId).catch(() => null);
    if (!order)
      throw unprocessable(
        '/body/orderId',
        'unknown_order',
        '受注が見つかりません',
        'No such order in this centre',
      );
    return order;
  }

  private async writeItems(tx: Tx, invoiceId: string, items: CreateInvoice['items']) {
    // Checked here too (integers, rates) so a bad line is a 400 naming it, not a database error.
    this.totals(
      items.map((i, n) => ({ lineNo: n + 1, ...i, amount: i.quantity * i.unitPrice })),
      'down',
    );
    await tx
      .insertInto('invoice_items')
      .values(
        items.map((i, n) => ({
          tenant_id: sql<string>`kado_current_tenant()`,
          invoice_id: invoiceId,
          line_no: n + 1,
          description: i.description,
          quantity: i.quantity,
          unit_price: i.unitPrice,
          tax_rate: i.taxRate,
          amount: i.quantity * i.unitPrice,
        })),
      )
      .execute();
  }

  private totals(items: Invoice['items'], rounding: TaxRounding) {
    try {
      return invoiceTotals(
        items.map(
          (i): InvoiceItem => ({
            description: i.description,
            quantity: i.quantity,
            unitPrice: i.unitPrice,
            rate: i.taxRate,
          }),
        ),
        rounding,
      );
    } catch (e) {
      if (e instanceof InvoiceTaxError)
        throw new Problem('validation-failed', e.message, {
          errors: [{ pointer: '/body/items', code: 'invalid_item', detail: e.message }],
        });
      throw e;
    }
  }

  private async items(tx: Tx, ids: string[]): Promise<(Invoice['items'][number] & { invoiceId: string })[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .selectFrom('invoice_items')
      .selectAll()
      .where('invoice_id', 'in', ids)
      .orderBy('invoice_id')
      .orderBy('line_no')
      .execute();
    return rows.map((r) => ({
      invoiceId: r.invoice_id,
      lineNo: r.line_no,
      description: r.description,
      quantity: r.quantity,
      unitPrice: Number(r.unit_price),
      taxRate: r.tax_rate as TaxRate,
      amount: Number(r.amount),
    }));
  }

  private async load(tx: Tx, ids: string[], withParties: true): Promise<InvoiceDocument[]>;
  private async load(tx: Tx, ids: string[], withParties?: false): Promise<Invoice[]>;
  private async load(tx: Tx, ids: string[], withParties = false): Promise<(Invoice | InvoiceDocument)[]> {
    if (ids.length === 0) return [];
    const [rows, items, payments, settings] = await Promise.all([
      this.base(tx).where('i.id', 'in', ids).execute(),
      this.items(tx, ids),
      tx
        .selectFrom('invoice_payments')
        .select(['id', 'invoice_id', 'amount', sql<string>`paid_on::text`.as('paid_on')])
        .where('invoice_id', 'in', ids)
        .orderBy('paid_on')
        .orderBy('created_at')
        .execute(),
      this.settingsIn(tx),
    ]);
    const today = tokyoToday();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const lines = items.filter((i) => i.invoiceId === id).map(({ invoiceId: _, ...i }) => i);
      const draft = r.status === 'draft';
      // A draft shows what it would be issued as today; an issued invoice shows what was stored at issue.
      const rounding = (r.rounding ?? settings?.rounding ?? 'down') as TaxRounding;
      const live = draft ? this.totals(lines, rounding) : null;
      const rates = ([10, 8] as const).filter((rate) => lines.some((l) => l.taxRate === rate));
      const totalsByRate = live
        ? live.byRate.map((t) => ({ rate: t.rate, net: t.subtotal, tax: t.tax, gross: t.total }))
        : rates.map((rate) => {
            const net = yen(rate === 10 ? r.net_10 : r.net_8);
            const tax = yen(rate === 10 ? r.tax_10 : r.tax_8);
            return { rate, net, tax, gross: net + tax };
          });
      const subtotal = live ? live.subtotal : yen(r.subtotal);
      const tax = live ? live.tax : yen(r.tax);
      const total = live ? live.total : yen(r.total);
      const paid = yen(r.paid);
      const outstanding = r.status === 'issued' ? total - paid : 0;
      const issuer = draft
        ? settings
          ? {
              name: settings.issuerName,
              registrationNumber: settings.registrationNumber,
              address: settings.address,
              phone: settings.phone,
              bankInfo: settings.bankInfo,
            }
          : null
        : {
            name: r.issuer_name!,
            registrationNumber: r.issuer_registration_number!,
            address: r.issuer_address!,
            phone: r.issuer_phone ?? '',
            bankInfo: r.issuer_bank_info ?? '',
          };
      const clientName = draft ? r.client_name : r.recipient_name!;
      const invoice: Invoice = {
        id: r.id,
        number: r.number,
        status: r.status,
        client: { id: r.client_id, name: clientName },
        orderId: r.order_id,
        issueDate: r.issue_text,
        dueDate: r.due_text,
        items: lines,
        rounding,
        totalsByRate,
        subtotal,
        tax,
        total,
        paid,
        outstanding,
        overdue: r.status === 'issued' && r.due_text !== null && r.due_text < today,
        issuer: issuer && {
          name: issuer.name,
          registrationNumber: issuer.registrationNumber,
          address: issuer.address,
        },
        payments: payments
          .filter((p) => p.invoice_id === id)
          .map((p) => ({ id: p.id, date: p.paid_on, amount: Number(p.amount) })),
        note: r.note,
        issuedAt: r.issued_at ? new Date(r.issued_at).toISOString() : null,
        voidedAt: r.voided_at ? new Date(r.voided_at).toISOString() : null,
        voidReason: r.void_reason,
      };
      if (!withParties) return [invoice];
      return [
        {
          ...invoice,
          issuer,
          recipient: draft
            ? {
                name: r.client_name,
                address: r.client_address,
                registrationNumber: r.client_registration_number,
              }
            : {
                name: r.recipient_name!,
                address: r.recipient_address ?? '',
                registrationNumber: r.recipient_registration_number,
              },
        } as InvoiceDocument,
      ];
    });
  }
}

export const summary = (i: Invoice): InvoiceSummary => ({
  id: i.id,
  number: i.number,
  status: i.status,
  client: i.client,
  orderId: i.orderId,
  issueDate: i.issueDate,
  dueDate: i.dueDate,
  subtotal: i.subtotal,
  tax: i.tax,
  total: i.total,
  paid: i.paid,
  outstanding: i.outstanding,
  overdue: i.overdue,
});
