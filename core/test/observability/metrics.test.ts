import { request as httpRequest } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/jobs/queue.js';
import { TOKENS } from '../../src/kernel/tokens.js';
import { startObservability } from '../../src/observability/start-observability.js';
import { waitFor } from '../jobs/support.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The value of one series in Prometheus text, matched by name and exactly these labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort()))
      return Number(m[3]);
  }
  return undefined;
}

let t: TestApp;
const scrape = async () => {
  const res = await t.anonymous().get('/metrics').expect(200);
  expect(res.type).toBe('text/plain');
  return res.text;
};

beforeAll(async () => {
  t = await startTestApp();
});

describe('Prometheus metrics on /metrics', () => {
  it('counts requests by route template, never by URL or tenant', async () => {
    const before = await scrape();
    const route = '/t/:tenant/workspaces';
    const ok = { method: 'GET', route, status: '200' };
    const admin = await t.signIn('tenant_admin@alpha.test');
    await admin.get('/api/t/alpha/workspaces').expect(200);
    await admin.get('/api/t/alpha/workspaces').expect(200);
    await admin.get('/api/t/beta/workspaces').expect(404); // not a member: as if it did not exist
    await t.anonymous().get('/api/no/such/path').expect(404);

    const after = await scrape();
    expect(sample(after, 'kado_http_requests_total', ok)).toBe(
      (sample(before, 'kado_http_requests_total', ok) ?? 0) + 2,
    );
    expect(sample(after, 'kado_http_requests_total', { ...ok, status: '404' })).toBe(1);
    expect(
      sample(after, 'kado_http_requests_total', { method: 'POST', route: '/auth/sign-in', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, 'kado_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'kado_http_request_duration_seconds_count', { method: 'GET', route })).toBe(3);
    expect(after).toContain(
      'kado_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/t/:tenant/workspaces"}',
    );
    // The scrape itself is counted (once finished), under its own route.
    expect(
      sample(after, 'kado_http_requests_total', { method: 'GET', route: '/metrics', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    for (const slug of ['alpha', 'beta', 'no/such']) expect(after).not.toContain(slug);
  });

  it("reports the database pool's connections and the process metrics", async () => {
    const text = await scrape();
    // Figures of the moment (the scrape's own queue count may be borrowing a connection meanwhile).
    const pool = Object.fromEntries(
      ['total', 'idle', 'waiting'].map((state) => [
        state,
        sample(text, 'kado_db_pool_connections', { state }),
      ]),
    );
    expect(pool.total).toBeGreaterThanOrEqual(1);
    expect(pool.idle).toBeGreaterThanOrEqual(0);
    expect(pool.idle).toBeLessThanOrEqual(pool.total!);
    expect(pool.waiting).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# HELP kado_jobs ');
    expect(text).toMatch(/cluster-wide/);
    expect(sample(text, 'kado_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('kado_nodejs_eventloop_lag_seconds');
  });

  it('moves the queue gauge and the attempt counters when jobs run', async () => {
    const queue = t.container.get<JobQueue>(TOKENS.JobQueue);
    queue.register('test.ok', () => 'done');
    queue.register('test.broken', () => {
      throw new Error('broken on purpose');
    });
    const tenantId = t.tenants.alpha!;
    const ok = await queue.enqueue('test.ok', {}, { tenantId });
    const broken = await queue.enqueue('test.broken', {}, { tenantId, attempts: 1 });

    const queued = await scrape();
    expect(sample(queued, 'kado_jobs', { state: 'waiting' })).toBe(2);
    expect(sample(queued, 'kado_jobs', { state: 'failed' })).toBe(0);
    expect(sample(queued, 'kado_job_attempts_total', { name: 'test.ok' })).toBeUndefined();

    await queue.start({ concurrency: 2 });
    await waitFor('both jobs settled', async () => {
      const states = await Promise.all(
        [ok, broken].map(async (j) => (await queue.get(tenantId, j.id))?.state),
      );
      return states[0] === 'completed' && states[1] === 'failed';
    });
    const ran = await scrape();
    expect(sample(ran, 'kado_job_attempts_total', { name: 'test.ok' })).toBe(1);
    expect(sample(ran, 'kado_job_attempts_total', { name: 'test.broken' })).toBe(1);
    expect(sample(ran, 'kado_job_attempts_failed_total', { name: 'test.broken' })).toBe(1);
    expect(sample(ran, 'kado_job_attempts_failed_total', { name: 'test.ok' })).toBeUndefined();
    expect(sample(ran, 'kado_jobs', { state: 'waiting' })).toBe(0);
    expect(sample(ran, 'kado_jobs', { state: 'failed' })).toBe(1);
    expect(ran).not.toContain(tenantId);
  });
});

describe('METRICS_PORT', () => {
  const get = (port: number, path: string) =>
    new Promise<{ status: number; body: string; type: string | undefined }>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }));
      })
        .on('error', reject)
        .end();
    });

  it('serves /metrics on its own port and not on the main app', async () => {
    // A free port for the listener: bind one, then hand it over.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const separate = await startTestApp(
      { METRICS_PORT: String(port), HOST: '127.0.0.1' },
      { tenants: false },
    );
    const observability = await startObservability(separate.container);
    try {
      await separate.anonymous().get('/api/health').expect(200);
      await separate.anonymous().get('/metrics').expect(404);
      const res = await get(port, '/metrics');
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^text\/plain/);
      expect(
        sample(res.body, 'kado_http_requests_total', { method: 'GET', route: '/health', status: '200' }),
      ).toBe(1);
      expect(
        sample(res.body, 'kado_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
      ).toBe(1);
      expect((await get(port, '/other')).status).toBe(404);
    } finally {
      await observability.stop();
    }
    await expect(get(port, '/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });
});
