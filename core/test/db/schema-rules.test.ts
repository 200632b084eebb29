import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { freshDatabase } from '../support/test-database.js';

/** Rules every migration must keep, read from the catalogue so a new table is held to them too. */
let db: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await freshDatabase());
});
afterAll(() => drop());

/** Indexes allowed not to lead with tenant_id, each for a reason written beside it in its migration. */
const NOT_TENANT_LED = new Set([
  'memberships_user_idx', // a person's memberships in every tenant (the tenant switcher)
  'jobs_due_idx', // the job claim is the one query across tenants
  'jobs_lease_idx',
  // the hub's side of rows shared between a partner (tenant_id) and its hub (0017)
  'hub_partnerships_hub_idx',
  'hub_offers_hub_idx',
  'hub_offer_tasks_hub_idx',
  'training_enrolments_hub_idx', // the hub's side of training enrolments shared with partners (0019)
  'hub_settlements_hub_idx', // the hub's side of settlement statements shared with partners (0021)
]);

describe('schema rules', () => {
  it('leads every index of a tenant table with tenant_id, so cost follows one tenant’s size', async () => {
    const { rows } = await sql<{ index: string; first: string }>`
      SELECT i.relname AS index, a.attname AS first
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
      WHERE n.nspname = 'public'
        AND EXISTS (SELECT 1 FROM pg_attribute c WHERE c.attrelid = t.oid AND c.attname = 'tenant_id' AND NOT c.attisdropped)
      ORDER BY 1`.execute(db.kysely);
    expect(rows.length).toBeGreaterThan(6);
    const offenders = rows
      .filter((r) => r.first !== 'tenant_id' && !NOT_TENANT_LED.has(r.index))
      .map((r) => r.index);
    expect(offenders).toEqual([]);
  });

  it('gives the app role no ownership and no way around row-level security', async () => {
    const { rows } = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = 'kado_app'`.execute(db.kysely);
    expect(rows).toEqual([]);
  });
});
