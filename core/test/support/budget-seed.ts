import { expect } from 'vitest';
import { tokyoDate } from '../../src/kernel/tokyo.js';
import { fiscalYearOf } from '../../src/modules/budget/budget.rules.js';
import type { Client } from './test-app.js';

/**
 * Through the API, a row in every table of the budget for tenant `slug`: a line of next fiscal year's draft
 * budget (次年度予算案) and its adjustment (movements). Next year, so this year stays uncontrolled and other
 * seeds' orders and payouts are never refused. Returns the ids a cross-tenant test asks about: `budgetLine`.
 */
export async function seedBudget(
  admin: Client,
  _worker: Client,
  slug: string,
): Promise<Record<string, string>> {
  const fy = fiscalYearOf(tokyoDate(new Date())) + 1;
  const line = (
    await admin
      .post(`/api/t/${slug}/budget/years/${fy}/lines`, {
        account: 'training',
        fundingSource: 'national_grant',
        amount: 1_200_000,
        note: `${slug} ワーカー研修（次年度案）`,
      })
      .expect(201)
  ).body;
  await admin
    .post(`/api/t/${slug}/budget/lines/${line.id}/adjustments`, { amount: 300_000, reason: '研修回数の追加' })
    .expect(201);
  expect(line.id).toBeTruthy();
  return { budgetLine: line.id };
}
