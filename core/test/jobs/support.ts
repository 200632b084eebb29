import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { Database } from '../../src/db/database.js';
import { pgliteDriver } from '../../src/db/drivers/pglite.js';
import { postgresDriver } from '../../src/db/drivers/postgres.js';
import { databaseUrl } from '../support/test-database.js';

export const REDIS_URL = process.env.KADO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two tenants to run jobs for; jobs reference tenants, so they must exist. */
export async function createTenants(db: Database, slugs: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const slug of slugs) {
    const row = await db.asOwner((tx) =>
      tx
        .insertInto('tenants')
        .values({
          slug,
          name_ja: `${slug} センター`,
          name_en: `${slug} centre`,
          kind: 'municipality',
          prefecture: '長野県',
          local_government_code: '202151',
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    ids.push(row.id);
  }
  return ids;
}

/**
 * What a job's handler does, kept as the idempotency pattern says: the effect is keyed by the job (a
 * unique constraint), so a second run changes nothing. Starts are logged to show how often it really ran.
 */
export async function createEffectTables(db: Database): Promise<void> {
  await db.asOwner((tx) =>
    sql`
    CREATE TABLE test_job_starts (
      tenant_id uuid NOT NULL REFERENCES tenants(id), job_id text NOT NULL, attempt int NOT NULL,
      pid int NOT NULL, at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE test_job_effects (
      tenant_id uuid NOT NULL REFERENCES tenants(id), job_id text NOT NULL, pid int NOT NULL,
      PRIMARY KEY (tenant_id, job_id));
    ALTER TABLE test_job_starts ENABLE ROW LEVEL SECURITY;
    ALTER TABLE test_job_starts FORCE ROW LEVEL SECURITY;
    ALTER TABLE test_job_effects ENABLE ROW LEVEL SECURITY;
    ALTER TABLE test_job_effects FORCE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON test_job_starts USING (tenant_id = (SELECT kado_current_tenant()));
    CREATE POLICY tenant_isolation ON test_job_effects USING (tenant_id = (SELECT kado_current_tenant()));
    GRANT SELECT, INSERT ON test_job_starts, test_job_effects TO kado_app;`.execute(tx),
  );
}

/** Deletes every Redis key under a test's BullMQ prefix. */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns something truthy. */
export async function waitFor<T>(
  what: string | (() => string),
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A database the test and worker processes share, with `env` that points a process at it. PostgreSQL
 * (KADO_TEST_DB=postgres): a copy of the template. PGlite: a data directory on disk, opened by one process
 * at a time — the test, then each worker in turn (a killed one is dead before the next opens it).
 */
export async function sharedDatabase(): Promise<{
  env: { DATABASE_URL: string } | { KADO_DATA_DIR: string };
  open: () => Database;
  drop: () => Promise<void>;
}> {
  const source = inject('database');
  if (source.kind === 'postgres') {
    const name = `kado_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: source.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source.template}`);
    const url = databaseUrl(source.adminUrl, name);
    return {
      env: { DATABASE_URL: url },
      open: () => new Database(postgresDriver(url, 2)),
      drop: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'kado-jobs-'));
  const template = new Blob([await readFile(source.dumpFile)]);
  let loaded = false;
  return {
    env: { KADO_DATA_DIR: dir },
    open: () => {
      const db = new Database(pgliteDriver({ dataDir: dir, ...(loaded ? {} : { loadDataDir: template }) }));
      loaded = true;
      return db;
    },
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}
