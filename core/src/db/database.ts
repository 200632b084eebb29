import { Kysely, sql, type Transaction } from 'kysely';
import type { DatabaseDriver, PoolStats } from './drivers/driver.js';
import { currentTenant } from './request-context.js';
import type { DB } from './schema.js';

export type Tx = Transaction<DB>;

/**
 * The one door to the database. The pool connects as the owner; every unit of application work runs in a
 * transaction that first drops to kado_app (no BYPASSRLS), with the tenant set transaction-locally so a
 * pooled connection never carries it into the next borrower's work.
 */
export class Database {
  readonly kysely: Kysely<DB>;

  constructor(readonly driver: DatabaseDriver) {
    this.kysely = new Kysely<DB>({ dialect: driver.dialect });
  }

  get kind() {
    return this.driver.kind;
  }

  /** Work inside the given tenant: row-level security shows and accepts only its rows. */
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.asApp({ tenantId }, fn);
  }

  /** Work inside the tenant of the current request scope. */
  inTenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.withTenant(currentTenant().id, fn);
  }

  /** Work as the app role on behalf of a user, across the tenants they belong to (own memberships only). */
  asUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.asApp({ userId }, fn);
  }

  /** Work as the app role with no tenant: global tables only (users, sessions, tenants directory). */
  asApp<T>(scope: { tenantId?: string; userId?: string }, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute(async (tx) => {
      // One round trip: set_config('role', …, true) is SET LOCAL ROLE; every setting ends with the transaction.
      await sql`SELECT set_config('role', 'kado_app', true),
                       set_config('kado.tenant_id', ${scope.tenantId ?? ''}, true),
                       set_config('kado.user_id', ${scope.userId ?? ''}, true)`.execute(tx);
      return fn(tx);
    });
  }

  /**
   * Moves an open app-role transaction to another tenant. Only for the hub's cross-tenant writes (creating
   * a tenant writes the new tenant's first rows and the hub's audit entry in one transaction).
   */
  async switchTenant(tx: Tx, tenantId: string): Promise<void> {
    await sql`SELECT set_config('kado.tenant_id', ${tenantId}, true)`.execute(tx);
  }

  /** Owner privileges, bypassing RLS: migrations, CLI maintenance and the RLS benchmark baseline only. */
  asOwner<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute(fn);
  }

  /** The connection pool's figures, if the driver reports them (metrics). */
  poolStats(): PoolStats | undefined {
    return this.driver.stats?.();
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
  }
}
