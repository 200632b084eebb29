import type { Config } from '../kernel/config.js';
import { Database } from './database.js';
import { pgliteDriver } from './drivers/pglite.js';
import { postgresDriver } from './drivers/postgres.js';

export function connectDatabase(database: Config['database']): Database {
  return new Database(
    database.kind === 'postgres' ? postgresDriver(database.url) : pgliteDriver({ dataDir: database.dataDir }),
  );
}
