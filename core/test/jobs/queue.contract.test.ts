import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { createJobQueue } from '../../src/jobs/create-queue.js';
import { type JobEvent, JobInputError, type JobQueue, type JobState } from '../../src/jobs/queue.js';
import { createLogger } from '../../src/kernel/logger.js';
import { freshDatabase } from '../support/test-database.js';
import { createTenants, deleteRedisPrefix, REDIS_URL, waitFor } from './support.js';

/**
 * One contract, two adapters: the in-process queue on the database and BullMQ on real Redis must behave
 * the same to their callers. Each file uses its own Redis prefix, so parallel files never meet.
 */
const PREFIX = `kado-test-${randomUUID().slice(0, 8)}`;
const logger = createLogger({ logLevel: 'silent' });

let db: Database;
let drop: () => Promise<void>;
let A: string;
let B: string;

beforeAll(async () => {
  ({ db, drop } = await freshDatabase());
  [A, B] = (await createTenants(db, ['job-a', 'job-b'])) as [string, string];
});
afterAll(async () => {
  await drop();
  await deleteRedisPrefix(PREFIX);
});

describe.each([
  { kind: 'database', redisUrl: undefined },
  { kind: 'bullmq', redisUrl: REDIS_URL },
] as const)('job queue contract: $kind', ({ kind, redisUrl }) => {
  const options = { queueName: `contract-${kind}`, prefix: PREFIX, pollMs: 25, leaseMs: 5000 };
  let queue: JobQueue;
  const events: JobEvent[] = [];
  /** Attempts seen by handlers, by job id: [attempt, at]. */
  const runs = new Map<string, { attempt: number; at: number }[]>();
  const record = (id: string, attempt: number) =>
    runs.set(id, [...(runs.get(id) ?? []), { attempt, at: Date.now() }]);
  let fixed = false;

  beforeAll(async () => {
    queue = createJobQueue({ redisUrl }, db, logger, options);
    expect(queue.kind).toBe(kind);
    queue.register<{ n: number }>('report', async (job) => {
      record(job.id, job.attempt);
      for (const p of [25, 50, 100]) await job.progress(p);
      return { doubled: job.data.n * 2, tenantId: job.tenantId, name: job.name };
    });
    queue.register('flaky', (job) => {
      record(job.id, job.attempt);
      if (job.attempt < 3) throw new Error(`flaky failure ${job.attempt}`);
      return { attempt: job.attempt };
    });
    queue.register('broken', (job) => {
      record(job.id, job.attempt);
      if (!fixed) throw new Error(`still broken (attempt ${job.attempt})`);
      return 'mended';
    });
    queue.register('once', async (job) => {
      record(job.id, job.attempt);
      await new Promise((r) => setTimeout(r, 100)); // long enough for re-submits to arrive mid-run
      return null;
    });
    queue.onEvent((e) => events.push(e));
    await queue.start({ concurrency: 4 });
  });
  afterAll(() => queue.stop());

  const settled = (tenantId: string, id: string, state: JobState = 'completed') =>
    waitFor(`job ${id} ${state}`, async () => {
      const job = await queue.get(tenantId, id);
      return job?.state === state && job;
    });
  const eventsOf = (id: string) => events.filter((e) => e.id === id);
  /** States in order, repeats collapsed (progress reports are 'active' too). */
  const statesOf = (id: string) =>
    eventsOf(id)
      .map((e) => e.state)
      .filter((s, i, all) => s !== all[i - 1]);

  it('runs a job, reporting progress in order, and keeps its result', async () => {
    const { id } = await queue.enqueue('report', { n: 21 }, { tenantId: A });
    const job = await settled(A, id);
    expect(job).toMatchObject({
      id,
      name: 'report',
      state: 'completed',
      progress: 100,
      attempts: 1,
      error: null,
      result: { doubled: 42, tenantId: A, name: 'report' },
    });
    expect(job.createdAt).toBeInstanceOf(Date);
    expect(job.finishedAt!.getTime()).toBeGreaterThanOrEqual(job.createdAt.getTime());

    await waitFor('completed event', () => eventsOf(id).some((e) => e.state === 'completed'));
    expect(statesOf(id)).toEqual(['waiting', 'active', 'completed']);
    expect(
      eventsOf(id)
        .filter((e) => e.state === 'active' && e.progress > 0)
        .map((e) => e.progress),
    ).toEqual([25, 50, 100]);
    expect(eventsOf(id).at(-1)).toEqual({
      tenantId: A,
      id,
      name: 'report',
      state: 'completed',
      progress: 100,
    });
  });

  it('retries a failing handler with exponential backoff until it succeeds', async () => {
    const { id } = await queue.enqueue('flaky', {}, { tenantId: A, backoffMs: 100 });
    const job = await settled(A, id);
    expect(job).toMatchObject({ attempts: 3, result: { attempt: 3 }, error: null });
    const seen = runs.get(id)!;
    expect(seen.map((r) => r.attempt)).toEqual([1, 2, 3]);
    // 100 ms after the first failure, 200 ms after the second (a little slack for timers).
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(90);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(190);
    await waitFor('completed event', () => eventsOf(id).some((e) => e.state === 'completed'));
    expect(statesOf(id)).toEqual([
      'waiting',
      'active',
      'waiting',
      'active',
      'waiting',
      'active',
      'completed',
    ]);
  });

  it('fails for good after the last attempt, lists it as failed, and runs it again on retry', async () => {
    fixed = false;
    const { id } = await queue.enqueue('broken', { row: 7 }, { tenantId: A, attempts: 2, backoffMs: 10 });
    const failed = await settled(A, id, 'failed');
    expect(failed).toMatchObject({ attempts: 2, error: 'still broken (attempt 2)', result: null });
    expect(failed.finishedAt).toBeInstanceOf(Date);
    await waitFor('failed event', () => eventsOf(id).some((e) => e.state === 'failed'));

    const failedOfA = await queue.list(A, { state: 'failed', limit: 10 });
    expect(failedOfA.map((j) => j.id)).toContain(id);
    expect(failedOfA.every((j) => j.state === 'failed')).toBe(true);
    expect((await queue.list(A, { state: 'completed', limit: 50 })).map((j) => j.id)).not.toContain(id);
    expect((await queue.list(A, { limit: 50 })).map((j) => j.id)).toContain(id);
    expect((await queue.list(B, { state: 'failed', limit: 10 })).map((j) => j.id)).not.toContain(id);

    expect(await queue.retry(B, id)).toBe('not-found');
    fixed = true;
    expect(await queue.retry(A, id)).toBe('retried');
    const done = await settled(A, id);
    expect(done).toMatchObject({ attempts: 1, error: null, result: 'mended', finishedAt: expect.any(Date) });
    expect(runs.get(id)!.map((r) => r.attempt)).toEqual([1, 2, 1]);
    expect(await queue.retry(A, id)).toBe('not-failed');
    expect(await queue.retry(A, 'no-such-job')).toBe('not-found');
  });

  it('runs a job once however often the same jobId is submitted, even while it runs', async () => {
    const jobId = `import.${randomUUID()}`;
    const submits = await Promise.all(
      [1, 2, 3].map((n) => queue.enqueue('once', { n }, { tenantId: A, jobId })),
    );
    expect(submits).toEqual([{ id: jobId }, { id: jobId }, { id: jobId }]);
    await waitFor('job running', () => runs.has(jobId));
    expect(await queue.enqueue('once', { n: 4 }, { tenantId: A, jobId })).toEqual({ id: jobId });
    await settled(A, jobId);
    expect(await queue.enqueue('once', { n: 5 }, { tenantId: A, jobId })).toEqual({ id: jobId });
    await new Promise((r) => setTimeout(r, 300));
    expect(runs.get(jobId)).toHaveLength(1);
    expect((await queue.get(A, jobId))?.state).toBe('completed');

    // The same key in another tenant is another job: keys are per tenant.
    expect(await queue.enqueue('once', {}, { tenantId: B, jobId })).toEqual({ id: jobId });
    await settled(B, jobId);
    expect(runs.get(jobId)).toHaveLength(2);
  });

  it("never shows tenant B tenant A's job", async () => {
    const { id } = await queue.enqueue('report', { n: 1 }, { tenantId: A, jobId: `private-${kind}` });
    await settled(A, id);
    expect(await queue.get(B, id)).toBeUndefined();
    expect((await queue.list(B, { limit: 100 })).map((j) => j.id)).not.toContain(id);
    expect(await queue.retry(B, id)).toBe('not-found');
    expect(await queue.get(A, 'no-such-job')).toBeUndefined();
    expect(await queue.get('not-a-uuid', id)).toBeUndefined();
    expect(await queue.get(A, 'bad:id')).toBeUndefined();
  });

  it('accepts jobs from a queue that does not process (an API process beside `kado worker`)', async () => {
    const producer = createJobQueue({ redisUrl }, db, logger, options);
    try {
      const { id } = await producer.enqueue('report', { n: 5 }, { tenantId: B });
      expect((await settled(B, id)).result).toMatchObject({ doubled: 10 });
      expect((await producer.get(B, id))?.state).toBe('completed');
    } finally {
      await producer.stop();
    }
  });

  it('does not hand a slow job to a second worker while the first renews its lease', async () => {
    const leased = { ...options, queueName: `lease-${kind}`, leaseMs: 1000 };
    const workers = [
      createJobQueue({ redisUrl }, db, logger, leased),
      createJobQueue({ redisUrl }, db, logger, leased),
    ];
    let starts = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const w of workers) {
      w.register('slow', async () => {
        starts++;
        await gate;
        return 'done';
      });
      await w.start({ concurrency: 2 });
    }
    try {
      const { id } = await workers[0]!.enqueue('slow', {}, { tenantId: A });
      await waitFor('slow job to start', () => starts > 0);
      await new Promise((r) => setTimeout(r, 2500)); // two and a half leases
      expect(starts).toBe(1);
      release();
      await waitFor('slow job completed', async () => (await workers[1]!.get(A, id))?.state === 'completed');
      expect(starts).toBe(1);
    } finally {
      release();
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it('counts the jobs of its own queue by state, across tenants', async () => {
    const counted = createJobQueue({ redisUrl }, db, logger, { ...options, queueName: `counts-${kind}` });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    counted.register('hold', () => gate);
    counted.register('fail', () => {
      throw new Error('fails on purpose');
    });
    try {
      expect(await counted.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
      await counted.enqueue('hold', {}, { tenantId: A });
      await counted.enqueue('fail', {}, { tenantId: B, attempts: 1 });
      await counted.enqueue('fail', {}, { tenantId: A, attempts: 2, backoffMs: 60_000 });
      expect(await counted.counts()).toEqual({ waiting: 3, active: 0, delayed: 0, failed: 0 });

      await counted.start({ concurrency: 4 });
      const running = { waiting: 0, active: 1, delayed: 1, failed: 1 };
      await waitFor(
        'one running, one failed, one in backoff',
        async () => JSON.stringify(await counted.counts()) === JSON.stringify(running),
      );
      release();
      await waitFor('the held job completed', async () => (await counted.counts()).active === 0);
      expect(await counted.counts()).toEqual({ waiting: 0, active: 0, delayed: 1, failed: 1 });
    } finally {
      release();
      await counted.stop();
    }
  });

  it('refuses bad input with a message saying what is wrong', async () => {
    await expect(queue.enqueue('report', {}, { tenantId: 'nope' })).rejects.toThrow(JobInputError);
    await expect(queue.enqueue('report', {}, { tenantId: A, jobId: 'has:colon' })).rejects.toThrow(/jobId/);
    await expect(queue.enqueue('report', {}, { tenantId: A, attempts: 0 })).rejects.toThrow(/attempts/);
  });
});
