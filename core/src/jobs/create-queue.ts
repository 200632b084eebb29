import type { Database } from '../db/database.js';
import type { Config } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import { BullMqJobQueue } from './bullmq-queue.js';
import { DatabaseJobQueue } from './database-queue.js';
import type { JobQueue, JobQueueOptions } from './queue.js';

/** BullMQ when REDIS_URL is set, otherwise the in-process adapter on the database (embedded default). */
export function createJobQueue(
  config: Pick<Config, 'redisUrl'> & Partial<Pick<Config, 'jobs'>>,
  db: Database,
  logger: Logger,
  options: JobQueueOptions = {},
): JobQueue {
  const log = logger.child({ module: 'jobs' });
  options = { leaseMs: config.jobs?.leaseMs, ...options };
  return config.redisUrl
    ? new BullMqJobQueue(config.redisUrl, log, options)
    : new DatabaseJobQueue(db, log, options);
}
