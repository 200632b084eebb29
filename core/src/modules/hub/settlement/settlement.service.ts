import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../../db/database.js';
import { currentActor, currentTenant } from '../../../db/request-context.js';
import { notFound, Problem } from '../../../kernel/problems.js';
import { monthRange, tokyoDate, tokyoMonth } from '../../../kernel/tokyo.js';
import { AuditService } from '../../audit/audit.service.js';
import { LedgerService } from '../../ledger/ledger.service.js';
import type { ComputeView, ListFilter, SettlementLineView, SettlementView } from './settlement.schemas.js';

/** The accounts of a confirmed statement: the hub owes the partner, the partner is owed by the hub. */
export const SETTLEMENT_ACCOUNTS = {
  hub: { debit: 'partner_costs', credit: 'payables_partners' },
  partner: { debit: 'receivables_hub', credit: 'revenue' },
} as const;

/** Whether a Tokyo month has ended at `now`. */
export const monthEnded = (month: string, now = Date.now()) => monthRange(month).to.getTime() <= now;
/** The last Tokyo calendar day of a month. */
export const lastDayOf = (month: string) => tokyoDate(monthRange(month).to.getTime() - 1);

/** One partner's figures for a month: per offer, the tasks it accepted in that month. */
type Figures = Map<string, SettlementLineView[]>;

const sameLines = (a: readonly SettlementLineView[], b: readonly SettlementLineView[]) => {
  const key = (l: SettlementLineView) => `${l.offerId}:${l.units}:${l.unitPrice}`;
  return a.map(key).sort().join('|') === b.map(key).sort().join('|');
};

const total = (lines: readonly SettlementLineView[]) => lines.reduce((t, l) => t + l.amountYen, 0);
const unitsOf = (lines: readonly SettlementLineView[]) => lines.reduce((t, l) => t + l.units, 0);

/**
 * Monthly settlement between the hub and its partner centres (issue #8, item 5). The hub computes a month:
 * for every partner with tasks accepted in that Tokyo month on the hub's offers, a draft statement of
 * accepted tasks × the offer's unit price. The counts are read in each partner's own scope and only the
 * figures leave it. Confirming a statement posts, in one transaction, the hub's entry (partner costs /
 * payables to partners) and the partner's entry (receivables from the hub / revenue) for the same amount.
 * Both sides read the same statement; a confirmed one is final (the database refuses any change to it).
 */
@injectable()
export class SettlementService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(LedgerService) private readonly ledger: LedgerService,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Hub: (re)computes the month's drafts; confirmed statements are left exactly as they are. */
  compute(month: string): Promise<ComputeView> {
    const hubId = currentTenant().id;
    this.mustNotBeFuture(month);
    return this.db.inTenant(async (tx) => {
      // Two runs for the same month at once: the second waits and then sees the first one's drafts.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`hub_settlement:${hubId}:${month}`}))`.execute(tx);
      const figures = await this.figures(tx, hubId, month);
      const existing = await tx
        .selectFrom('hub_settlements')
        .select(['tenant_id', 'id', 'status'])
        .where('hub_tenant_id', '=', hubId)
        .where('month', '=', month)
        .forUpdate()
        .execute();
      const byPartner = new Map(existing.map((s) => [s.tenant_id, s]));
      let removed = 0;
      let keptConfirmed = 0;
      for (const s of existing) {
        if (s.status === 'confirmed') keptConfirmed++;
        else if (!figures.has(s.tenant_id)) {
          await tx
            .deleteFrom('hub_settlements')
            .where('tenant_id', '=', s.tenant_id)
            .where('id', '=', s.id)
            .execute();
          removed++;
        }
      }
      const now = new Date();
      for (const [partnerId, lines] of figures) {
        const before = byPartner.get(partnerId);
        if (before?.status === 'confirmed') continue;
        let id: string;
        if (before) {
          id = before.id;
          await tx
            .updateTable('hub_settlements')
            .set({ units: unitsOf(lines), total_yen: total(lines), computed_at: now })
            .where('tenant_id', '=', partnerId)
            .where('id', '=', id)
            .execute();
          await tx
            .deleteFrom('hub_settlement_lines')
            .where('tenant_id', '=', partnerId)
            .where('settlement_id', '=', id)
            .execute();
        } else {
          id = (
            await tx
              .insertInto('hub_settlements')
              .values({
                tenant_id: partnerId,
                hub_tenant_id: hubId,
                month,
                units: unitsOf(lines),
                total_yen: total(lines),
                computed_at: now,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        }
        await tx
          .insertInto('hub_settlement_lines')
          .values(
            lines.map((l) => ({
              tenant_id: partnerId,
              hub_tenant_id: hubId,
              settlement_id: id,
              offer_id: l.offerId,
              title: l.title,
              work_type: l.workType,
              units: l.units,
              unit_price: l.unitPrice,
              amount_yen: l.amountYen,
            })),
          )
          .execute();
      }
      await this.audit.record(tx, {
        action: 'settlement.computed',
        entityType: 'hub_settlement',
        entityId: null,
        data: { month, partners: figures.size, removed, keptConfirmed },
      });
      return {
        month,
        monthEnded: monthEnded(month),
        statements: await this.views(tx, { month }),
        removed,
        keptConfirmed,
      };
    });
  }

  /**
   * Hub: confirms a statement. In one transaction: the figures are read again (a draft that no longer
   * matches them is refused), the hub's and the partner's entries are posted for the same amount, dated the
   * month's last day, and the statement records both. A statement already confirmed, or of a month that has
   * not ended, is refused with 409 and nothing changes.
   */
  confirm(id: string): Promise<SettlementView> {
    const hubId = currentTenant().id;
    return this.db.inTenant(async (tx) => {
      const row = await tx
        .selectFrom('hub_settlements')
        .selectAll()
        .where('hub_tenant_id', '=', hubId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('精算書', 'Settlement statement');
      if (row.status === 'confirmed')
        throw new Problem(
          'conflict',
          'この精算書はすでに確定済みです / This settlement statement has already been confirmed',
        );
      if (!monthEnded(row.month))
        throw new Problem(
          'conflict',
          `${row.month} はまだ終わっていないため確定できません（プレビューのみ）。月末の翌日以降に再計算して確定してください / ` +
            `${row.month} has not ended yet: its statement is a preview only. Compute it again after the month ends, then confirm it`,
        );
      const partnerId = row.tenant_id;
      const stored = await this.linesOf(tx, [{ tenantId: row.tenant_id, id }]);
      const fresh = (await this.figures(tx, hubId, row.month, partnerId)).get(partnerId) ?? [];
      if (!sameLines(stored.get(id) ?? [], fresh))
        throw new Problem(
          'conflict',
          '計算後に検収件数が変わりました。月を再計算して内容を確認してから確定してください / ' +
            'Accepted tasks changed since this statement was computed: compute the month again, review it, then confirm',
        );

      const amount = Number(row.total_yen);
      const date = lastDayOf(row.month);
      const names = await tx
        .selectFrom('tenants')
        .select(['id', 'name_ja', 'name_en'])
        .where('id', 'in', [hubId, partnerId])
        .execute();
      const name = (tenantId: string) => names.find((n) => n.id === tenantId)?.name_ja ?? '';
      const source = { kind: 'hub_settlement', id };
      let hubEntryId: string | null = null;
      let partnerEntryId: string | null = null;
      const audit = {
        action: 'settlement.confirmed',
        entityType: 'hub_settlement',
        entityId: id,
        data: { month: row.month, totalYen: amount, units: row.units },
      };
      if (amount > 0) {
        hubEntryId = await this.ledger.post(tx, {
          date,
          memo: `パートナー精算 ${row.month} ${name(partnerId)} / Partner settlement ${row.month}`,
          lines: [
            { account: SETTLEMENT_ACCOUNTS.hub.debit, amount },
            { account: SETTLEMENT_ACCOUNTS.hub.credit, amount: -amount },
          ],
          source,
        });
        await this.checkEntriesNow(tx);
      }
      // The partner's side, written in the partner's scope after the hub's right was checked above.
      await this.db.switchTenant(tx, partnerId);
      if (amount > 0) {
        partnerEntryId = await this.ledger.post(tx, {
          date,
          memo: `ハブ精算 ${row.month} ${name(hubId)} / Hub settlement ${row.month}`,
          lines: [
            { account: SETTLEMENT_ACCOUNTS.partner.debit, amount },
            { account: SETTLEMENT_ACCOUNTS.partner.credit, amount: -amount },
          ],
          source,
        });
        // The balance check of the partner's entry must run while its lines are visible (partner scope).
        await this.checkEntriesNow(tx);
      }
      await this.audit.record(tx, { ...audit, data: { ...audit.data, entryId: partnerEntryId } }, partnerId);
      await this.db.switchTenant(tx, hubId);
      await tx
        .updateTable('hub_settlements')
        .set({
          status: 'confirmed',
          hub_entry_id: hubEntryId,
          partner_entry_id: partnerEntryId,
          confirmed_at: new Date(),
          confirmed_by: currentActor().userId,
        })
        .where('tenant_id', '=', partnerId)
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, { ...audit, data: { ...audit.data, entryId: hubEntryId } }, hubId);
      return (await this.views(tx, { id }))[0]!;
    });
  }

  /** Either side: the statements it is party to (the hub's with all its partners; a partner's with its hub). */
  list(filter: ListFilter): Promise<SettlementView[]> {
    if (filter.month) this.mustNotBeFuture(filter.month, '/query/month');
    return this.db.inTenant((tx) => this.views(tx, filter));
  }

  /** Either side: one statement, 404 unless this tenant is its hub or its partner. */
  get(id: string): Promise<SettlementView> {
    return this.db.inTenant(async (tx) => {
      const [view] = await this.views(tx, { id });
      if (!view) throw notFound('精算書', 'Settlement statement');
      return view;
    });
  }

  // --- internals ---

  /**
   * Per partner, its lines for the month: the offers of this hub it accepted, with the number of the
   * partner's copies of their tasks accepted in the month. The counts are read in each partner's scope
   * (its tasks are its own); the transaction ends in the hub's scope again.
   */
  private async figures(tx: Tx, hubId: string, month: string, partnerId?: string): Promise<Figures> {
    let q = tx
      .selectFrom('hub_offers')
      .select(['tenant_id', 'id', 'title', 'work_type', 'unit_price'])
      .where('hub_tenant_id', '=', hubId)
      .where('partner_project_id', 'is not', null);
    if (partnerId) q = q.where('tenant_id', '=', partnerId);
    const offers = await q.orderBy('created_at').orderBy('id').execute();
    const byPartner = new Map<string, typeof offers>();
    for (const o of offers) byPartner.set(o.tenant_id, [...(byPartner.get(o.tenant_id) ?? []), o]);

    const { from, to } = monthRange(month);
    const out: Figures = new Map();
    try {
      for (const [partner, own] of byPartner) {
        await this.db.switchTenant(tx, partner);
        const counts = await tx
          .selectFrom('hub_offer_tasks as l')
          .innerJoin('tasks as t', (j) =>
            j.onRef('t.tenant_id', '=', 'l.tenant_id').onRef('t.id', '=', 'l.partner_task_id'),
          )
          .select(['l.offer_id', sql<string>`count(*)::text`.as('n')])
          .where('l.tenant_id', '=', partner)
          .where(
            'l.offer_id',
            'in',
            own.map((o) => o.id),
          )
          .where('t.status', '=', 'accepted')
          .where('t.accepted_at', '>=', from)
          .where('t.accepted_at', '<', to)
          .groupBy('l.offer_id')
          .execute();
        const n = new Map(counts.map((c) => [c.offer_id, Number(c.n)]));
        const lines = own
          .filter((o) => (n.get(o.id) ?? 0) > 0)
          .map((o) => {
            const units = n.get(o.id)!;
            return {
              offerId: o.id,
              title: o.title,
              workType: o.work_type,
              units,
              unitPrice: o.unit_price,
              amountYen: units * o.unit_price,
            };
          });
        if (lines.length > 0) out.set(partner, lines);
      }
    } finally {
      await this.db.switchTenant(tx, hubId);
    }
    return out;
  }

  /**
   * Runs the ledger's deferred balance checks now, in the current tenant's scope. They would otherwise run
   * at commit in whatever scope the transaction ends in, where the other side's lines are hidden by RLS.
   */
  private async checkEntriesNow(tx: Tx) {
    await sql`SET CONSTRAINTS journal_entry_balanced, journal_lines_balanced IMMEDIATE`.execute(tx);
    await sql`SET CONSTRAINTS journal_entry_balanced, journal_lines_balanced DEFERRED`.execute(tx);
  }

  /** Statements this tenant is party to, newest month first, with both centres' names and their lines. */
  private async views(
    tx: Tx,
    filter: { month?: string | undefined; id?: string },
  ): Promise<SettlementView[]> {
    const me = currentTenant().id;
    let q = tx
      .selectFrom('hub_settlements as s')
      .innerJoin('tenants as h', 'h.id', 's.hub_tenant_id')
      .innerJoin('tenants as p', 'p.id', 's.tenant_id')
      .selectAll('s')
      .select([
        'h.slug as hub_slug',
        'h.name_ja as hub_name_ja',
        'h.name_en as hub_name_en',
        'p.slug as partner_slug',
        'p.name_ja as partner_name_ja',
        'p.name_en as partner_name_en',
      ])
      .where((eb) => eb.or([eb('s.tenant_id', '=', me), eb('s.hub_tenant_id', '=', me)]));
    if (filter.month) q = q.where('s.month', '=', filter.month);
    if (filter.id) q = q.where('s.id', '=', filter.id);
    const rows = await q.orderBy('s.month', 'desc').orderBy('p.slug').orderBy('h.slug').execute();
    const lines = await this.linesOf(
      tx,
      rows.map((r) => ({ tenantId: r.tenant_id, id: r.id })),
    );
    return rows.map((r) => ({
      id: r.id,
      month: r.month,
      settlementDate: lastDayOf(r.month),
      status: r.status,
      hub: { tenantId: r.hub_tenant_id, slug: r.hub_slug, nameJa: r.hub_name_ja, nameEn: r.hub_name_en },
      partner: {
        tenantId: r.tenant_id,
        slug: r.partner_slug,
        nameJa: r.partner_name_ja,
        nameEn: r.partner_name_en,
      },
      units: r.units,
      totalYen: Number(r.total_yen),
      lines: lines.get(r.id) ?? [],
      monthEnded: monthEnded(r.month),
      hubEntryId: r.hub_entry_id,
      partnerEntryId: r.partner_entry_id,
      createdAt: r.created_at,
      computedAt: r.computed_at,
      confirmedAt: r.confirmed_at,
    }));
  }

  /** The lines of these statements (keyed by partner and id, as the lines' primary key leads). */
  private async linesOf(
    tx: Tx,
    keys: { tenantId: string; id: string }[],
  ): Promise<Map<string, SettlementLineView[]>> {
    const out = new Map<string, SettlementLineView[]>();
    if (keys.length === 0) return out;
    const rows = await tx
      .selectFrom('hub_settlement_lines')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('tenant_id', 'settlement_id'),
          'in',
          keys.map((k) => eb.tuple(k.tenantId, k.id)),
        ),
      )
      .orderBy('title')
      .orderBy('offer_id')
      .execute();
    for (const l of rows)
      out.set(l.settlement_id, [
        ...(out.get(l.settlement_id) ?? []),
        {
          offerId: l.offer_id,
          title: l.title,
          workType: l.work_type,
          units: l.units,
          unitPrice: l.unit_price,
          amountYen: Number(l.amount_yen),
        },
      ]);
    return out;
  }

  private mustNotBeFuture(month: string, pointer = '/body/month') {
    const current = tokyoMonth(new Date());
    if (month > current)
      throw new Problem(
        'unprocessable',
        `${month} はまだ始まっていません（今月は ${current}） / ${month} has not started yet (this month is ${current})`,
        { errors: [{ pointer, code: 'future_month', detail: `≤ ${current}` }] },
      );
  }
}
