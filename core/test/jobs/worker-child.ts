/**
 * A worker process for killed-worker.test.ts, run with tsx. Its handler records each start in the
 * database, then (with HANG=1) hangs until the test kills the process with SIGKILL; otherwise it writes
 * its effect, keyed by the job so a second run would change nothing. Prints JSON lines the test waits for.
 */
import { sql } from 'kysely';
import { connectDatabase } from '../../src/db/connect.js';
import { createJobQueue } from '../../src/jobs/create-queue.js';
import { loadConfig } from '../../src/kernel/config.js';
import { createLogger } from '../../src/kernel/logger.js';

const env = process.env;
const config = loadConfig({ ...env, LOG_LEVEL: 'warn', KADO_DEMO: 'false' });
const logger = createLogger(config);
const db = connectDatabase(config.database, logger);
const queue = createJobQueue(config, db, logger, {
  queueName: env.JOBS_QUEUE,
  prefix: env.JOBS_PREFIX,
  leaseMs: Number(env.JOBS_LEASE_MS),
  pollMs: 250,
});
const say = (message: object) =>
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...message })}\n`);

queue.register('test.effect', async (job) => {
  await db.withTenant(job.tenantId, (tx) =>
    sql`INSERT INTO test_job_starts (tenant_id, job_id, attempt, pid)
        VALUES (${job.tenantId}, ${job.id}, ${job.attempt}, ${process.pid})`.execute(tx),
  );
  say({ started: job.id, attempt: job.attempt });
  if (env.HANG === '1') await new Promise(() => {}); // until SIGKILL
  await db.withTenant(job.tenantId, (tx) =>
    sql`INSERT INTO test_job_effects (tenant_id, job_id, pid) VALUES (${job.tenantId}, ${job.id}, ${process.pid})
        ON CONFLICT (tenant_id, job_id) DO NOTHING`.execute(tx),
  );
  return { pid: process.pid };
});
queue.onEvent((e) => e.state === 'completed' && say({ completed: e.id }));
// Open the database before taking jobs: starting PGlite keeps the event loop busy for a while, and a
// handler waiting on it could miss renewing its short test lease.
await db.ping();
await queue.start({ concurrency: 1 });
say({ ready: true });

process.once('SIGTERM', () => {
  void queue
    .stop()
    .then(() => db.close())
    .then(() => process.exit(0));
});
