import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DatabaseJobQueue } from '../../src/jobs/database-queue.js';
import { createLogger } from '../../src/kernel/logger.js';
import { type KadoProcess, startKado } from '../support/processes.js';
import { createTenants, sharedDatabase, waitFor } from './support.js';

/**
 * `kado worker` as an operator runs it, on the database adapter: it takes a job accepted while it was not
 * running (here by this test, before it started), completes it, and stops cleanly on SIGTERM.
 */
describe('kado worker', () => {
  it('processes jobs accepted before it started and stops gracefully on SIGTERM', async () => {
    const shared = await sharedDatabase();
    const logger = createLogger({ logLevel: 'silent' });
    let worker: KadoProcess | undefined;
    try {
      let db = shared.open();
      const [tenantId] = (await createTenants(db, ['worker-cli'])) as [string];
      const jobId = `ping.${randomUUID()}`;
      await new DatabaseJobQueue(db, logger).enqueue('system.ping', {}, { tenantId, jobId });
      await db.close();

      const kado = await startKado(['worker'], {
        DATABASE_URL: '',
        KADO_DATA_DIR: '',
        ...shared.env,
        REDIS_URL: '',
        LOG_LEVEL: 'debug',
      });
      worker = kado;
      await waitFor(
        () => `the worker to complete ${jobId}; it printed:\n${kado.output()}`,
        () => {
          if (kado.child.exitCode !== null) throw new Error(`kado worker exited early:\n${kado.output()}`);
          return kado.output().includes(jobId) && /"msg":"job completed"/.test(kado.output());
        },
        60_000,
      );
      const exited = new Promise((resolve) => kado.child.once('exit', resolve));
      kado.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(kado.output()).toContain('Worker stopped');

      db = shared.open();
      expect(await new DatabaseJobQueue(db, logger).get(tenantId, jobId)).toMatchObject({
        state: 'completed',
        attempts: 1,
        result: { pong: true },
      });
      await db.close();
    } finally {
      await worker?.stop(); // only if a failure left it running
      await shared.drop();
    }
  }, 90_000); // 5–20 s: the worker process compiles and opens the database first
});
