import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/src/realtime/events.js';
import { launch } from '../../ui/e2e/support/browser.ts';
import { type Cluster, startCluster } from './cluster.js';
import { DEMO_PASSWORD, type Session, signIn } from './session.js';

/**
 * The platform as deployed beyond one process: 2 web instances behind HAProxy, 2 job workers, PgBouncer
 * in transaction mode, a Redis of its own. Each check prints its figures; none of them is a timing
 * assertion — what must hold is that nothing acknowledged is lost and nothing runs its effect twice.
 */
const TENANT = 'matsumoto';
const ADMIN = 'admin@matsumoto.kado.example';

let cluster: Cluster;
let admin: Session;
let db: pg.Pool;
let browser: Browser | undefined;

beforeAll(async () => {
  cluster = await startCluster({ web: 2, workers: 2, seed: { work: false } });
  // The test's own view of the database, as the owner and bypassing the app: the source of truth.
  db = new pg.Pool({ connectionString: cluster.databaseUrl, max: 2, application_name: 'kado-cluster-test' });
  db.on('error', () => {}); // the connection-drop check kills only others, but an idle client may notice
  admin = await signIn(cluster.url, ADMIN);
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
  await cluster?.stop();
});

/** How a worker names itself in processed_by (see the probes service). */
const processName = (pid: number | undefined) => `${hostname()}:${pid}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(check: string, figures: Record<string, unknown>) {
  const line = Object.entries(figures)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(' ');
  console.log(`[cluster] ${check}: ${line}`);
}

async function enqueueProbes(base: string, count: number, holdMs = 0): Promise<string[]> {
  const res = await admin.call<{ ids: string[] }>(base, 'POST', `/t/${TENANT}/system/probes`, {
    count,
    holdMs,
  });
  if (res.status !== 202) throw new Error(`probes: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.ids;
}

interface ProbeCounts {
  probes: number;
  processed: number;
  runs: number;
  effects: number;
  probesWithEffect: number;
}

async function probeCounts(ids: string[]): Promise<ProbeCounts> {
  const { rows } = await db.query<ProbeCounts>(
    `SELECT count(*)::int AS probes, count(p.processed_at)::int AS processed,
            coalesce(sum(p.runs), 0)::int AS runs,
            (SELECT count(*)::int FROM queue_probe_effects e WHERE e.probe_id = ANY($1::uuid[])) AS effects,
            (SELECT count(DISTINCT e.probe_id)::int FROM queue_probe_effects e
              WHERE e.probe_id = ANY($1::uuid[])) AS "probesWithEffect"
       FROM queue_probes p WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  return rows[0]!;
}

/** Waits until every probe has its effect (or the time is up) and returns the counts either way. */
async function settle(ids: string[], timeoutMs = 120_000): Promise<ProbeCounts> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const counts = await probeCounts(ids);
    if (counts.processed === ids.length || Date.now() > until) return counts;
    await sleep(200);
  }
}

const outcome = (ids: string[], c: ProbeCounts) => ({
  jobs: ids.length,
  processed: c.processed,
  lost: ids.length - c.processed,
  duplicates: c.effects - c.probesWithEffect,
  reruns: c.runs - c.probes,
});

async function processedBy(ids: string[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ by: string; n: number }>(
    `SELECT processed_by AS by, count(*)::int AS n FROM queue_probes
      WHERE id = ANY($1::uuid[]) AND processed_by IS NOT NULL GROUP BY 1`,
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.by, r.n]));
}

/**
 * Writes through the load balancer for `seconds` (rate- and time-bounded, loopback only): each request
 * creates a client company; the ids of the acknowledged ones (201) are kept, to be found afterwards.
 */
async function writeLoad(seconds: number, during: () => Promise<void>) {
  const acknowledged: string[] = [];
  let sent = 0;
  const prefix = Date.now().toString(36); // names are unique per centre: one prefix per load run
  const run = autocannon({
    url: cluster.url,
    connections: 10,
    duration: seconds,
    overallRate: 250,
    requests: [
      {
        method: 'POST',
        path: `/api/t/${TENANT}/clients`,
        headers: admin.headers,
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ kind: 'company', name: `負荷試験 ${prefix}-${++sent}` }),
        }),
        onResponse: (status: number, body: string) => {
          if (status === 201) acknowledged.push((JSON.parse(body) as { id: string }).id);
        },
      },
    ],
  });
  await during();
  const result = await run;
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM clients WHERE id = ANY($1::uuid[])',
    [acknowledged],
  );
  return {
    requests: result.requests.total,
    acknowledged: acknowledged.length,
    errors: result.errors + result.timeouts + result.non2xx,
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    lost: acknowledged.length - rows[0]!.n,
  };
}

describe('a cluster of 2 web instances and 2 workers', () => {
  it('keeps a person signed in on every instance (sessions live in the database)', async () => {
    const [one, two] = cluster.web;
    const session = await signIn(one!.url, ADMIN);
    const me = await session.call<{ user: { email: string } }>(two!.url, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(ADMIN);
    expect((await session.call(two!.url, 'POST', '/auth/sign-out')).status).toBe(204);
    const after = await session.call(one!.url, 'GET', '/me');
    expect(after.status).toBe(401);
    report('session', { signedInOn: 'web1', readOn: 'web2', signedOutOn: 'web2', thenOnWeb1: after.status });
  });

  it('delivers an event raised on instance 1 to a browser connected to instance 2', async () => {
    const [one, two] = cluster.web;
    browser = await launch();
    const page = await browser.newPage();
    await page.goto(`${two!.url}/api/health`);
    await page.evaluate(
      async ([email, password]) => {
        const res = await fetch('/api/auth/sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        if (!res.ok) throw new Error(`sign-in ${res.status}`);
      },
      [ADMIN, DEMO_PASSWORD],
    );
    const socketIo = join(
      dirname(createRequire(import.meta.url).resolve('socket.io-client/package.json')),
      'dist/socket.io.min.js',
    );
    await page.addScriptTag({ path: socketIo });
    type Page = {
      io(options: object): {
        on(event: string, fn: (...args: never[]) => void): void;
        emit(event: string, data: object, ack: (a: { ok: boolean }) => void): void;
      };
      events: AuditEvent[];
    };
    await page.evaluate(
      (tenant) =>
        new Promise<void>((resolve, reject) => {
          const w = window as unknown as Page;
          w.events = [];
          const socket = w.io({ transports: ['websocket'], reconnection: false });
          socket.on('audit', (e: AuditEvent) => w.events.push(e));
          socket.on('connect_error', (e: Error) => reject(e));
          socket.on('connect', () =>
            socket.emit('join', { tenant }, (ack) =>
              ack.ok ? resolve() : reject(new Error('join refused')),
            ),
          );
        }),
      TENANT,
    );
    const started = Date.now();
    const created = await admin.call<{ id: string }>(one!.url, 'POST', `/t/${TENANT}/clients`, {
      kind: 'company',
      name: '実時間確認商事',
    });
    expect(created.status).toBe(201);
    const handle = await page.waitForFunction(
      (id) => (window as unknown as Page).events.find((e) => e.entityId === id),
      created.body.id,
      { timeout: 10_000 },
    );
    const event = (await handle.jsonValue()) as AuditEvent;
    expect(event).toMatchObject({ tenant: TENANT, entityType: 'client', entityId: created.body.id });
    report('realtime', {
      raisedOn: 'web1',
      browserOn: 'web2',
      action: event.action,
      ms: Date.now() - started,
    });
  });

  it('processes 10,000 jobs enqueued from both instances exactly once', async () => {
    const started = Date.now();
    const batches = await Promise.all(
      Array.from({ length: 20 }, (_, i) => enqueueProbes(cluster.web[i % 2]!.url, 500)),
    );
    const ids = batches.flat();
    const enqueuedMs = Date.now() - started;
    const counts = await settle(ids);
    const seconds = (Date.now() - started) / 1000;
    const split = await processedBy(ids);
    const result = outcome(ids, counts);
    report('10,000 jobs', {
      ...result,
      enqueuedFrom: 'web1+web2',
      enqueueSeconds: (enqueuedMs / 1000).toFixed(1),
      seconds: seconds.toFixed(1),
      jobsPerSecond: Math.round(ids.length / seconds),
      perWorker: split,
    });
    expect(ids).toHaveLength(10_000);
    expect(result).toMatchObject({ lost: 0, duplicates: 0 });
    expect(Object.keys(split)).toHaveLength(2); // both workers took their share
  });

  it('loses no request when a web instance is stopped gracefully (SIGTERM) under load', async () => {
    const figures = await writeLoad(6, async () => {
      await sleep(2000);
      cluster.web[0]!.child.kill('SIGTERM');
    });
    await cluster.restartWeb(0);
    await cluster.waitForBalancer();
    report('web instance stopped (SIGTERM) under load', figures);
    expect(figures.lost).toBe(0);
    expect(figures.errors).toBe(0);
    expect(figures.acknowledged).toBeGreaterThan(0);
  });

  it('loses no acknowledged write when a web instance is killed (SIGKILL) under load', async () => {
    const figures = await writeLoad(6, async () => {
      await sleep(2000);
      cluster.web[1]!.child.kill('SIGKILL');
    });
    await cluster.restartWeb(1);
    await cluster.waitForBalancer();
    // Requests in flight on the killed instance fail (HAProxy never replays a request a server may have
    // acted on); every write that was answered 201 is in the database.
    report('web instance killed (SIGKILL) under load', figures);
    expect(figures.lost).toBe(0);
    expect(figures.acknowledged).toBeGreaterThan(figures.errors);
  });

  it('re-runs the job of a worker killed mid-job once, with no duplicate effect', async () => {
    // Eight probes that hold 4 s after their effect: both workers (4 at a time each) are mid-job.
    const ids = await enqueueProbes(cluster.url, 8, 4000);
    const until = Date.now() + 20_000;
    while ((await probeCounts(ids)).processed < ids.length && Date.now() < until) await sleep(50);
    const before = await processedBy(ids);
    const victim = cluster.workers.findIndex((w) => before[processName(w.child.pid)] !== undefined);
    expect(victim).toBeGreaterThanOrEqual(0);
    const killedPid = cluster.workers[victim]!.child.pid!;
    const holding = before[processName(killedPid)]!;
    cluster.workers[victim]!.child.kill('SIGKILL');
    const killedAt = Date.now();
    // The dead worker's leases expire (JOB_LEASE_SECONDS=5) and the other worker runs those jobs again.
    const jobsUntil = Date.now() + 60_000;
    let completed = 0;
    while (Date.now() < jobsUntil) {
      const states = await Promise.all(
        ids.map((id) => admin.call<{ state: string }>(cluster.url, 'GET', `/t/${TENANT}/jobs/probe.${id}`)),
      );
      completed = states.filter((s) => s.body.state === 'completed').length;
      if (completed === ids.length) break;
      await sleep(250);
    }
    const counts = await probeCounts(ids);
    const result = outcome(ids, counts);
    report('worker killed mid-job', {
      ...result,
      killedHolding: holding,
      completed,
      rerunAfterSeconds: ((Date.now() - killedAt) / 1000).toFixed(1),
    });
    expect(completed).toBe(ids.length);
    expect(result).toMatchObject({ lost: 0, duplicates: 0, reruns: holding });
    await cluster.restartWorker(victim);
  });

  it('loses no job when Redis is restarted mid-run', async () => {
    const before = (
      await Promise.all([enqueueProbes(cluster.web[0]!.url, 1000), enqueueProbes(cluster.web[1]!.url, 1000)])
    ).flat();
    await sleep(300);
    const processedAtCrash = (await probeCounts(before)).processed;
    cluster.redis.kill();
    const downAt = Date.now();
    await sleep(1500);
    await cluster.redis.start();
    await cluster.waitForBalancer();
    const outageMs = Date.now() - downAt;
    const after = await enqueueProbes(cluster.url, 500);
    const ids = [...before, ...after];
    const counts = await settle(ids);
    const result = outcome(ids, counts);
    report('Redis restarted mid-run', { ...result, processedAtCrash, outageMs });
    expect(processedAtCrash).toBeLessThan(before.length); // the crash did come mid-run
    expect(result).toMatchObject({ lost: 0, duplicates: 0 });
  });

  it('recovers from dropping every database connection without a restart', async () => {
    const pids = [...cluster.web, ...cluster.workers].map((p) => p.child.pid);
    let terminated = 0;
    const figures = await writeLoad(6, async () => {
      await sleep(2000);
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> 'kado-cluster-test'`,
        [cluster.databaseName],
      );
      terminated = rows[0]!.n;
    });
    // Afterwards every instance writes again and the workers process jobs, with the same processes.
    const writes = await Promise.all(
      cluster.web.map(
        (w) =>
          admin
            .call(w.url, 'POST', `/t/${TENANT}/clients`, { kind: 'company', name: `復旧確認 ${w.url}` })
            .catch(() => ({ status: 0 })), // 0: the instance did not answer at all
      ),
    );
    const ids = await enqueueProbes(cluster.url, 50);
    const counts = await settle(ids, 30_000);
    const processes = [...cluster.web, ...cluster.workers];
    const samePids = processes.every((p, i) => p.child.pid === pids[i] && p.child.exitCode === null);
    for (const p of processes.filter((p) => p.child.exitCode !== null))
      console.log(`[cluster] process ${p.child.pid} exited:\n${p.output().slice(-3000)}`);
    report('database connections dropped', {
      terminated,
      ...figures,
      writesAfter: writes.map((w) => w.status).join(','),
      jobsAfter: `${counts.processed}/${ids.length}`,
      restarted: samePids ? 0 : 'some',
    });
    expect(terminated).toBeGreaterThan(0);
    expect(figures.lost).toBe(0);
    expect(writes.every((w) => w.status === 201)).toBe(true);
    expect(counts.processed).toBe(ids.length);
    expect(samePids).toBe(true);
  });
});
