import { expect } from 'vitest';
import type { Client } from './test-app.js';

/** A valid registration number (国税庁's published example corporate number, check digit 7). */
export const ISSUER_REGISTRATION_NUMBER = 'T7000012050002';

export const invoiceSettings = (slug: string) => ({
  issuerName: `${slug} テレワークセンター`,
  registrationNumber: ISSUER_REGISTRATION_NUMBER,
  address: '長野県塩尻市大門一番町12-2',
  phone: '0263-52-0280',
  rounding: 'down',
  paymentTermsDays: 30,
  bankInfo: '八十二銀行 塩尻支店 普通 1234567 ｼｵｼﾞﾘﾃﾚﾜｰｸｾﾝﾀｰ',
});

/**
 * Through the API, a row in every table of the invoices context for tenant `slug`: the issuer settings, an
 * issued invoice (so a number sequence) with items, and a partial payment. Returns `invoice` (and the
 * invoice's `invoiceClient`) for the cross-tenant tests.
 */
export async function seedInvoices(
  admin: Client,
  worker: Client,
  slug: string,
): Promise<Record<string, string>> {
  await admin.put(`/api/t/${slug}/invoices/settings`, invoiceSettings(slug)).expect(200);
  const client = (
    await admin
      .post(`/api/t/${slug}/clients`, {
        kind: 'company',
        name: `${slug} 請求先株式会社`,
        invoice: { billingAddress: '長野県松本市中央1-1-1', registrationNumber: 'T7000012050002' },
      })
      .expect(201)
  ).body;
  const draft = (
    await admin
      .post(`/api/t/${slug}/invoices`, {
        clientId: client.id,
        issueDate: '2026-11-25',
        items: [
          { description: 'データ入力 11月分', quantity: 3, unitPrice: 105, taxRate: 10 },
          { description: '会議用 弁当', quantity: 2, unitPrice: 540, taxRate: 8 },
        ],
      })
      .expect(201)
  ).body;
  const issued = (await admin.post(`/api/t/${slug}/invoices/${draft.id}/issue`).expect(200)).body;
  const paid = (
    await admin
      .post(`/api/t/${slug}/invoices/${draft.id}/payments`, { date: '2026-11-30', amount: 100 })
      .expect(200)
  ).body;
  expect(paid).toMatchObject({ status: 'issued', paid: 100, outstanding: issued.total - 100 });
  // Workers never see invoices.
  await worker.get(`/api/t/${slug}/invoices`).expect(403);
  return { invoice: draft.id, invoiceClient: client.id };
}
