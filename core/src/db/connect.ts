import type { Config } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import { Database } from './database.js';
import { pgliteDriver } from './drivers/pglite.js';
import { postgresDriver } from './drivers/postgres.js';

export function connectDatabase(database: Config['database'], logger?: Logger, poolSize = 10): Database {
  return new Database(
    database.kind === 'postgres'
      ? postgresDriver(database.url, poolSize, (err) => logger?.warn({ err }, 'database connection lost'))
      : pgliteDriver({ dataDir: database.dataDir }),
  );
}
