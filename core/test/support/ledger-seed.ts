import { expect } from 'vitest';
import type { Client } from './test-app.js';

/**
 * Through the API, one balanced journal entry in a tenant's ledger (which also seeds its standard
 * accounts): a grant received in cash. Returns the ids a cross-tenant test asks about: `journalEntry`.
 */
export async function seedLedger(admin: Client, slug: string): Promise<Record<string, string>> {
  const entry = (
    await admin
      .post(`/api/t/${slug}/ledger/entries`, {
        date: '2026-04-01',
        memo: `${slug} 地方創生関連交付金 受入`,
        lines: [
          { account: 'cash', amount: 1_000_000 },
          { account: 'grants', amount: -1_000_000 },
        ],
      })
      .expect(201)
  ).body;
  expect(entry.id).toBeTruthy();
  return { journalEntry: entry.id };
}
