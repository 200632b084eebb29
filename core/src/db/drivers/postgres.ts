import { PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseDriver } from './driver.js';

// int8 (counts, yen amounts) as JS numbers: amounts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function postgresDriver(url: string, poolSize = 10): DatabaseDriver {
  return {
    kind: 'postgres',
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: poolSize }) }),
  };
}
