import type { Client } from './test-app.js';

/**
 * STUB. Through the API, a row in every table of this context for tenant `slug`; returns the ids a
 * cross-tenant test asks about.
 */
export async function seedInvoices(
  _admin: Client,
  _worker: Client,
  _slug: string,
): Promise<Record<string, string>> {
  return {};
}
