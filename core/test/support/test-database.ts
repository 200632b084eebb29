import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { Database } from '../../src/db/database.js';
import { pgliteDriver } from '../../src/db/drivers/pglite.js';
import { postgresDriver } from '../../src/db/drivers/postgres.js';
import { migrate } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    database: { kind: 'pglite'; dumpFile: string } | { kind: 'postgres'; adminUrl: string; template: string };
  }
}

export const POSTGRES_ADMIN_URL =
  process.env.KADO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const databaseUrl = (adminUrl: string, name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * A fresh, migrated PostgreSQL database whatever the suite's mode: for tests of several processes sharing
 * one database, which an in-process PGlite cannot be.
 */
export async function freshPostgresDatabase(): Promise<{
  url: string;
  db: Database;
  drop: () => Promise<void>;
}> {
  const source = inject('database');
  const adminUrl = source.kind === 'postgres' ? source.adminUrl : POSTGRES_ADMIN_URL;
  const name = `kado_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      source.kind === 'postgres'
        ? `CREATE DATABASE ${name} TEMPLATE ${source.template}`
        : `CREATE DATABASE ${name}`,
    );
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const db = new Database(postgresDriver(url, 5));
  if (source.kind !== 'postgres') await migrate(db);
  return { url, db, drop: () => dropDatabase(adminUrl, name, db) };
}

async function dropDatabase(adminUrl: string, name: string, db: Database) {
  await db.close();
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

/** A fresh, migrated database for one test file, and a function that throws it away. */
export async function freshDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const source = inject('database');
  if (source.kind === 'pglite') {
    const dump = new Blob([await readFile(source.dumpFile)]);
    const db = new Database(pgliteDriver({ dataDir: 'memory://', loadDataDir: dump }));
    return { db, drop: () => db.close() };
  }
  const name = `kado_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: source.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source.template}`);
  } finally {
    await admin.end();
  }
  const db = new Database(postgresDriver(databaseUrl(source.adminUrl, name), 5));
  return { db, drop: () => dropDatabase(source.adminUrl, name, db) };
}
