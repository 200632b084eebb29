import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentActor } from '../../db/request-context.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { tokyoDate } from '../../kernel/tokyo.js';
import { AuditService } from '../audit/audit.service.js';
import { entryProblems, type LineInput, reversalLines, STANDARD_ACCOUNTS } from './ledger.rules.js';
import type { EntriesFilter } from './ledger.schemas.js';
import type { AccountKind } from './ledger.tables.js';

export interface Account {
  code: string;
  nameJa: string;
  nameEn: string;
  kind: AccountKind;
}

export interface NewEntry {
  /** 'YYYY-MM-DD' (the accounting date, Tokyo). */
  date: string;
  memo: string;
  lines: LineInput[];
  source?: { kind: string; id: string } | undefined;
}

export interface EntryLine {
  lineNo: number;
  account: string;
  amount: number;
}

export interface Entry {
  id: string;
  date: string;
  memo: string;
  source: { kind: string; id: string } | null;
  reversesId: string | null;
  reversedById: string | null;
  createdBy: string | null;
  createdAt: Date;
  lines: EntryLine[];
}

const ORDER = new Map(STANDARD_ACCOUNTS.map((a, i) => [a.code, i]));
const byStandardOrder = (a: Account, b: Account) =>
  (ORDER.get(a.code) ?? 999) - (ORDER.get(b.code) ?? 999) || a.code.localeCompare(b.code);

/**
 * The double-entry book of a tenant, in integer yen (positive = debit, negative = credit). Every entry
 * balances — checked here for a clear 400, and by the database at commit whatever the caller. Entries are
 * never edited: a correction is a reversing entry.
 */
@injectable()
export class LedgerService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  // --- inside a caller's transaction (other modules: payouts, invoices, budget) ---

  /** The tenant's accounts, seeding the standard set on first use. */
  async accounts(tx: Tx): Promise<Account[]> {
    const read = async () =>
      (await tx.selectFrom('ledger_accounts').select(['code', 'name_ja', 'name_en', 'kind']).execute()).map(
        (a) => ({ code: a.code, nameJa: a.name_ja, nameEn: a.name_en, kind: a.kind }),
      );
    let rows = await read();
    const have = new Set(rows.map((a) => a.code));
    const missing = STANDARD_ACCOUNTS.filter((a) => !have.has(a.code));
    if (missing.length > 0) {
      await tx
        .insertInto('ledger_accounts')
        .values(
          missing.map((a) => ({
            tenant_id: sql<string>`kado_current_tenant()`,
            code: a.code,
            name_ja: a.nameJa,
            name_en: a.nameEn,
            kind: a.kind,
          })),
        )
        // Two first requests at once: the second one's rows are already there.
        .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
        .execute();
      rows = await read();
    }
    return rows.sort(byStandardOrder);
  }

  /**
   * Posts an entry in the caller's transaction and returns its id. Refuses, with a 400 naming each bad
   * line, lines that are not integer yen, are zero, name an unknown account or do not sum to zero.
   */
  async post(tx: Tx, entry: NewEntry, reversesId: string | null = null): Promise<string> {
    const known = new Set((await this.accounts(tx)).map((a) => a.code));
    const errors = entryProblems(entry.lines, known);
    if (errors.length > 0)
      throw new Problem('validation-failed', errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), {
        errors,
      });
    const created = await tx
      .insertInto('journal_entries')
      .values({
        tenant_id: sql<string>`kado_current_tenant()`,
        entry_date: entry.date,
        memo: entry.memo,
        source_kind: entry.source?.kind ?? null,
        source_id: entry.source?.id ?? null,
        reverses_id: reversesId,
        created_by: currentActor().userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('journal_lines')
      .values(
        entry.lines.map((l, i) => ({
          tenant_id: sql<string>`kado_current_tenant()`,
          entry_id: created.id,
          line_no: i + 1,
          account_code: l.account,
          amount: l.amount,
        })),
      )
      .execute();
    return created.id;
  }

  /** Posts the entry that reverses `entryId` (every line negated) in the caller's transaction. */
  async postReversal(tx: Tx, entryId: string, memo: string, date?: string): Promise<string> {
    // No SELECT … FOR UPDATE (the app role may not update the ledger): a lock per entry serialises reversals.
    await sql`SELECT pg_advisory_xact_lock(hashtext('journal_reverse:' || ${entryId}))`.execute(tx);
    const [original] = await this.load(tx, [entryId]);
    if (!original) throw notFound('仕訳', 'Journal entry');
    if (original.reversesId)
      throw new Problem(
        'conflict',
        '取消仕訳は取り消せません。必要なら元の仕訳を再度記帳してください / A reversing entry cannot be reversed: post the original again instead',
      );
    if (original.reversedById)
      throw new Problem('conflict', 'この仕訳は既に取り消されています / This entry is already reversed');
    const on = date ?? tokyoDate(new Date());
    if (on < original.date)
      throw new Problem(
        'unprocessable',
        `取消日は元の仕訳の日付（${original.date}）以降にしてください / The reversal cannot be dated before the entry it reverses (${original.date})`,
        { errors: [{ pointer: '/body/date', code: 'before_original', detail: 'Before the original entry' }] },
      );
    return this.post(tx, { date: on, memo, lines: reversalLines(original.lines) }, original.id);
  }

  /** Net balance per account (debit positive) over entries dated on or before `asOf`. */
  async balancesIn(tx: Tx, asOf: string) {
    const accounts = await this.accounts(tx);
    const sums = await tx
      .selectFrom('journal_lines as l')
      .innerJoin('journal_entries as e', (j) =>
        j.onRef('e.tenant_id', '=', 'l.tenant_id').onRef('e.id', '=', 'l.entry_id'),
      )
      .where('e.entry_date', '<=', asOf)
      .groupBy('l.account_code')
      .select(['l.account_code', sql<string>`sum(l.amount)::text`.as('balance')])
      .execute();
    const by = new Map(sums.map((s) => [s.account_code, Number(s.balance)]));
    const rows = accounts.map((a) => ({ ...a, balance: by.get(a.code) ?? 0 }));
    return { asOf, accounts: rows, total: rows.reduce((t, r) => t + r.balance, 0) };
  }

  // --- the routes' own transactions ---

  listAccounts() {
    return this.db.inTenant((tx) => this.accounts(tx));
  }

  postEntry(entry: NewEntry): Promise<Entry> {
    return this.db.inTenant(async (tx) => {
      const id = await this.post(tx, entry);
      await this.audit.record(tx, {
        action: 'ledger.entry_posted',
        entityType: 'journal_entry',
        entityId: id,
        data: { date: entry.date, lines: entry.lines, source: entry.source ?? null },
      });
      return (await this.load(tx, [id]))[0]!;
    });
  }

  /** Reverses an entry (the only correction there is); returns the reversing entry. */
  reverse(entryId: string, memo: string, date?: string): Promise<Entry> {
    return this.db.inTenant(async (tx) => {
      const id = await this.postReversal(tx, entryId, memo, date);
      await this.audit.record(tx, {
        action: 'ledger.entry_reversed',
        entityType: 'journal_entry',
        entityId: entryId,
        data: { reversalId: id, memo },
      });
      return (await this.load(tx, [id]))[0]!;
    });
  }

  balances(asOf = tokyoDate(new Date())) {
    return this.db.inTenant((tx) => this.balancesIn(tx, asOf));
  }

  entries(filter: EntriesFilter): Promise<Entry[]> {
    return this.db.inTenant(async (tx) => {
      let q = tx.selectFrom('journal_entries').select('id');
      if (filter.from) q = q.where('entry_date', '>=', filter.from);
      if (filter.to) q = q.where('entry_date', '<=', filter.to);
      if (filter.sourceKind) q = q.where('source_kind', '=', filter.sourceKind);
      if (filter.sourceId) q = q.where('source_id', '=', filter.sourceId);
      if (filter.account) {
        const account = filter.account;
        q = q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('journal_lines as l')
              .select('l.line_no')
              .whereRef('l.tenant_id', '=', 'journal_entries.tenant_id')
              .whereRef('l.entry_id', '=', 'journal_entries.id')
              .where('l.account_code', '=', account),
          ),
        );
      }
      const ids = await q
        .orderBy('entry_date', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit)
        .execute();
      return this.load(
        tx,
        ids.map((r) => r.id),
      );
    });
  }

  /** The entries with these ids (in that order), with their lines and reversals. */
  private async load(tx: Tx, ids: string[]): Promise<Entry[]> {
    if (ids.length === 0) return [];
    const [entries, lines, reversals] = await Promise.all([
      tx
        .selectFrom('journal_entries')
        .select([
          'id',
          'memo',
          'source_kind',
          'source_id',
          'reverses_id',
          'created_by',
          'created_at',
          sql<string>`entry_date::text`.as('entry_date'),
        ])
        .where('id', 'in', ids)
        .execute(),
      tx
        .selectFrom('journal_lines')
        .select(['entry_id', 'line_no', 'account_code', 'amount'])
        .where('entry_id', 'in', ids)
        .orderBy('line_no')
        .execute(),
      tx
        .selectFrom('journal_entries')
        .select(['id', 'reverses_id'])
        .where('reverses_id', 'in', ids)
        .execute(),
    ]);
    const reversedBy = new Map(reversals.map((r) => [r.reverses_id, r.id]));
    const byId = new Map(entries.map((e) => [e.id, e]));
    return ids.flatMap((id) => {
      const e = byId.get(id);
      if (!e) return [];
      return [
        {
          id: e.id,
          date: e.entry_date,
          memo: e.memo,
          source: e.source_kind && e.source_id ? { kind: e.source_kind, id: e.source_id } : null,
          reversesId: e.reverses_id,
          reversedById: reversedBy.get(e.id) ?? null,
          createdBy: e.created_by,
          createdAt: e.created_at,
          lines: lines
            .filter((l) => l.entry_id === id)
            .map((l) => ({ lineNo: l.line_no, account: l.account_code, amount: Number(l.amount) })),
        },
      ];
    });
  }
}
