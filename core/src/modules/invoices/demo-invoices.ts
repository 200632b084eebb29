import type { Container } from 'inversify';
import { Database } from '../../db/database.js';
import { runInTenantScope } from '../../db/request-context.js';
import { tokyoToday } from '../../kernel/tokyo.js';
import { corporateNumberCheckDigit } from '../clients/invoice-registration-number.js';
import { OrdersService } from '../orders/orders.service.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { InvoicesService } from './invoices.service.js';

/**
 * A local government's corporate number (法人番号) is a check digit, "000020" and its six-digit local
 * government code; its registration number is "T" and those 13 digits. Demo centres use their city's.
 */
export function municipalRegistrationNumber(localGovernmentCode: string): string {
  const twelve = `000020${localGovernmentCode}`;
  return `T${corporateNumberCheckDigit(twelve)}${twelve}`;
}

/**
 * Demo data of this context for one demo centre, after its demo orders exist: the issuer settings, one
 * issued invoice for a running order and one paid. Does nothing when the centre already has invoices.
 */
export async function seedDemoInvoices(container: Container, slug: string): Promise<void> {
  const db = container.get(Database);
  const tenant = await container.get(TenantsService).findBySlug(slug);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  const admin = await db.withTenant(tenant.id, (tx) =>
    tx
      .selectFrom('memberships')
      .select('user_id')
      .where('role', 'in', ['tenant_admin', 'hub_admin'])
      .orderBy('created_at')
      .executeTakeFirst(),
  );
  const as = <T>(fn: () => Promise<T>) =>
    runInTenantScope(
      { tenant, role: 'tenant_admin', actor: { userId: admin?.user_id ?? null, tokenId: null } },
      fn,
    );
  const invoices = container.get(InvoicesService);
  if ((await as(() => invoices.list({}))).length > 0) return;

  await as(() =>
    invoices.putSettings({
      issuerName: `${tenant.name_ja} テレワークセンター`,
      registrationNumber: municipalRegistrationNumber(tenant.local_government_code),
      address: `${tenant.prefecture} ${tenant.name_ja}`,
      phone: '',
      rounding: 'down',
      paymentTermsDays: 30,
      bankInfo: '八十二銀行 本店営業部 普通 1234567 ﾃﾚﾜｰｸｾﾝﾀｰ（デモ）',
    }),
  );
  const orders = (await as(() => container.get(OrdersService).list())).filter((o) =>
    ['accepted', 'in_progress', 'delivered', 'completed'].includes(o.status),
  );
  const [first, second] = orders;
  if (!first) return;
  await as(async () => invoices.issue((await invoices.fromOrder(first.id)).id));
  // The paid one: the second order, or a small monthly invoice to the same client when there is no second.
  const draft = second
    ? await as(() => invoices.fromOrder(second.id))
    : await as(() =>
        invoices.create({
          clientId: first.clientId,
          issueDate: tokyoToday(),
          items: [{ description: '操作研修（半日）', quantity: 1, unitPrice: 50_000, taxRate: 10 }],
        }),
      );
  const paid = await as(() => invoices.issue(draft.id));
  await as(() => invoices.addPayment(paid.id, { date: paid.issueDate, amount: paid.total }));
}
