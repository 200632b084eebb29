import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPayouts } from '../../src/modules/payouts/demo-payouts.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/** The demo data of payouts: the remitter account and every worker's bank account, once. */
let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
});

describe('payout demo data', () => {
  it('registers the remitter and every worker’s account, and a re-run adds nothing', async () => {
    await seedDemoPayouts(t.container, 'alpha');
    await seedDemoPayouts(t.container, 'alpha');
    const settings = (await admin.get('/api/t/alpha/payouts/settings').expect(200)).body;
    expect(settings).toMatchObject({ configured: true, bankCode: '0143', consignorName: 'KADO ALPHA ｾﾝﾀ-' });
    const worker = await t.signIn('worker@alpha.test');
    const mine = (await worker.get('/api/t/alpha/me/bank-account').expect(200)).body;
    // 'worker of alpha' has no reading in the demo table: a fixed kana name.
    expect(mine).toMatchObject({ registered: true, holderKana: 'ﾜ-ｶ- ﾃﾞﾓ' });
    const rows = await t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx.selectFrom('worker_bank_accounts').select('user_id').execute(),
    );
    expect(rows).toHaveLength(1);
  });
});
