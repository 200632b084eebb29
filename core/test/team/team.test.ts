import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, WorkEvent } from '../../src/realtime/events.js';
import { RealtimeGateway } from '../../src/realtime/realtime.gateway.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { acceptedOrder, enablePlugin, importFile, qualify } from '../support/work-flow.js';

/** The directors' view: who is working on what now (pushed live), and who needs attention. */
let t: TestApp;
let http: ReturnType<typeof createServer>;
let director: Client;
let worker: Client;
let socket: Socket;

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  http = createServer(t.app);
  t.container.get(RealtimeGateway).start(http);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  await enablePlugin(admin, 'alpha', 'data-entry');
  const { projectId } = await acceptedOrder(director, 'alpha', {
    workType: 'data-entry',
    parameters: { form: { fields: [{ key: 'name', label: { ja: '氏名', en: 'Name' }, type: 'text' }] } },
  });
  await importFile(director, 'alpha', projectId, 'csv', 'scan\np-1.png\np-2.png\n');
  await qualify(admin, worker, 'alpha', 'worker@alpha.test', ['typing-ja']);
  const token = (await admin.post('/api/t/alpha/api-tokens', { name: 'board', role: 'director' }).expect(201))
    .body.secret;
  socket = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
    transports: ['websocket'],
    auth: { token, tenant: 'alpha' },
    reconnection: false,
  });
  await new Promise((resolve) => socket.once('connect', () => resolve(null)));
  expect(((await socket.emitWithAck('join', { tenant: 'alpha' })) as JoinAck).ok).toBe(true);
});
afterAll(async () => {
  socket?.disconnect();
  await t.container.get(RealtimeGateway).stop();
});

describe('the directors’ view', () => {
  it('shows who holds which task now, and pushes the change to the centre’s open pages', async () => {
    const events: WorkEvent[] = [];
    socket.on('work', (e: WorkEvent) => events.push(e));
    const task = (await worker.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    await expect.poll(() => events.map((e) => `${e.kind}:${e.taskId}`)).toContain(`claimed:${task.id}`);
    const now = (await director.get('/api/t/alpha/team/now').expect(200)).body;
    expect(now).toEqual([
      expect.objectContaining({ taskId: task.id, workType: 'data-entry', estimatedMinutes: 1 }),
    ]);
    await worker.delete(`/api/t/alpha/tasks/${task.id}/lease`).expect(204);
    await expect.poll(() => events.map((e) => e.kind)).toContain('released');
    expect((await director.get('/api/t/alpha/team/now').expect(200)).body).toEqual([]);
  });

  it('lists workers whose accuracy in a work type is below 90 % over at least five items', async () => {
    const userId = (await director.get('/api/t/alpha/members').expect(200)).body.find(
      (m: { email: string }) => m.email === 'worker@alpha.test',
    ).userId;
    await t.db.asOwner((tx) =>
      tx
        .insertInto('worker_accuracy')
        .values({
          tenant_id: t.tenants.alpha!,
          user_id: userId,
          work_type: 'data-entry',
          scored: 10,
          agreement_sum: 7,
          updated_at: new Date(),
        })
        .execute(),
    );
    const attention = (await director.get('/api/t/alpha/team/attention').expect(200)).body;
    expect(attention).toEqual([
      expect.objectContaining({ workerId: userId, workType: 'data-entry', accuracy: 0.7 }),
    ]);
  });

  it('shows today’s roster: each worker’s hours today, minutes left and whether they are clocked in', async () => {
    const roster = (await director.get('/api/t/alpha/team/roster').expect(200)).body;
    expect(roster.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(roster.timesheetsWaiting).toBe(0);
    const me = roster.workers.find((w: { workerName: string }) => w.workerName === 'worker of alpha');
    // This worker never set their hours: nothing limits them, so no windows and no minutes left to show.
    expect(me).toMatchObject({ today: null, minutesLeft: null, clockedIn: false });
    await worker.post('/api/t/alpha/me/clock', { action: 'in' }).expect(200);
    const after = (await director.get('/api/t/alpha/team/roster').expect(200)).body;
    expect(
      after.workers.find((w: { workerName: string }) => w.workerName === 'worker of alpha').clockedIn,
    ).toBe(true);
  });

  it('is for staff, and another centre gets 404', async () => {
    await worker.get('/api/t/alpha/team/now').expect(403);
    await worker.get('/api/t/alpha/team/roster').expect(403);
    const beta = await t.signIn('director@beta.test');
    await beta.get('/api/t/alpha/team/now').expect(404);
    await beta.get('/api/t/alpha/team/roster').expect(404);
    expect((await beta.get('/api/t/beta/team/now').expect(200)).body).toEqual([]);
    expect((await beta.get('/api/t/beta/team/attention').expect(200)).body).toEqual([]);
  });
});
