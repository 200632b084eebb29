import { PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseDriver } from './driver.js';

// int8 (counts, yen amounts) as JS numbers: amounts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function postgresDriver(
  url: string,
  poolSize = 10,
  onConnectionError?: (err: Error) => void,
): DatabaseDriver {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client whose server connection dies (restart, failover) emits 'error' on the pool; unheard,
  // that would crash the process. The pool drops the client and opens a new one on the next query.
  pool.on('error', (err) => onConnectionError?.(err));
  // A checked-out client whose connection dies mid-query (the server or PgBouncer dropped it) emits
  // 'error' on the client, which no pool listener hears: crash again. The query itself rejects, and
  // the pool discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', (err) => onConnectionError?.(err)));
  return {
    kind: 'postgres',
    dialect: new PostgresDialect({ pool }),
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
