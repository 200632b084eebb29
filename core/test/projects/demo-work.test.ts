import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/tenants/demo-seed.js';
import { TENANTS_DIR } from '../../src/server.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/** `npm start` on an empty database: the demo centres have running orders and work to do. */
let t: TestApp;
let director: Client;
let worker: Client;

beforeAll(async () => {
  t = await startTestApp();
  const dir = mkdtempSync(join(tmpdir(), 'kado-demo-'));
  cpSync(join(TENANTS_DIR, 'matsumoto'), join(dir, 'matsumoto'), { recursive: true });
  await seedDemo(t.container, dir, { work: true });
  director = await t.signIn('director@matsumoto.kado.example', 'kado-demo-2026');
  worker = await t.signIn('worker01@matsumoto.kado.example', 'kado-demo-2026');
}, 120_000);

describe('demo work', () => {
  it('has a running order of each work type with its input imported', async () => {
    const projects = (await director.get('/api/t/matsumoto/projects').expect(200)).body as {
      id: string;
      workType: string;
    }[];
    expect(projects.map((p) => p.workType).sort()).toEqual([
      'data-entry',
      'image-annotation',
      'shift-operations',
    ]);
    for (const p of projects) {
      const detail = (await director.get(`/api/t/matsumoto/projects/${p.id}`).expect(200)).body;
      const imports = (await director.get(`/api/t/matsumoto/projects/${p.id}/imports`).expect(200)).body;
      expect(detail.progress.total, JSON.stringify(imports)).toBeGreaterThan(0);
    }
    const orders = (await director.get('/api/t/matsumoto/orders').expect(200)).body;
    expect(orders.every((o: { status: string }) => o.status === 'in_progress')).toBe(true);
  });

  it('offers a demo worker a scan to key and a photo to annotate, both of which can be shown', async () => {
    const projects = (await director.get('/api/t/matsumoto/projects').expect(200)).body as {
      id: string;
      workType: string;
    }[];
    for (const [workType, type] of [
      ['data-entry', /image\/svg\+xml/],
      ['image-annotation', /image\/png/],
    ] as const) {
      const projectId = projects.find((p) => p.workType === workType)!.id;
      const task = (await worker.post('/api/t/matsumoto/tasks/next', { projectId }).expect(200)).body.task;
      expect(task, workType).not.toBeNull();
      const file = (task.payload.scan ?? task.payload.image?.file) as string;
      const res = await worker
        .get(`/api/t/matsumoto/projects/${projectId}/files/${encodeURIComponent(file)}`)
        .expect(200);
      expect(res.headers['content-type']).toMatch(type);
      await worker.delete(`/api/t/matsumoto/tasks/${task.id}/lease`).expect(204);
    }
  });
});
