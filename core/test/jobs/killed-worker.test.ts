import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/jobs/create-queue.js';
import { createLogger } from '../../src/kernel/logger.js';
import {
  createEffectTables,
  createTenants,
  deleteRedisPrefix,
  REDIS_URL,
  sharedDatabase,
  waitFor,
} from './support.js';

/**
 * At-least-once delivery, end to end: a worker process is SIGKILLed in the middle of a job; a second worker
 * picks the job up (BullMQ: stalled-job check; database: the lease expires and the claim takes it again)
 * and completes it. The handler ran twice, its effect exists once, because the effect is keyed by the job.
 */
const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));
const PREFIX = `kado-test-${randomUUID().slice(0, 8)}`;
const LEASE_MS = 3000; // short, so the test is quick; long enough for a loaded machine's timers
const logger = createLogger({ logLevel: 'silent' });

afterAll(() => deleteRedisPrefix(PREFIX));

interface Worker {
  child: ChildProcess;
  pid: number;
  /** The first JSON line the worker printed that matches. */
  said(
    match: (message: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Every worker process a test started, so none outlives a failing test. */
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startWorker(env: Record<string, string | undefined>): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  let partial = '';
  const messages: Record<string, unknown>[] = [];
  child.stdout!.on('data', (chunk) => {
    output += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{"pid"')) messages.push(JSON.parse(line));
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    exited,
    said: (match, timeoutMs = 45_000) =>
      waitFor(
        () => `worker ${child.pid} to print a matching line; it printed:\n${output}`,
        () => {
          if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output}`);
          return messages.find(match);
        },
        timeoutMs,
      ),
  };
}

describe.each([
  { kind: 'database', redisUrl: undefined },
  { kind: 'bullmq', redisUrl: REDIS_URL },
] as const)('a killed worker ($kind)', ({ kind, redisUrl }) => {
  it('has its job picked up by another worker and completed, with the effect written exactly once', async () => {
    const shared = await sharedDatabase();
    const queueOptions = { queueName: `killed-${kind}`, prefix: PREFIX, leaseMs: LEASE_MS };
    // Only the database and Redis the test chose, whatever the test runner's own environment says.
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: undefined,
      KADO_DATA_DIR: undefined,
      ...shared.env,
      REDIS_URL: redisUrl,
      JOBS_QUEUE: queueOptions.queueName,
      JOBS_PREFIX: PREFIX,
      JOBS_LEASE_MS: String(LEASE_MS),
    };
    try {
      let db = shared.open();
      const [tenantId] = (await createTenants(db, ['killed'])) as [string];
      await createEffectTables(db);
      const producer = createJobQueue({ redisUrl }, db, logger, queueOptions);
      const { id } = await producer.enqueue('test.effect', {}, { tenantId });
      await producer.stop();
      await db.close();

      const first = startWorker({ ...env, HANG: '1' });
      expect(await first.said((m) => m.started === id)).toMatchObject({ attempt: 1 });
      first.child.kill('SIGKILL');
      await first.exited;

      const killedAt = Date.now();
      const second = startWorker({ ...env, HANG: '0' });
      expect(await second.said((m) => m.started === id)).toMatchObject({ attempt: 2 });
      await second.said((m) => m.completed === id);
      const recoveredInMs = Date.now() - killedAt;
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0); // stopped gracefully

      db = shared.open();
      const starts = await db.asOwner((tx) =>
        sql<{ attempt: number; pid: number }>`SELECT attempt, pid FROM test_job_starts ORDER BY at`.execute(
          tx,
        ),
      );
      expect(starts.rows).toEqual([
        { attempt: 1, pid: first.pid },
        { attempt: 2, pid: second.pid },
      ]);
      const effects = await db.asOwner((tx) =>
        sql<{ job_id: string; pid: number }>`SELECT job_id, pid FROM test_job_effects`.execute(tx),
      );
      expect(effects.rows).toEqual([{ job_id: id, pid: second.pid }]);
      const reader = createJobQueue({ redisUrl }, db, logger, queueOptions);
      expect(await reader.get(tenantId, id)).toMatchObject({
        state: 'completed',
        attempts: 2,
        result: { pid: second.pid },
      });
      await reader.stop();
      await db.close();
      console.log(
        `${kind}: killed worker's job completed by the next worker ${recoveredInMs} ms after the kill`,
      );
    } finally {
      await shared.drop();
    }
  }, 90_000); // 10–20 s: it starts two processes, each compiling and opening the database
});
