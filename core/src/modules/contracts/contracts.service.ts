import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope, currentTenant } from '../../db/request-context.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { tokyoDate } from '../../kernel/tokyo.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateContract, CreateTerms } from './contract.schemas.js';
import type { ContractStatement, ContractStatus } from './contracts.tables.js';
import { maxPaymentDays, paymentRuleJa, paymentTermsProblem } from './payment-terms.js';

/** A contract row with its dates as 'YYYY-MM-DD' text (a `date` read as a JS Date would shift by the zone). */
export interface ContractRow {
  id: string;
  user_id: string;
  hourly_rate: number;
  unit_share_percent: number;
  per_unit_note: string | null;
  starts_on: string;
  ends_on: string | null;
  terms_version: number;
  closing_day: number;
  pay_month_offset: number;
  pay_day: number;
  statement: ContractStatement;
  status: ContractStatus;
  offered_at: Date | null;
  accepted_at: Date | null;
}

export const NO_CURRENT_CONTRACT =
  '有効な業務委託契約がありません。契約内容を確認して同意してください / You have no current agreement: review and accept your contract first';

const covers = (c: Pick<ContractRow, 'starts_on' | 'ends_on'>, day: string) =>
  c.starts_on <= day && (c.ends_on === null || day <= c.ends_on);

const toView = (c: ContractRow, today: string, termsText?: string) => ({
  id: c.id,
  userId: c.user_id,
  hourlyRate: c.hourly_rate,
  unitSharePercent: c.unit_share_percent,
  perUnitNote: c.per_unit_note,
  startsOn: c.starts_on,
  endsOn: c.ends_on,
  termsVersion: c.terms_version,
  paymentTerms: { closingDay: c.closing_day, payMonthOffset: c.pay_month_offset, payDay: c.pay_day },
  statement: c.statement,
  status: c.status,
  offeredAt: c.offered_at,
  acceptedAt: c.accepted_at,
  ...(termsText !== undefined && { termsText }),
  current: c.status === 'accepted' && covers(c, today),
});

/**
 * Quasi-delegation (準委任) agreements between a centre and its workers: versioned terms, offers with the
 * Freelance Act statement, the worker's acceptance, and the rule that no work is taken without one.
 */
@injectable()
export class ContractsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Throws a 403 problem unless the worker has accepted an agreement in force on `at`'s Tokyo date. */
  async requireCurrent(tx: Tx, workerId: string, at: Date): Promise<void> {
    // The Freelance Act governs work ordered from the centre's self-employed workers. Staff (directors,
    // admins) who take a task — to test a project or cover a gap — do so as the centre's own people, not
    // under a worker agreement, so only callers whose role in this centre is 'worker' are held to it.
    if (currentScope().role !== 'worker') return;
    if (!(await this.currentFor(tx, workerId, at))) throw new Problem('forbidden', NO_CURRENT_CONTRACT);
  }

  /** The accepted agreement covering `at`'s Tokyo date, if any. */
  async currentFor(tx: Tx, userId: string, at: Date): Promise<ContractRow | undefined> {
    const day = tokyoDate(at);
    return (await this.acceptedOf(tx, userId)).find((c) => covers(c, day));
  }

  /** The worker's accepted agreements (for rates by day in earnings statements). */
  async acceptedOf(tx: Tx, userId: string): Promise<ContractRow[]> {
    return (await this.rows(tx).where('user_id', '=', userId).where('status', '=', 'accepted').execute()).map(
      fix,
    );
  }

  // --- terms ---

  listTerms() {
    return this.db.inTenant(async (tx) =>
      (
        await tx
          .selectFrom('contract_terms')
          .select([
            'id',
            'version',
            'text_ja',
            'created_at',
            sql<string>`effective_from::text`.as('effective_from'),
          ])
          .orderBy('version', 'desc')
          .execute()
      ).map((t) => ({
        id: t.id,
        version: t.version,
        textJa: t.text_ja,
        effectiveFrom: t.effective_from,
        createdAt: t.created_at,
      })),
    );
  }

  createTerms(input: CreateTerms) {
    return this.db.inTenant(async (tx) => {
      // One new version at a time per tenant: the lock makes max()+1 safe under concurrent saves.
      await sql`SELECT pg_advisory_xact_lock(hashtext('contract_terms:' || ${currentTenant().id}))`.execute(
        tx,
      );
      const last = await tx
        .selectFrom('contract_terms')
        .select(({ fn }) => fn.max('version').as('v'))
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const created = await tx
        .insertInto('contract_terms')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          version,
          text_ja: input.textJa,
          effective_from: input.effectiveFrom,
          created_by: currentScope().actor.userId,
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'contract_terms.created',
        entityType: 'contract_terms',
        entityId: created.id,
        data: { version, effectiveFrom: input.effectiveFrom },
      });
      return {
        id: created.id,
        version,
        textJa: input.textJa,
        effectiveFrom: input.effectiveFrom,
        createdAt: new Date(),
      };
    });
  }

  // --- contracts (staff) ---

  list(userId?: string) {
    return this.db.inTenant(async (tx) => {
      let q = this.rows(tx);
      if (userId) q = q.where('user_id', '=', userId);
      const today = tokyoDate(new Date());
      return (await q.orderBy('starts_on', 'desc').execute()).map((c) => toView(fix(c), today));
    });
  }

  get(id: string) {
    return this.db.inTenant(async (tx) => this.view(tx, await this.find(tx, id)));
  }

  create(input: CreateContract) {
    return this.db.inTenant(async (tx) => {
      const problem = paymentTermsProblem(input.paymentTerms);
      if (problem)
        throw new Problem('unprocessable', problem, {
          errors: [{ pointer: '/body/paymentTerms', code: 'payment_after_60_days', detail: problem }],
        });
      const member = await tx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['memberships.role', 'users.display_name'])
        .where('memberships.user_id', '=', input.userId)
        .executeTakeFirst();
      if (member?.role !== 'worker')
        throw new Problem(
          'unprocessable',
          'このセンターのワーカーではありません / Not a worker of this centre',
          {
            errors: [
              { pointer: '/body/userId', code: 'not_a_worker', detail: 'Not a worker of this centre' },
            ],
          },
        );
      // Lock the worker's agreements so two offers for the same period cannot both pass the check.
      await sql`SELECT pg_advisory_xact_lock(hashtext('worker_contracts:' || ${input.userId}))`.execute(tx);
      const others = (
        await this.rows(tx)
          .where('user_id', '=', input.userId)
          .where('status', 'in', ['offered', 'accepted'])
          .execute()
      ).map(fix);
      const overlapping = others.find(
        (c) =>
          (input.endsOn === null || c.starts_on <= input.endsOn) &&
          (c.ends_on === null || input.startsOn <= c.ends_on),
      );
      if (overlapping)
        throw new Problem(
          'conflict',
          `この期間には既に契約があります（${overlapping.starts_on}〜${overlapping.ends_on ?? ''}）。先に終了してください / This worker already has an agreement for this period; end it first`,
        );
      const terms = await tx
        .selectFrom('contract_terms')
        .select('version')
        .where('effective_from', '<=', input.startsOn)
        .orderBy('version', 'desc')
        .executeTakeFirst();
      if (!terms)
        throw new Problem(
          'unprocessable',
          '開始日に有効な契約約款がありません。先に約款を登録してください / No contract terms are in force on the start date: add the terms first',
          { errors: [{ pointer: '/body/startsOn', code: 'no_terms', detail: 'No terms in force' }] },
        );
      const tenant = currentTenant();
      const now = new Date();
      const statement: ContractStatement = {
        work: input.work,
        pay: {
          hourlyRate: input.hourlyRate,
          unitSharePercent: input.unitSharePercent,
          perUnitNote: input.perUnitNote,
        },
        payment: {
          rule: paymentRuleJa(input.paymentTerms),
          maxDaysAfterReceipt: maxPaymentDays(input.paymentTerms),
        },
        parties: { orderer: tenant.name_ja, worker: member.display_name },
        place: input.place,
        period: { startsOn: input.startsOn, endsOn: input.endsOn },
        agreedOn: '',
        termsVersion: terms.version,
      };
      const created = await tx
        .insertInto('worker_contracts')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          user_id: input.userId,
          hourly_rate: input.hourlyRate,
          unit_share_percent: input.unitSharePercent,
          per_unit_note: input.perUnitNote,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          terms_version: terms.version,
          closing_day: input.paymentTerms.closingDay,
          pay_month_offset: input.paymentTerms.payMonthOffset,
          pay_day: input.paymentTerms.payDay,
          statement: JSON.stringify(statement),
          status: input.offer ? 'offered' : 'draft',
          offered_at: input.offer ? now : null,
          created_by: currentScope().actor.userId,
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: input.offer ? 'contract.offered' : 'contract.drafted',
        entityType: 'worker_contract',
        entityId: created.id,
        data: {
          userId: input.userId,
          hourlyRate: input.hourlyRate,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
        },
      });
      return this.view(tx, await this.find(tx, created.id));
    });
  }

  offer(id: string) {
    return this.db.inTenant(async (tx) => {
      const c = await this.find(tx, id, true);
      if (c.status !== 'draft')
        throw new Problem('conflict', '下書きの契約だけ提示できます / Only a draft can be offered');
      await tx
        .updateTable('worker_contracts')
        .set({ status: 'offered', offered_at: new Date(), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'contract.offered',
        entityType: 'worker_contract',
        entityId: id,
        data: {},
      });
      return this.view(tx, await this.find(tx, id));
    });
  }

  end(id: string, endsOn: string) {
    return this.db.inTenant(async (tx) => {
      const c = await this.find(tx, id, true);
      if (c.status === 'ended') throw new Problem('conflict', '既に終了しています / Already ended');
      if (endsOn < c.starts_on)
        throw new Problem(
          'unprocessable',
          '終了日は開始日以降にしてください / The end date must not be before the start date',
        );
      await tx
        .updateTable('worker_contracts')
        .set({
          ends_on: endsOn,
          // An offer never accepted is withdrawn; an accepted agreement keeps its status and ends on the date.
          status: c.status === 'accepted' ? 'accepted' : 'ended',
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'contract.ended',
        entityType: 'worker_contract',
        entityId: id,
        data: { endsOn },
      });
      return this.view(tx, await this.find(tx, id));
    });
  }

  // --- the worker's own ---

  mine() {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      const rows = (
        await this.rows(tx)
          .where('user_id', '=', userId)
          .where('status', '!=', 'draft')
          .orderBy('starts_on', 'desc')
          .execute()
      ).map(fix);
      return Promise.all(rows.map((c) => this.view(tx, c)));
    });
  }

  accept(id: string, termsVersion: number, ip: string | null) {
    const userId = currentScope().actor.userId!;
    return this.db.inTenant(async (tx) => {
      const c = await this.find(tx, id, true);
      // Another worker's agreement answers as if it did not exist.
      if (c.user_id !== userId || c.status === 'draft') throw notFound('契約', 'Contract');
      if (c.status !== 'offered')
        throw new Problem(
          'conflict',
          'この契約は同意できる状態ではありません / This agreement cannot be accepted now',
        );
      if (termsVersion !== c.terms_version)
        throw new Problem(
          'conflict',
          '表示された約款の版が契約と違います。再読み込みしてください / The terms you were shown are not this agreement’s: reload',
        );
      const now = new Date();
      const statement: ContractStatement = { ...c.statement, agreedOn: tokyoDate(now) };
      await tx
        .updateTable('worker_contracts')
        .set({
          status: 'accepted',
          accepted_at: now,
          accepted_from_ip: ip,
          statement: JSON.stringify(statement),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'contract.accepted',
        entityType: 'worker_contract',
        entityId: id,
        data: { statement, termsVersion },
      });
      return this.view(tx, await this.find(tx, id));
    });
  }

  private rows(tx: Tx) {
    return tx
      .selectFrom('worker_contracts')
      .select([
        'id',
        'user_id',
        'hourly_rate',
        'unit_share_percent',
        'per_unit_note',
        'terms_version',
        'closing_day',
        'pay_month_offset',
        'pay_day',
        'statement',
        'status',
        'offered_at',
        'accepted_at',
        sql<string>`starts_on::text`.as('starts_on'),
        sql<string | null>`ends_on::text`.as('ends_on'),
      ]);
  }

  private async find(tx: Tx, id: string, forUpdate = false): Promise<ContractRow> {
    let q = this.rows(tx).where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('契約', 'Contract');
    return fix(row);
  }

  private async view(tx: Tx, c: ContractRow) {
    const terms = await tx
      .selectFrom('contract_terms')
      .select('text_ja')
      .where('version', '=', c.terms_version)
      .executeTakeFirst();
    return toView(c, tokyoDate(new Date()), terms?.text_ja ?? '');
  }
}

const fix = (r: Omit<ContractRow, 'statement'> & { statement: unknown }): ContractRow => ({
  ...r,
  statement: (typeof r.statement === 'string' ? JSON.parse(r.statement) : r.statement) as ContractStatement,
});
