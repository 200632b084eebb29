import ExcelJS from 'exceljs';
import type request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginsService } from '../../src/modules/plugins/plugins.service.js';
import { PLUGIN_FIXTURES } from '../plugins/plugin-fixtures.js';
import { seedContractsTime } from '../support/contracts-time-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { importFile } from '../support/work-flow.js';

/**
 * Growth (第1・第2チャレンジ) over HTTP: hours and tasks from accepted work, placement outcomes, the
 * report's totals and monthly series, the xlsx for the city (opened with exceljs), roles and isolation.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let betaAdmin: Client;
let workerId: string;
let directorId: string;
let estimatedMinutes: number;

const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
const placementCount = () =>
  t.db.asOwner(async (tx) =>
    Number(
      (
        await tx
          .selectFrom('placement_outcomes')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

/** One task of the fixture work type done by worker@alpha and accepted by review. */
async function acceptedTask() {
  const clientId = (
    await admin.post('/api/t/alpha/clients', { kind: 'company', name: '塩尻商事' }).expect(201)
  ).body.id;
  await admin.put('/api/t/alpha/plugins/minimal', { enabled: true }).expect(200);
  const order = (
    await admin
      .post('/api/t/alpha/orders', {
        clientId,
        title: '入力作業',
        workType: 'minimal',
        parameters: { maxLength: 100 },
        contractType: 'ukeoi',
        quantity: 2,
        unitPrice: 50,
        deadline: '2027-12-25T17:00:00+09:00',
        qualityTarget: 90,
      })
      .expect(201)
  ).body;
  await admin.post(`/api/t/alpha/orders/${order.id}/transitions`, { to: 'accepted' }).expect(200);
  const project = (await admin.get(`/api/t/alpha/projects?orderId=${order.id}`).expect(200)).body[0].id;
  const imp = await importFile(admin, 'alpha', project, 'lines', '一行目\n二行目\n');
  expect(imp.status).toBe('done');
  // The work itself is written directly (as the owner): claiming is another context's business (contracts,
  // availability), and growth only reads what was accepted.
  return t.db.asOwner(async (tx) => {
    const task = await tx
      .selectFrom('tasks')
      .select(['id', 'tenant_id', 'project_id', 'estimated_minutes'])
      .where('project_id', '=', project)
      .where('expected', 'is', null)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    const submission = await tx
      .insertInto('submissions')
      .values({
        tenant_id: task.tenant_id,
        task_id: task.id,
        project_id: task.project_id,
        worker_id: workerId,
        payload: JSON.stringify({ text: 'ok' }),
        verdict: 'accepted',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('tasks')
      .set({ status: 'accepted', accepted_submission_id: submission.id, accepted_at: new Date() })
      .where('id', '=', task.id)
      .execute();
    await tx
      .insertInto('worker_accuracy')
      .values({
        tenant_id: task.tenant_id,
        user_id: workerId,
        work_type: 'minimal',
        scored: 4,
        agreement_sum: 3.8,
        updated_at: new Date(),
      })
      .execute();
    return task.estimated_minutes;
  });
}

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  await t.container.get(PluginsService).host.load([PLUGIN_FIXTURES]);
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  const members = (await admin.get('/api/t/alpha/members').expect(200)).body as {
    userId: string;
    email: string;
  }[];
  workerId = members.find((m) => m.email === 'worker@alpha.test')!.userId;
  directorId = members.find((m) => m.email === 'director@alpha.test')!.userId;
  estimatedMinutes = await acceptedTask();
});

describe('growth report', () => {
  it('counts accepted work per worker (hours from estimated minutes until time records exist)', async () => {
    const res = await director.get(`/api/t/alpha/growth?from=${today}&to=${today}`).expect(200);
    expect(res.body.hoursSource).toBe('estimated_accepted_work');
    const w = res.body.workers.find((x: { userId: string }) => x.userId === workerId);
    expect(w).toMatchObject({
      displayName: 'worker of alpha',
      tasks: 1,
      hours: Math.round((estimatedMinutes / 60) * 10) / 10,
    });
    expect(res.body.totals).toMatchObject({ tasks: 1, activeWorkers: 1 });
    expect(res.body.months).toEqual([expect.objectContaining({ month: today.slice(0, 7), tasks: 1 })]);
    expect(w.accuracy).toEqual([{ workType: 'minimal', scored: 4, accuracy: 95 }]);
    // A period before the work shows none of it.
    const before = await director.get('/api/t/alpha/growth?from=2024-04-01&to=2024-06-30').expect(200);
    expect(before.body.totals.tasks).toBe(0);
    expect(before.body.months.map((m: { month: string }) => m.month)).toEqual([
      '2024-04',
      '2024-05',
      '2024-06',
    ]);
  });

  it('adds approved time-record hours and trainings completed in the period', async () => {
    // One hour recorded on the 1st of last month and submitted; the director approves the month.
    const { month } = await seedContractsTime(admin, worker, 'alpha');
    await director.post(`/api/t/alpha/timesheets/${workerId}/${month}/approve`, { comment: '' }).expect(200);
    await director
      .post(`/api/t/alpha/workers/${workerId}/trainings`, {
        course: 'データ入力 基礎講座',
        completedOn: `${month}-15`,
      })
      .expect(201);
    const res = await director.get(`/api/t/alpha/growth?from=${month}-01&to=${today}`).expect(200);
    const w = res.body.workers.find((x: { userId: string }) => x.userId === workerId);
    expect(w).toMatchObject({ approvedHours: 1, trainings: 1 });
    expect(res.body.totals).toMatchObject({ approvedHours: 1, trainings: 1 });
  });

  it('records and deletes placement outcomes (staff)', async () => {
    const created = await director
      .post('/api/t/alpha/growth/placements', {
        userId: workerId,
        kind: 'employed_local',
        employerName: '塩尻精密株式会社',
        occurredOn: today,
        note: '経理事務で採用',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      kind: 'employed_local',
      occurredOn: today,
      employerName: '塩尻精密株式会社',
    });
    const back = await admin
      .post('/api/t/alpha/growth/placements', {
        userId: workerId,
        kind: 'returned_to_centre',
        occurredOn: today,
      })
      .expect(201);
    const report = (await admin.get(`/api/t/alpha/growth?from=${today}&to=${today}`).expect(200)).body;
    expect(report.totals.placements).toEqual({
      employed_local: 1,
      employed_other: 0,
      returned_to_centre: 1,
      other: 0,
    });
    expect(report.months[0].placements).toBe(2);
    await admin.delete(`/api/t/alpha/growth/placements/${back.body.id}`).expect(204);
    await admin.delete(`/api/t/alpha/growth/placements/${back.body.id}`).expect(404);
  });

  it('refuses bad input with a bilingual problem and writes nothing', async () => {
    const before = await placementCount();
    const notWorker = await admin
      .post('/api/t/alpha/growth/placements', { userId: directorId, kind: 'other', occurredOn: today })
      .expect(422);
    expect(notWorker.body.errors).toEqual([
      expect.objectContaining({ pointer: '/body/userId', code: 'not_a_worker' }),
    ]);
    expect(notWorker.body.detail).toMatch(/ワーカーではありません \/ Not a worker/);
    const bad = await admin
      .post('/api/t/alpha/growth/placements', {
        userId: workerId,
        kind: 'promoted',
        occurredOn: '2027-02-30',
      })
      .expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/body/kind',
      '/body/occurredOn',
    ]);
    await admin.get('/api/t/alpha/growth?from=2026-05-01&to=2026-04-01').expect(400);
    expect(await placementCount()).toBe(before);
  });

  it('is for admins and directors only', async () => {
    await worker.get('/api/t/alpha/growth').expect(403);
    await worker.get('/api/t/alpha/growth.xlsx').expect(403);
    await worker
      .post('/api/t/alpha/growth/placements', { userId: workerId, kind: 'other', occurredOn: today })
      .expect(403);
    const client = await t.signIn('client@alpha.test');
    await client.get('/api/t/alpha/growth').expect(403);
  });
});

describe('xlsx for the city', () => {
  it('streams a workbook with Summary, Workers and Placements that exceljs opens', async () => {
    const res = await admin
      .get(`/api/t/alpha/growth.xlsx?from=${today}&to=${today}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`growth-alpha-${today}-${today}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '概要 Summary',
      'ワーカー別 Workers',
      '就労実績 Placements',
    ]);
    const summary = book.getWorksheet('概要 Summary')!;
    const values = new Map<string, unknown>();
    summary.eachRow((row) => values.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(values.get('タスク数 / Tasks')).toBe(1);
    expect(values.get('地元企業に就職 / Employed at a local firm')).toBe(1);
    const workers = book.getWorksheet('ワーカー別 Workers')!;
    const row = workers
      .getRows(2, workers.rowCount - 1)!
      .find((r) => r.getCell(1).value === 'worker of alpha')!;
    // Name, hours, approved hours, trainings, tasks …
    expect(row.getCell(5).value).toBe(1);
    const placements = book.getWorksheet('就労実績 Placements')!;
    expect(placements.rowCount).toBe(2);
    expect(placements.getRow(2).getCell(3).value).toBe('塩尻精密株式会社');
    expect((placements.getRow(2).getCell(4).value as Date).toISOString().slice(0, 10)).toBe(today);
  });
});

describe('tenant isolation', () => {
  it('answers 404 to another centre for every growth endpoint and shows none of A’s people', async () => {
    const placement = (
      await admin
        .post('/api/t/alpha/growth/placements', { userId: workerId, kind: 'other', occurredOn: today })
        .expect(201)
    ).body;
    await betaAdmin.get('/api/t/alpha/growth').expect(404);
    await betaAdmin.get('/api/t/alpha/growth.xlsx').expect(404);
    await betaAdmin
      .post('/api/t/alpha/growth/placements', { userId: workerId, kind: 'other', occurredOn: today })
      .expect(404);
    await betaAdmin.delete(`/api/t/alpha/growth/placements/${placement.id}`).expect(404);
    await betaAdmin.delete(`/api/t/beta/growth/placements/${placement.id}`).expect(404);
    await betaAdmin
      .post('/api/t/beta/growth/placements', { userId: workerId, kind: 'other', occurredOn: today })
      .expect(422);
    const beta = (await betaAdmin.get(`/api/t/beta/growth?from=${today}&to=${today}`).expect(200)).body;
    expect(JSON.stringify(beta)).not.toContain(workerId);
    expect(beta.totals.tasks).toBe(0);
    await admin.get(`/api/t/alpha/growth?from=${today}&to=${today}`).expect(200);
  });
});

describe('seed helper', () => {
  it('writes a row in every table of the seats and growth migrations', async () => {
    const { seedSeatsGrowth } = await import('../support/seats-growth-seed.js');
    const betaWorker = await t.signIn('worker@beta.test');
    const ids = await seedSeatsGrowth(betaAdmin, betaWorker, 'beta');
    const again = await seedSeatsGrowth(betaAdmin, betaWorker, 'beta');
    expect(again.seat_bookings).not.toBe(ids.seat_bookings);
    const tenantId = t.tenants.beta!;
    for (const table of ['seat_bookings', 'placement_outcomes'] as const) {
      const rows = await t.db.withTenant(tenantId, (tx) => tx.selectFrom(table).select('id').execute());
      expect(rows.map((r) => r.id)).toContain(ids[table]);
    }
  });
});
