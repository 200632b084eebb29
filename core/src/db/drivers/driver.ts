import type { Dialect } from 'kysely';

/** What the rest of core needs from a database engine, whichever one runs underneath. */
export interface DatabaseDriver {
  readonly kind: 'pglite' | 'postgres';
  readonly dialect: Dialect;
}
