import ExcelJS from 'exceljs';
import type request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { giveContract } from '../support/contracts-time-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import {
  acceptedOrder,
  enablePlugin,
  grantSkills,
  importFile,
  qualify,
  waitFor,
} from '../support/work-flow.js';

/**
 * An order's whole life with the shift-operations work type (director review): import with every bad row
 * reported, "next task" by skill, drafts, leases that expire, hand-in, return and rework, acceptance,
 * accuracy, the deliverable job, and the client's download.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let worker2: Client;
let client: Client;
let orderId: string;
let projectId: string;

const parameters = {
  service: { ja: 'AIオンデマンドバス オペレーション', en: 'AI on-demand bus operations' },
  place: 'centre',
  slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '13:00', staff: 1 }],
};
const report = {
  startedAt: '09:00',
  endedAt: '13:00',
  breakMinutes: 15,
  handled: 30,
  incidents: '',
  notes: '',
};
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  await t.addUser('alpha', 'worker', 'worker2@alpha.test');
  worker2 = await t.signIn('worker2@alpha.test');
  await enablePlugin(admin, 'alpha', 'shift-operations');
  ({ orderId, projectId } = await acceptedOrder(director, 'alpha', {
    workType: 'shift-operations',
    parameters,
  }));
  const members = (await admin.get('/api/t/alpha/members').expect(200)).body as {
    userId: string;
    email: string;
  }[];
  const clientUser = members.find((m) => m.email === 'client@alpha.test')!.userId;
  const order = (await director.get(`/api/t/alpha/orders/${orderId}`).expect(200)).body;
  await admin.post(`/api/t/alpha/clients/${order.clientId}/users`, { userId: clientUser }).expect(200);
  client = await t.signIn('client@alpha.test');
});

describe('orders become projects', () => {
  it('records the plugin version and quality policy the project was created with', async () => {
    const project = (await director.get(`/api/t/alpha/projects/${projectId}`).expect(200)).body;
    expect(project).toMatchObject({
      orderId,
      workType: 'shift-operations',
      pluginVersion: '1.0.0',
      quality: { strategy: 'review' },
      needed: 1,
    });
  });

  it('refuses an order whose work type is not enabled or whose parameters do not fit it', async () => {
    const clientId = (await director.get(`/api/t/alpha/orders/${orderId}`).expect(200)).body.clientId;
    const base = {
      clientId,
      title: 'x',
      contractType: 'ukeoi',
      quantity: 1,
      unitPrice: 1,
      deadline: '2027-01-01T00:00:00Z',
      qualityTarget: 90,
    };
    const disabled = await director
      .post('/api/t/alpha/orders', { ...base, workType: 'image-annotation', parameters: { labels: ['car'] } })
      .expect(422);
    expect(disabled.body.detail).toMatch(/有効ではありません/);
    const bad = await director
      .post('/api/t/alpha/orders', { ...base, workType: 'shift-operations', parameters: { slots: [] } })
      .expect(400);
    expect(bad.body.errors.some((e: { pointer: string }) => e.pointer.startsWith('/body/parameters'))).toBe(
      true,
    );
  });
});

describe('importing the input', () => {
  it('rejects a file with bad rows, naming every one, and imports nothing', async () => {
    const result = await importFile(
      director,
      'alpha',
      projectId,
      'csv',
      'date,start,end,staff\n2026-12-01,09:00,13:00,1\n2026-12-02,13:00,09:00,1\n2026-12-03,09:00,13:00,0\n',
    );
    expect(result.status).toBe('failed');
    expect(result.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    expect(result.errors[0].error).toMatch(/ \/ /); // Japanese / English
    const tasks = (await director.get(`/api/t/alpha/projects/${projectId}/tasks`).expect(200)).body;
    expect(tasks).toHaveLength(0);
  });

  it('imports a clean file as a background job and moves the order to in progress', async () => {
    const result = await importFile(
      director,
      'alpha',
      projectId,
      'csv',
      'date,start,end,staff\n2026-12-01,09:00,13:00,2\n2026-12-02,09:00,13:00,1\n',
    );
    expect(result).toMatchObject({ status: 'done', imported: 3 });
    await expect
      .poll(async () => (await director.get(`/api/t/alpha/orders/${orderId}`).expect(200)).body.status)
      .toBe('in_progress');
    const project = (await director.get(`/api/t/alpha/projects/${projectId}`).expect(200)).body;
    expect(project.progress).toMatchObject({ total: 3, open: 3 });
  });

  it('refuses an unknown import format with a clear message', async () => {
    const res = await director
      .post(`/api/t/alpha/projects/${projectId}/imports?format=pdf`)
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF'))
      .expect(400);
    expect(res.body.errors[0].pointer).toBe('/query/format');
  });
});

describe('doing the work', () => {
  let taskId: string;

  it('offers nothing to a worker without the skills the work type needs', async () => {
    // With an agreement (issue #5), so that only the missing skills keep the work away.
    await giveContract(admin, worker, 'alpha', 'worker@alpha.test');
    const res = await worker.post('/api/t/alpha/tasks/next', {}).expect(200);
    expect(res.body.task).toBeNull();
  });

  it('hands a qualified worker a task, the same one again while they hold it, and another to a colleague', async () => {
    await qualify(admin, worker, 'alpha', 'worker@alpha.test', ['operations']);
    await qualify(admin, worker2, 'alpha', 'worker2@alpha.test', ['operations']);
    const first = (await worker.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    expect(first.payload).toMatchObject({ date: '2026-12-01', start: '09:00' });
    expect(first).toMatchObject({ workType: 'shift-operations', parameters: { place: 'centre' } });
    expect(first).not.toHaveProperty('golden');
    expect(first).not.toHaveProperty('expected');
    const again = (await worker.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    expect(again.id).toBe(first.id);
    const other = (await worker2.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    expect(other.id).not.toBe(first.id);
    taskId = first.id;
  });

  it('lists open shifts a qualified worker may sign up for, and signs them up for one', async () => {
    const open = (await worker2.get('/api/t/alpha/tasks/open').expect(200)).body;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((o: { workType: string }) => o.workType === 'shift-operations')).toBe(true);
    expect(open[0]).not.toHaveProperty('expected');
    const noSkills = await t.signIn('director@alpha.test');
    expect((await noSkills.get('/api/t/alpha/tasks/open').expect(200)).body).toEqual([]);
    await worker2
      .delete(
        `/api/t/alpha/tasks/${(await worker2.get('/api/t/alpha/tasks/mine').expect(200)).body.tasks[0].id}/lease`,
      )
      .expect(204);
    const signed = (await worker2.post(`/api/t/alpha/tasks/${open[0].id}/claim`).expect(200)).body;
    expect(signed.id).toBe(open[0].id);
  });

  it('shows a director who takes work the worker’s view of their task', async () => {
    await grantSkills(admin, 'alpha', 'director@alpha.test', ['operations']);
    const held = (await director.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    const view = (await director.get(`/api/t/alpha/tasks/${held.id}?view=work`).expect(200)).body;
    expect(view).toMatchObject({
      id: held.id,
      workType: 'shift-operations',
      assignment: { status: 'active' },
    });
    expect((await director.get(`/api/t/alpha/tasks/${held.id}`).expect(200)).body).toHaveProperty(
      'submissions',
    );
    await director.delete(`/api/t/alpha/tasks/${held.id}/lease`).expect(204);
  });

  it('offers only tasks that fit the minutes the worker has', async () => {
    await worker2
      .delete(
        `/api/t/alpha/tasks/${(await worker2.get('/api/t/alpha/tasks/mine').expect(200)).body.tasks[0].id}/lease`,
      )
      .expect(204);
    const none = (await worker2.post('/api/t/alpha/tasks/next', { minutes: 60 }).expect(200)).body.task;
    expect(none).toBeNull();
  });

  it('returns an abandoned task to the pool once its lease has expired', async () => {
    const held = (await worker2.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    // The phone went away: no draft saves renew the lease, and its expiry passes.
    await t.db.asOwner((tx) =>
      tx
        .updateTable('assignments')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('task_id', '=', held.id)
        .execute(),
    );
    await t.db.asOwner((tx) =>
      tx
        .updateTable('tasks')
        .set({ lease_expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', held.id)
        .execute(),
    );
    const third = await t.addUser('alpha', 'worker', 'worker3@alpha.test');
    const w3 = await t.signIn(third.email);
    await qualify(admin, w3, 'alpha', third.email, ['operations']);
    const taken = (await w3.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    expect(taken.id).toBe(held.id);
    const late = await worker2
      .post(`/api/t/alpha/tasks/${held.id}/submit`, { submission: report })
      .expect(409);
    expect(late.body.detail).toMatch(/期限切れ/);
  });

  it('saves a draft, refuses a bad report with nothing changed, and takes a good one', async () => {
    await worker.put(`/api/t/alpha/tasks/${taskId}/draft`, { draft: { startedAt: '09:00' } }).expect(200);
    const mine = (await worker.get(`/api/t/alpha/tasks/${taskId}`).expect(200)).body;
    expect(mine.assignment.draft).toEqual({ startedAt: '09:00' });
    const bad = await worker
      .post(`/api/t/alpha/tasks/${taskId}/submit`, { submission: { ...report, endedAt: '08:00' } })
      .expect(400);
    expect(bad.body.errors[0].pointer).toMatch(/^\/body\/submission\//);
    const still = (await director.get(`/api/t/alpha/tasks/${taskId}`).expect(200)).body;
    expect(still.status).toBe('assigned');
    await worker.post(`/api/t/alpha/tasks/${taskId}/submit`, { submission: report }).expect(200);
    const after = (await director.get(`/api/t/alpha/tasks/${taskId}`).expect(200)).body;
    expect(after.status).toBe('submitted');
    await worker.post(`/api/t/alpha/tasks/${taskId}/submit`, { submission: report }).expect(409);
  });

  it('lets a director return work with a comment; the worker gets it back first and sees why', async () => {
    const queue = (await director.get('/api/t/alpha/reviews').expect(200)).body;
    expect(queue.map((q: { id: string }) => q.id)).toContain(taskId);
    await director.post(`/api/t/alpha/tasks/${taskId}/review`, { decision: 'return' }).expect(400);
    await director
      .post(`/api/t/alpha/tasks/${taskId}/review`, {
        decision: 'return',
        comment: '対応件数を確認してください',
      })
      .expect(200);
    const next = (await worker.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    expect(next.id).toBe(taskId);
    const seen = (await worker.get(`/api/t/alpha/tasks/${taskId}`).expect(200)).body;
    expect(seen.returnComment).toBe('対応件数を確認してください');
    await worker
      .post(`/api/t/alpha/tasks/${taskId}/submit`, { submission: { ...report, handled: 31 } })
      .expect(200);
    const accepted = await director
      .post(`/api/t/alpha/tasks/${taskId}/review`, { decision: 'accept' })
      .expect(200);
    expect(accepted.body.status).toBe('accepted');
  });

  it('keeps a running accuracy per worker and the project’s measured quality', async () => {
    const accuracy = (await director.get('/api/t/alpha/accuracy').expect(200)).body;
    const mine = accuracy.find((a: { displayName: string }) => a.displayName === 'worker of alpha');
    expect(mine).toMatchObject({ workType: 'shift-operations', scored: 2, accuracy: 0.5 });
    const project = (await director.get(`/api/t/alpha/projects/${projectId}`).expect(200)).body;
    expect(project.measuredQuality).toBe(50);
    expect(project.progress.accepted).toBe(1);
  });
});

describe('delivery', () => {
  it('builds the deliverable as a job, moves the order to delivered, and lets the client download it', async () => {
    const started = await director
      .post(`/api/t/alpha/projects/${projectId}/exports`, { format: 'xlsx' })
      .expect(202);
    await waitFor(director, `/api/t/alpha/projects/${projectId}/exports/${started.body.id}`);
    // The job moves the order right after the file is done.
    await expect
      .poll(async () => (await client.get(`/api/t/alpha/orders/${orderId}`).expect(200)).body.status)
      .toBe('delivered');
    const progress = (await client.get(`/api/t/alpha/orders/${orderId}/progress`).expect(200)).body;
    expect(progress).toMatchObject({
      qualityTarget: 95,
      measuredQuality: 50,
      progress: { accepted: 1, total: 3 },
    });
    const deliverables = (await client.get(`/api/t/alpha/orders/${orderId}/deliverables`).expect(200)).body;
    expect(deliverables.map((d: { id: string }) => d.id)).toEqual([started.body.id]);
    const file = await client
      .get(`/api/t/alpha/deliverables/${started.body.id}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(file.headers['content-disposition']).toMatch(/attachment/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Uint8Array.from(file.body as Buffer).buffer);
    const roster = book.worksheets[0]!;
    expect(roster.rowCount).toBe(2); // header + the one accepted shift
    expect(JSON.stringify(roster.getRow(2).values)).toContain('worker of alpha');
  });
});

describe('tenant isolation', () => {
  it('answers 404 to another centre for every project and task route', async () => {
    const beta = await t.signIn('director@beta.test');
    const betaWorker = await t.signIn('worker@beta.test');
    const task = (await director.get(`/api/t/alpha/projects/${projectId}/tasks`).expect(200)).body[0];
    await beta.get(`/api/t/beta/projects/${projectId}`).expect(404);
    await beta.get(`/api/t/beta/projects/${projectId}/tasks`).expect(404);
    await beta.get(`/api/t/beta/tasks/${task.id}`).expect(404);
    await beta.post(`/api/t/beta/tasks/${task.id}/review`, { decision: 'accept' }).expect(404);
    await beta.post(`/api/t/beta/projects/${projectId}/exports`, { format: 'xlsx' }).expect(404);
    await betaWorker.post(`/api/t/beta/tasks/${task.id}/claim`).expect(404);
    await beta.get(`/api/t/alpha/projects/${projectId}`).expect(404);
  });

  it('shows a client only its own company’s deliverables', async () => {
    const exports = (await director.get(`/api/t/alpha/projects/${projectId}/exports`).expect(200)).body;
    const other = await t.addUser('alpha', 'client', 'other-client@alpha.test');
    const otherClient = await t.signIn(other.email);
    await otherClient.get(`/api/t/alpha/orders/${orderId}/deliverables`).expect(404);
    await otherClient.get(`/api/t/alpha/orders/${orderId}/progress`).expect(404);
    await otherClient.get(`/api/t/alpha/deliverables/${exports[0].id}`).expect(404);
    await worker.get(`/api/t/alpha/deliverables/${exports[0].id}`).expect(403);
  });
});
