import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { Config } from '../../kernel/config.js';
import { type FieldError, notFound, Problem } from '../../kernel/problems.js';
import { TOKENS } from '../../kernel/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { BankAccountCipher } from './bank-account-cipher.js';
import { bankKanaErrorMessage, toBankKana } from './bank-kana.js';
import type { BankAccountInput, SettingsInput } from './payout.schemas.js';
import type { AccountType } from './zengin.js';

const mask = (lastDigits: string) => `****${lastDigits}`;
const numberContext = (tenantId: string, owner: string) => `${tenantId}:${owner}:account_number`;
const holderContext = (tenantId: string, userId: string) => `${tenantId}:${userId}:holder`;

/** A kana name as half-width bank kana, or a 400 naming the characters the bank cannot take. */
function bankKanaOrRefuse(value: string, pointer: string, ja: string, en: string): string {
  const result = toBankKana(value);
  let error: FieldError | null = null;
  if (!result.ok) error = { pointer, code: 'not_bank_kana', detail: bankKanaErrorMessage(result.invalid) };
  else if (result.value === '')
    error = { pointer, code: 'empty', detail: `${ja}を入力してください / Enter the ${en}` };
  if (error)
    throw new Problem(
      'validation-failed',
      `${ja}: ${error.detail}（カナ・英大文字・数字で入力してください / use kana, capital letters and digits）`,
      { errors: [error] },
    );
  return (result as { value: string }).value;
}

/** The account a transfer goes to, decrypted (the payout job only). */
export interface PayeeAccount {
  id: string;
  userId: string;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: AccountType;
  accountNumber: string;
  holderKana: string;
}

export interface RemitterAccount {
  consignorCode: string;
  consignorName: string;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: AccountType;
  accountNumber: string;
}

/**
 * The centre's remitter account (Zengin header) and workers' bank accounts. Numbers and holder names are
 * encrypted at rest and never returned in full; a worker's change is a new version row (append-only).
 */
@injectable()
export class BankAccountsService {
  readonly cipher: BankAccountCipher;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(TOKENS.Config) config: Config,
  ) {
    this.cipher = new BankAccountCipher(config.encryptionKey);
  }

  // --- settings (admins) ---

  settings() {
    return this.db.inTenant(async (tx) => {
      const s = await tx.selectFrom('payout_settings').selectAll().executeTakeFirst();
      return {
        configured: Boolean(s),
        consignorCode: s?.consignor_code ?? null,
        consignorName: s?.consignor_name ?? null,
        bankCode: s?.bank_code ?? null,
        bankName: s?.bank_name ?? null,
        branchCode: s?.branch_code ?? null,
        branchName: s?.branch_name ?? null,
        accountType: s?.account_type ?? null,
        accountNumberMasked: s ? mask(s.account_last_digits) : null,
      };
    });
  }

  async putSettings(input: SettingsInput) {
    const consignorName = bankKanaOrRefuse(
      input.consignorName,
      '/body/consignorName',
      '委託者名',
      'consignor name',
    );
    const { tenant, actor } = currentScope();
    await this.db.inTenant(async (tx) => {
      const values = {
        consignor_code: input.consignorCode,
        consignor_name: consignorName.slice(0, 40),
        bank_code: input.bankCode,
        bank_name: input.bankName,
        branch_code: input.branchCode,
        branch_name: input.branchName,
        account_type: input.accountType,
        account_number_enc: this.cipher.encrypt(input.accountNumber, numberContext(tenant.id, 'settings')),
        account_last_digits: input.accountNumber.slice(-3),
        updated_by: actor.userId,
        updated_at: new Date(),
      };
      await tx
        .insertInto('payout_settings')
        .values({ tenant_id: sql<string>`kado_current_tenant()`, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.audit.record(tx, {
        action: 'payouts.settings_updated',
        entityType: 'payout_settings',
        data: { consignorCode: input.consignorCode, bankCode: input.bankCode, branchCode: input.branchCode },
      });
    });
    return this.settings();
  }

  // --- bank accounts ---

  myAccount() {
    const { actor } = currentScope();
    return this.db.inTenant((tx) => this.view(tx, actor.userId!));
  }

  async putMyAccount(input: BankAccountInput) {
    const holderKana = bankKanaOrRefuse(input.holderName, '/body/holderName', '口座名義', 'account holder');
    if (holderKana.length > 30)
      throw new Problem(
        'validation-failed',
        '口座名義は半角30文字までです / The holder name is at most 30 characters',
        {
          errors: [
            { pointer: '/body/holderName', code: 'too_long', detail: 'At most 30 half-width characters' },
          ],
        },
      );
    const { tenant, actor } = currentScope();
    const userId = actor.userId!;
    return this.db.inTenant(async (tx) => {
      await tx
        .insertInto('worker_bank_accounts')
        .values({
          tenant_id: sql<string>`kado_current_tenant()`,
          user_id: userId,
          bank_code: input.bankCode,
          bank_name: input.bankName,
          branch_code: input.branchCode,
          branch_name: input.branchName,
          account_type: input.accountType,
          account_number_enc: this.cipher.encrypt(input.accountNumber, numberContext(tenant.id, userId)),
          account_last_digits: input.accountNumber.slice(-3),
          holder_enc: this.cipher.encrypt(holderKana, holderContext(tenant.id, userId)),
          created_by: userId,
        })
        .execute();
      // The audit keeps who changed it and where to, never the number.
      await this.audit.record(tx, {
        action: 'payouts.bank_account_registered',
        entityType: 'user',
        entityId: userId,
        data: { bankCode: input.bankCode, branchCode: input.branchCode, last: input.accountNumber.slice(-3) },
      });
      return this.view(tx, userId);
    });
  }

  /** Staff: a worker's account, masked; 404 for someone who is not a member of this centre. */
  workerAccount(userId: string) {
    return this.db.inTenant(async (tx) => {
      const member = await tx
        .selectFrom('memberships')
        .select('user_id')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!member) throw notFound('ワーカー', 'Worker');
      return this.view(tx, userId);
    });
  }

  // --- inside (the payouts service and job) ---

  /** The newest account row per worker (id, holder kana) for the preview's problems and approval. */
  async currentAccounts(tx: Tx, userIds: string[]) {
    const out = new Map<string, { id: string; holderKana: string | null }>();
    if (userIds.length === 0) return out;
    const tenantId = await this.tenantId(tx);
    for (let i = 0; i < userIds.length; i += 1000) {
      const rows = await tx
        .selectFrom('worker_bank_accounts')
        .distinctOn('user_id')
        .select(['id', 'user_id', 'holder_enc'])
        .where('user_id', 'in', userIds.slice(i, i + 1000))
        .orderBy('user_id')
        .orderBy('created_at', 'desc')
        .execute();
      for (const r of rows) {
        let holderKana: string | null = null;
        try {
          holderKana = this.cipher.decrypt(r.holder_enc, holderContext(tenantId, r.user_id));
        } catch {
          holderKana = null;
        }
        out.set(r.user_id, { id: r.id, holderKana });
      }
    }
    return out;
  }

  /** Decrypted accounts by their ids, for the transfer file. */
  async payeeAccounts(tx: Tx, ids: string[]): Promise<Map<string, PayeeAccount>> {
    const out = new Map<string, PayeeAccount>();
    const tenantId = await this.tenantId(tx);
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await tx
        .selectFrom('worker_bank_accounts')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute();
      for (const r of rows)
        out.set(r.id, {
          id: r.id,
          userId: r.user_id,
          bankCode: r.bank_code,
          bankName: r.bank_name,
          branchCode: r.branch_code,
          branchName: r.branch_name,
          accountType: r.account_type as AccountType,
          accountNumber: this.cipher.decrypt(r.account_number_enc, numberContext(tenantId, r.user_id)),
          holderKana: this.cipher.decrypt(r.holder_enc, holderContext(tenantId, r.user_id)),
        });
    }
    return out;
  }

  async remitter(tx: Tx): Promise<RemitterAccount | null> {
    const s = await tx.selectFrom('payout_settings').selectAll().executeTakeFirst();
    if (!s) return null;
    return {
      consignorCode: s.consignor_code,
      consignorName: s.consignor_name,
      bankCode: s.bank_code,
      bankName: s.bank_name,
      branchCode: s.branch_code,
      branchName: s.branch_name,
      accountType: s.account_type as AccountType,
      accountNumber: this.cipher.decrypt(s.account_number_enc, numberContext(s.tenant_id, 'settings')),
    };
  }

  private async tenantId(tx: Tx) {
    const r = await sql<{ id: string }>`SELECT kado_current_tenant()::text AS id`.execute(tx);
    return r.rows[0]!.id;
  }

  private async view(tx: Tx, userId: string) {
    const r = await tx
      .selectFrom('worker_bank_accounts')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      registered: Boolean(r),
      bankCode: r?.bank_code ?? null,
      bankName: r?.bank_name ?? null,
      branchCode: r?.branch_code ?? null,
      branchName: r?.branch_name ?? null,
      accountType: r?.account_type ?? null,
      accountNumberMasked: r ? mask(r.account_last_digits) : null,
      holderKana: r ? this.cipher.decrypt(r.holder_enc, holderContext(r.tenant_id, userId)) : null,
      updatedAt: r?.created_at ?? null,
    };
  }
}
