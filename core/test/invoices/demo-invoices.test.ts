import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidInvoiceRegistrationNumber } from '../../src/modules/clients/invoice-registration-number.js';
import { municipalRegistrationNumber, seedDemoInvoices } from '../../src/modules/invoices/demo-invoices.js';
import { seedDemo } from '../../src/modules/tenants/demo-seed.js';
import { TENANTS_DIR } from '../../src/server.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/** `npm start` on an empty database: the demo centre has issuer settings, an issued and a paid invoice. */
let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await startTestApp();
  const dir = mkdtempSync(join(tmpdir(), 'kado-demo-'));
  cpSync(join(TENANTS_DIR, 'matsumoto'), join(dir, 'matsumoto'), { recursive: true });
  await seedDemo(t.container, dir, { work: true });
  admin = await t.signIn('admin@matsumoto.kado.example', 'kado-demo-2026');
}, 180_000);

describe('demo invoices', () => {
  it('builds the registration number from the city’s corporate number (000020 + code)', () => {
    expect(municipalRegistrationNumber('011002')).toMatch(/^T\d000020011002$/);
    expect(isValidInvoiceRegistrationNumber(municipalRegistrationNumber('011002'))).toBe(true);
    expect(isValidInvoiceRegistrationNumber(municipalRegistrationNumber('202151'))).toBe(true);
  });

  it('has valid issuer settings, one issued and one paid invoice for demo orders, once', async () => {
    const settings = (await admin.get('/api/t/matsumoto/invoices/settings').expect(200)).body;
    expect(settings.configured).toBe(true);
    expect(isValidInvoiceRegistrationNumber(settings.registrationNumber)).toBe(true);
    const list = (await admin.get('/api/t/matsumoto/invoices').expect(200)).body;
    expect(list.map((i: { status: string }) => i.status).sort()).toEqual(['issued', 'paid']);
    expect(list.every((i: { orderId: string | null }) => i.orderId)).toBe(true);
    const pdf = await admin.get(`/api/t/matsumoto/invoices/${list[0].id}/pdf`).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    await seedDemoInvoices(t.container, 'matsumoto');
    expect((await admin.get('/api/t/matsumoto/invoices').expect(200)).body).toHaveLength(2);
  });
});
