import { beforeAll, describe, expect, it } from 'vitest';
import { ProbesService } from '../../src/modules/probes/probes.service.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/** Queue probes through HTTP and the real queue: each probe processed once, re-runs change nothing. */
let t: TestApp;
let alpha: Client;
let beta: Client;

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  alpha = await t.signIn('tenant_admin@alpha.test');
  beta = await t.signIn('tenant_admin@beta.test');
});

async function settled(admin: Client, slug: string, batch: string) {
  const until = Date.now() + 20_000;
  for (;;) {
    const summary = (await admin.get(`/api/t/${slug}/system/probes?batch=${batch}`).expect(200)).body;
    if (summary.pending === 0) return summary;
    if (Date.now() > until) throw new Error(`probes still pending: ${JSON.stringify(summary)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('queue probes', () => {
  it('processes every enqueued probe exactly once', async () => {
    const { batch, ids } = (await alpha.post('/api/t/alpha/system/probes', { count: 40 }).expect(202)).body;
    expect(ids).toHaveLength(40);
    const summary = await settled(alpha, 'alpha', batch);
    expect(summary).toMatchObject({
      probes: 40,
      processed: 40,
      pending: 0,
      effects: 40,
      duplicateEffects: 0,
    });
    expect(Object.values(summary.processedBy).reduce((a: number, b) => a + Number(b), 0)).toBe(40);
    const one = (await alpha.get(`/api/t/alpha/system/probes/${ids[0]}`).expect(200)).body;
    expect(one).toMatchObject({ id: ids[0], batch, runs: 1, effects: 1 });
    expect(one.processedAt).not.toBeNull();
  });

  it('counts a re-run and concurrent runs of the same job without a second effect', async () => {
    const { batch, ids } = (await alpha.post('/api/t/alpha/system/probes', { count: 1 }).expect(202)).body;
    await settled(alpha, 'alpha', batch);
    const probes = t.container.get(ProbesService);
    // At least once: the same job delivered again, five times at once (a stalled job and its re-run).
    await Promise.all(Array.from({ length: 5 }, () => probes.run(t.tenants.alpha!, ids[0])));
    const one = (await alpha.get(`/api/t/alpha/system/probes/${ids[0]}`).expect(200)).body;
    expect(one).toMatchObject({ runs: 6, effects: 1 });
    expect((await alpha.get(`/api/t/alpha/system/probes?batch=${batch}`).expect(200)).body).toMatchObject({
      reruns: 5,
      effects: 1,
      duplicateEffects: 0,
    });
  });

  it('refuses bad input with a problem and writes nothing', async () => {
    const before = (await alpha.get('/api/t/alpha/system/probes').expect(200)).body.probes;
    for (const body of [{ count: 0 }, { count: 1001 }, { holdMs: -1 }, { count: 1, extra: true }]) {
      const res = await alpha.post('/api/t/alpha/system/probes', body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await alpha.get('/api/t/alpha/system/probes?batch=not-a-uuid').expect(400);
    expect((await alpha.get('/api/t/alpha/system/probes').expect(200)).body.probes).toBe(before);
  });

  it('is for administrators only', async () => {
    const worker = await t.signIn('worker@alpha.test');
    await worker.post('/api/t/alpha/system/probes', { count: 1 }).expect(403);
    await worker.get('/api/t/alpha/system/probes').expect(403);
  });

  it('answers 404 to tenant B for tenant A’s probes and counts only B’s own', async () => {
    const { ids } = (await alpha.post('/api/t/alpha/system/probes', { count: 2 }).expect(202)).body;
    await beta.get(`/api/t/beta/system/probes/${ids[0]}`).expect(404);
    await beta.get(`/api/t/alpha/system/probes/${ids[0]}`).expect(404);
    await beta.get('/api/t/alpha/system/probes').expect(404);
    await beta.post('/api/t/alpha/system/probes', { count: 1 }).expect(404);
    expect((await beta.get('/api/t/beta/system/probes').expect(200)).body).toMatchObject({
      probes: 0,
      effects: 0,
    });
  });
});
