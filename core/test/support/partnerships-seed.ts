import type { Client } from './test-app.js';

/**
 * One row in every tenant table of the hub's partnerships for the partner `slug`, made through the API by the
 * hub's admin and the partner's admin and worker. Returns ids keyed by table name.
 */
export async function seedPartnerships(
  _hubAdmin: Client,
  _admin: Client,
  _worker: Client,
  _slug: string,
): Promise<Record<string, string>> {
  return {};
}
