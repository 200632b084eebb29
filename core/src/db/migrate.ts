import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: string;
  name: string;
  script: string;
  checksum: string;
}

/** Versioned SQL files `NNNN_name.sql`, in order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const script = readFileSync(dir + file, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        script,
        checksum: createHash('sha256').update(script).digest('hex'),
      };
    });
}

/**
 * Applies pending migrations as the owner, each in its own transaction, under an advisory lock so two
 * instances starting together do not race. An applied file that has since changed is refused.
 */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS kado_migrations (
    version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(
    db.kysely,
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.asOwner(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('kado_migrations'))`.execute(tx);
      const row = await sql<{
        checksum: string;
      }>`SELECT checksum FROM kado_migrations WHERE version = ${m.version}`.execute(tx);
      const existing = row.rows[0];
      if (existing) {
        if (existing.checksum !== m.checksum) {
          throw new Error(
            `migration ${m.version}_${m.name} changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await sql.raw(m.script).execute(tx);
      await sql`INSERT INTO kado_migrations (version, name, checksum) VALUES (${m.version}, ${m.name}, ${m.checksum})`.execute(
        tx,
      );
      return true;
    });
    if (done) applied.push(`${m.version}_${m.name}`);
  }
  return applied;
}
