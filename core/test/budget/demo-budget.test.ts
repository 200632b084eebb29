import { beforeAll, describe, expect, it } from 'vitest';
import { tokyoDate } from '../../src/kernel/tokyo.js';
import { fiscalYearOf } from '../../src/modules/budget/budget.rules.js';
import { seedDemoBudget } from '../../src/modules/budget/demo-budget.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/** The demo centre's budget: this fiscal year planned, Shiojiri-style, and seeding twice changes nothing. */
let t: TestApp;
let director: Client;
const fy = fiscalYearOf(tokyoDate(new Date()));

beforeAll(async () => {
  t = await startTestApp();
  director = await t.signIn('director@alpha.test');
});

describe('demo budget', () => {
  it('plans this fiscal year by account and funding source, once', async () => {
    await seedDemoBudget(t.container, 'alpha');
    await seedDemoBudget(t.container, 'alpha');
    const year = (await director.get(`/api/t/alpha/budget/years/${fy}`).expect(200)).body;
    expect(year.controlled).toBe(true);
    expect(
      year.lines.map((l: { account: string; fundingSource: string }) => `${l.account}/${l.fundingSource}`),
    ).toEqual([
      'revenue/order_revenue',
      'worker_costs/order_revenue',
      'worker_costs/national_grant',
      'staff_costs/city_general_fund',
      'equipment/city_general_fund',
      'facility/city_general_fund',
      'training/national_grant',
    ]);
    expect(year.totals).toEqual({ budget: 71_400_000, committed: 0, actual: 0, available: 71_400_000 });
    const movements = (await director.get(`/api/t/alpha/budget/years/${fy}/movements`).expect(200)).body;
    expect(movements).toHaveLength(7);
  });
});
