import type { Dialect } from 'kysely';

/** What the rest of core needs from a database engine, whichever one runs underneath. */
export interface DatabaseDriver {
  readonly kind: 'pglite' | 'postgres';
  readonly dialect: Dialect;
  /** The pool's connections right now, for metrics: open ones, idle among them, and borrowers waiting. */
  stats?(): PoolStats;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}
