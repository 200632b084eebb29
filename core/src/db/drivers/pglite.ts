import { mkdirSync } from 'node:fs';
import { PGlite, type Results } from '@electric-sql/pglite';
import { PostgresDialect } from 'kysely';
import type { DatabaseDriver, PoolStats } from './driver.js';

/**
 * PGlite is one connection. Kysely's PostgresDialect wants a pool, so this pool lends that one
 * connection to one borrower at a time: a transaction keeps it until it ends, and nobody else's
 * statements can land inside it.
 */
class SingleConnectionPool {
  private tail: Promise<void> = Promise.resolve();
  /** Borrowers holding or waiting for the connection (for stats()). */
  private borrowers = 0;
  constructor(private readonly db: PGlite) {}

  get stats(): PoolStats {
    return { total: 1, idle: this.borrowers === 0 ? 1 : 0, waiting: Math.max(0, this.borrowers - 1) };
  }

  async connect() {
    let done!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.borrowers++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.borrowers--;
      done();
    };
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
  const pool = new SingleConnectionPool(db);
  return {
    kind: 'pglite',
    // biome-ignore lint/suspicious/noExplicitAny: the pool has the subset of pg.Pool that Kysely calls
    dialect: new PostgresDialect({ pool: pool as any }),
    stats: () => pool.stats,
    dump: () => db.dumpDataDir('gzip'),
  };
}
