import { mkdirSync } from 'node:fs';
import { PGlite, type Results } from '@electric-sql/pglite';
import { PostgresDialect } from 'kysely';
import type { DatabaseDriver } from './driver.js';

/**
 * PGlite is one connection. Kysely's PostgresDialect wants a pool, so this pool lends that one
 * connection to one borrower at a time: a transaction keeps it until it ends, and nobody else's
 * statements can land inside it.
 */
class SingleConnectionPool {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly db: PGlite) {}

  async connect() {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    const db = this.db;
    return {
      async query(text: string, parameters: readonly unknown[]) {
        // Without parameters use the simple protocol, which also runs multi-statement scripts (migrations).
        const result: Results =
          parameters.length > 0 ? await db.query(text, parameters as unknown[]) : lastOf(await db.exec(text));
        return {
          command: text.trimStart().slice(0, 6).toUpperCase(),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        };
      },
      release,
    };
  }

  async end() {
    await this.db.close();
  }
}

const lastOf = (results: Results[]): Results => results.at(-1) ?? { rows: [], fields: [], affectedRows: 0 };

/** Embedded PostgreSQL (WASM). `memory://` keeps nothing; `loadDataDir` starts from a dump (tests). */
export function pgliteDriver(options: {
  dataDir: string;
  loadDataDir?: Blob;
}): DatabaseDriver & { dump(): Promise<Blob> } {
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const db = new PGlite(options.dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  return {
    kind: 'pglite',
    // biome-ignore lint/suspicious/noExplicitAny: the pool has the subset of pg.Pool that Kysely calls
    dialect: new PostgresDialect({ pool: new SingleConnectionPool(db) as any }),
    dump: () => db.dumpDataDir('gzip'),
  };
}
