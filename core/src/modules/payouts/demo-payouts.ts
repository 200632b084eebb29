import type { Container } from 'inversify';
import { Database } from '../../db/database.js';
import { runInTenantScope } from '../../db/request-context.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { BankAccountsService } from './bank-accounts.service.js';

/** Readings of the demo people's names (demo-seed.ts), for bank kana; unknown names get a fixed one. */
const READINGS: Record<string, string> = {
  佐藤: 'サトウ',
  鈴木: 'スズキ',
  高橋: 'タカハシ',
  田中: 'タナカ',
  伊藤: 'イトウ',
  渡辺: 'ワタナベ',
  山本: 'ヤマモト',
  中村: 'ナカムラ',
  小林: 'コバヤシ',
  加藤: 'カトウ',
  吉田: 'ヨシダ',
  山田: 'ヤマダ',
  佐々木: 'ササキ',
  山口: 'ヤマグチ',
  松本: 'マツモト',
  花子: 'ハナコ',
  陽子: 'ヨウコ',
  美咲: 'ミサキ',
  健太: 'ケンタ',
  由美: 'ユミ',
  翔太: 'シヨウタ',
  直子: 'ナオコ',
  大輔: 'ダイスケ',
  恵: 'メグミ',
  拓也: 'タクヤ',
  愛: 'アイ',
  誠: 'マコト',
  真理: 'マリ',
  亮: 'リヨウ',
  裕子: 'ユウコ',
};

const kanaOf = (displayName: string) => {
  const parts = displayName.split(/\s+/).map((p) => READINGS[p]);
  return parts.every(Boolean) ? parts.join(' ') : 'ワーカー デモ';
};

/**
 * Demo data of this context for one demo centre: the centre's remitter account (八十二銀行 塩尻支店) and a
 * bank account for every demo worker. Runs once per centre on a fresh demo database; re-runs skip.
 */
export async function seedDemoPayouts(container: Container, slug: string): Promise<void> {
  const db = container.get(Database);
  const tenant = await container.get(TenantsService).findBySlug(slug);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  const accounts = container.get(BankAccountsService);
  const people = await db.withTenant(tenant.id, async (tx) => ({
    admin: await tx
      .selectFrom('memberships')
      .select('user_id')
      .where('role', 'in', ['tenant_admin', 'hub_admin'])
      .executeTakeFirst(),
    workers: await tx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.display_name'])
      .where('memberships.role', '=', 'worker')
      .orderBy('users.email')
      .execute(),
    registered: new Set(
      (await tx.selectFrom('worker_bank_accounts').select('user_id').execute()).map((r) => r.user_id),
    ),
  }));
  const as = <T>(userId: string | null, role: 'tenant_admin' | 'worker', fn: () => Promise<T>) =>
    runInTenantScope({ tenant, role, actor: { userId, tokenId: null } }, fn);

  await as(people.admin?.user_id ?? null, 'tenant_admin', async () => {
    if ((await accounts.settings()).configured) return;
    await accounts.putSettings({
      consignorCode: '0000012345',
      consignorName: `KADO ${slug.toUpperCase()} センター`,
      bankCode: '0143',
      bankName: 'ハチジユウニ',
      branchCode: '301',
      branchName: 'シオジリ',
      accountType: 1,
      accountNumber: '1234567',
    });
  });
  for (const [i, w] of people.workers.entries()) {
    if (people.registered.has(w.id)) continue;
    await as(w.id, 'worker', () =>
      accounts.putMyAccount({
        bankCode: '0143',
        bankName: 'ハチジユウニ',
        branchCode: '301',
        branchName: 'シオジリ',
        accountType: 1,
        accountNumber: String(2_000_000 + i * 7919).padStart(7, '0'),
        holderName: kanaOf(w.display_name),
      }),
    );
  }
}
