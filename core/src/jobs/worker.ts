import { connectDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import type { Config } from '../kernel/config.js';
import { createContainer } from '../kernel/container.js';
import { within } from '../kernel/lifecycle.js';
import { createLogger } from '../kernel/logger.js';
import { TOKENS } from '../kernel/tokens.js';
import { startObservability } from '../observability/start-observability.js';
import { registerJobHandlers } from './handlers.js';
import type { JobQueue } from './queue.js';

/** `kado worker`: processes jobs until stopped; the API processes may then only enqueue. */
export async function startWorker(
  config: Config,
  options: { concurrency?: number } = {},
): Promise<{ stop: () => Promise<void> }> {
  const logger = createLogger(config);
  const db = connectDatabase(config.database, logger, config.dbPoolSize);
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const container = createContainer(config, logger, db);
  const observability = await startObservability(container);
  // The container's queue, so a handler that enqueues follow-up jobs uses this same one.
  const queue = container.get<JobQueue>(TOKENS.JobQueue);
  registerJobHandlers(queue, container);
  await queue.start({ concurrency: options.concurrency ?? config.jobs.concurrency });
  logger.info(
    `ワーカー起動 / Worker started (queue: ${queue.kind === 'bullmq' ? 'BullMQ on Redis' : `database, ${db.kind}`})`,
  );
  if (queue.kind === 'database' && db.kind === 'pglite')
    logger.warn(
      '組み込み DB のワーカーは同じデータディレクトリのサーバーと同時に動かせません / ' +
        'A worker on embedded PGlite cannot run beside a server on the same data directory',
    );
  return {
    stop: async () => {
      // Lets running jobs finish; past the timeout they are left to the queue, which runs them again.
      if (!(await within(config.shutdown.timeoutMs, queue.stop())))
        logger.warn('shutdown timeout: running jobs will be re-run from the queue');
      await observability.stop();
      await db.close();
      logger.info('ワーカー停止 / Worker stopped');
    },
  };
}
