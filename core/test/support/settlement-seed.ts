import { expect } from 'vitest';
import { tokyoMonth } from '../../src/kernel/tokyo.js';
import { setHours } from './sharing-seed.js';
import type { Client } from './test-app.js';

/**
 * One row in every tenant table of the hub's settlement (migration 0021) for the partner `slug`, made
 * through the API: the partner's worker does one task of the offer `seedSharing` had it accept, the
 * partner's admin accepts it, and the hub computes this month's statements (a draft statement and its line
 * for this partner). Call after `seedSharing`. Returns ids keyed by table name.
 */
export async function seedSettlement(
  hubAdmin: Client,
  admin: Client,
  worker: Client,
  slug: string,
): Promise<Record<string, string>> {
  const offers = (await admin.get(`/api/t/${slug}/offers`).expect(200)).body as {
    id: string;
    status: string;
    partnerProjectId: string | null;
  }[];
  const offer = offers.find((o) => o.status === 'accepted' && o.partnerProjectId);
  if (!offer) throw new Error(`seedSettlement: ${slug} has no accepted offer (call seedSharing first)`);
  // Earlier seeds gave the worker weekday hours; "next task" offers nothing outside them, whenever this runs.
  await setHours(worker, slug);
  const task = (
    await worker.post(`/api/t/${slug}/tasks/next`, { projectId: offer.partnerProjectId }).expect(200)
  ).body.task;
  expect(task).toBeTruthy();
  await worker.post(`/api/t/${slug}/tasks/${task.id}/submit`, { submission: { text: '精算' } }).expect(200);
  await admin.post(`/api/t/${slug}/tasks/${task.id}/review`, { decision: 'accept' }).expect(200);
  const month = tokyoMonth(new Date());
  const computed = (await hubAdmin.post('/api/t/hub/settlements', { month }).expect(200)).body;
  const statement = computed.statements.find((s: { partner: { slug: string } }) => s.partner.slug === slug);
  expect(statement?.lines.length).toBeGreaterThan(0);
  return { hub_settlements: statement.id, hub_settlement_lines: statement.id };
}
