import { beforeAll, describe, expect, it } from 'vitest';
import { giveContract, seedContractsTime } from '../support/contracts-time-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Time records and timesheets (issue #5): clock in/out, manual records and corrections with a reason, the
 * rules (overlap, longer than the day, outside opening hours, approved month), submit / approve / return,
 * the earnings statement, and tenant and worker isolation.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let worker2: Client;
let betaAdmin: Client;
let betaDirector: Client;
let betaWorker: Client;
let workerId: string;
let workspaceId: string;

const SEP = '2026-09';
const OCT = '2026-10';
const manual = (startedAt: string, endedAt: string, extra: object = {}) => ({
  startedAt,
  endedAt,
  breakMinutes: 0,
  reason: '打刻忘れ / Forgot to clock',
  ...extra,
});
const entriesOf = async (c: Client, month: string) =>
  (await c.get(`/api/t/alpha/me/timesheets/${month}`).expect(200)).body.entries as { id: string }[];

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  await t.addUser('alpha', 'worker', 'worker2@alpha.test');
  worker2 = await t.signIn('worker2@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  betaDirector = await t.signIn('director@beta.test');
  betaWorker = await t.signIn('worker@beta.test');
  ({ userId: workerId } = await giveContract(admin, worker, 'alpha', 'worker@alpha.test'));
  await giveContract(admin, worker2, 'alpha', 'worker2@alpha.test');
  // Wednesdays 09:00–17:00 only.
  workspaceId = (
    await admin
      .post('/api/t/alpha/workspaces', {
        name: 'えんぱーく',
        kind: 'coworking',
        openingHours: [{ day: 'wed', opens: '09:00', closes: '17:00' }],
      })
      .expect(201)
  ).body.id;
});

describe('clock in and out', () => {
  it('clocks in with one tap, refuses a second clock-in, and clocks out', async () => {
    expect((await worker.get('/api/t/alpha/me/clock').expect(200)).body.entry).toBeNull();
    const started = (await worker.post('/api/t/alpha/me/clock', { action: 'in' }).expect(200)).body;
    expect(started).toMatchObject({ source: 'clock', place: 'home', endedAt: null, kind: 'other' });
    const again = await worker.post('/api/t/alpha/me/clock', { action: 'in' }).expect(409);
    expect(again.body.detail).toMatch(/既に稼働中です.*\/ You are already clocked in/);
    expect((await worker.get('/api/t/alpha/me/clock').expect(200)).body.entry.id).toBe(started.id);
    const ended = (await worker.post('/api/t/alpha/me/clock', { action: 'out' }).expect(200)).body;
    expect(ended.id).toBe(started.id);
    expect(ended.endedAt).toBeTruthy();
    const out = await worker.post('/api/t/alpha/me/clock', { action: 'out' }).expect(409);
    expect(out.body.detail).toMatch(/稼働中の記録がありません \/ You are not clocked in/);
  });

  it('refuses a task of another centre', async () => {
    // An id that exists nowhere in alpha answers 404, as any other tenant's task would.
    await worker
      .post('/api/t/alpha/me/clock', { action: 'in', taskId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
    expect((await worker.get('/api/t/alpha/me/clock').expect(200)).body.entry).toBeNull();
  });
});

describe('rules, each refused with nothing written', () => {
  it('adds a manual record with a reason, and requires the reason', async () => {
    await worker
      .post('/api/t/alpha/me/time-entries', {
        ...manual(`${SEP}-01T09:00:00+09:00`, `${SEP}-01T12:00:00+09:00`),
        reason: '',
      })
      .expect(400);
    const res = await worker
      .post(
        '/api/t/alpha/me/time-entries',
        manual(`${SEP}-01T09:00:00+09:00`, `${SEP}-01T12:00:00+09:00`, { breakMinutes: 15 }),
      )
      .expect(201);
    expect(res.body).toMatchObject({ source: 'manual', minutes: 165 });
  });

  it('refuses an overlapping record', async () => {
    const res = await worker
      .post('/api/t/alpha/me/time-entries', manual(`${SEP}-01T11:30:00+09:00`, `${SEP}-01T13:00:00+09:00`))
      .expect(422);
    expect(res.body.detail).toMatch(/他の記録と時間が重なっています.*\/ Overlaps another record/);
    expect(res.body.errors[0].code).toBe('overlap');
    expect(await entriesOf(worker, SEP)).toHaveLength(1);
    // Another worker's records do not clash with this one's.
    await worker2
      .post('/api/t/alpha/me/time-entries', manual(`${SEP}-01T11:30:00+09:00`, `${SEP}-01T13:00:00+09:00`))
      .expect(201);
  });

  it('refuses a record crossing midnight (Tokyo) or longer than the day', async () => {
    const cross = await worker
      .post('/api/t/alpha/me/time-entries', manual(`${SEP}-02T22:00:00+09:00`, `${SEP}-03T01:00:00+09:00`))
      .expect(422);
    expect(cross.body.detail).toMatch(/日付をまたぐ記録はできません.*cross midnight/);
    await worker
      .post('/api/t/alpha/me/time-entries', manual(`${SEP}-04T00:00:00+09:00`, `${SEP}-05T08:00:00+09:00`))
      .expect(422);
    // 23:00 UTC on the 4th is 08:00 on the 5th in Tokyo: the same Tokyo day as the end, so it is fine.
    await worker
      .post('/api/t/alpha/me/time-entries', manual(`${SEP}-04T23:00:00Z`, `${SEP}-05T00:30:00Z`))
      .expect(201);
    expect(await entriesOf(worker, SEP)).toHaveLength(2);
  });

  it('refuses a centre-based record outside the workspace’s opening hours', async () => {
    // 2026-09-02 is a Wednesday; the centre opens 09:00–17:00.
    const late = await worker
      .post(
        '/api/t/alpha/me/time-entries',
        manual(`${SEP}-02T16:00:00+09:00`, `${SEP}-02T18:00:00+09:00`, { workspaceId }),
      )
      .expect(422);
    expect(late.body.detail).toMatch(
      /センターの開館時間外です.*09:00–17:00.*Outside the centre's opening hours/,
    );
    const closedDay = await worker
      .post(
        '/api/t/alpha/me/time-entries',
        manual(`${SEP}-03T10:00:00+09:00`, `${SEP}-03T11:00:00+09:00`, { workspaceId }),
      )
      .expect(422);
    expect(closedDay.body.detail).toMatch(/休館/);
    const ok = await worker
      .post(
        '/api/t/alpha/me/time-entries',
        manual(`${SEP}-02T09:00:00+09:00`, `${SEP}-02T17:00:00+09:00`, { workspaceId, breakMinutes: 60 }),
      )
      .expect(201);
    expect(ok.body.place).toBe('centre');
  });

  it('refuses a record in the future', async () => {
    const res = await worker
      .post('/api/t/alpha/me/time-entries', manual('2099-01-01T09:00:00+09:00', '2099-01-01T10:00:00+09:00'))
      .expect(422);
    expect(res.body.detail).toMatch(/未来/);
  });
});

describe('corrections', () => {
  it('replaces a record with a reason; the old one stays, superseded, and counts no more', async () => {
    const created = (
      await worker
        .post('/api/t/alpha/me/time-entries', manual(`${OCT}-05T13:00:00+09:00`, `${OCT}-05T14:00:00+09:00`))
        .expect(201)
    ).body;
    await worker
      .post(`/api/t/alpha/me/time-entries/${created.id}/corrections`, {
        startedAt: `${OCT}-05T13:00:00+09:00`,
        endedAt: `${OCT}-05T15:00:00+09:00`,
        reason: '',
      })
      .expect(400);
    const corrected = await worker
      .post(`/api/t/alpha/me/time-entries/${created.id}/corrections`, {
        startedAt: `${OCT}-05T13:00:00+09:00`,
        endedAt: `${OCT}-05T15:30:00+09:00`,
        breakMinutes: 10,
        reason: '終了の打刻が早すぎた / Clocked out too early',
      })
      .expect(201);
    expect(corrected.body).toMatchObject({ source: 'correction', correctsId: created.id, minutes: 140 });
    const sheet = (await worker.get(`/api/t/alpha/me/timesheets/${OCT}`).expect(200)).body;
    expect(sheet.entries.map((e: { superseded: boolean }) => e.superseded)).toEqual([true, false]);
    expect(sheet.totals).toMatchObject({ minutes: 140, entries: 1 });
    const twice = await worker
      .post(
        `/api/t/alpha/me/time-entries/${created.id}/corrections`,
        manual(`${OCT}-05T13:00:00+09:00`, `${OCT}-05T14:00:00+09:00`),
      )
      .expect(409);
    expect(twice.body.detail).toMatch(/既に修正されています/);
  });

  it('refuses a correction that would overlap, and another worker’s record (404)', async () => {
    const [, current] = await entriesOf(worker, OCT);
    await worker
      .post('/api/t/alpha/me/time-entries', manual(`${OCT}-06T09:00:00+09:00`, `${OCT}-06T10:00:00+09:00`))
      .expect(201);
    const res = await worker
      .post(
        `/api/t/alpha/me/time-entries/${current!.id}/corrections`,
        manual(`${OCT}-06T09:30:00+09:00`, `${OCT}-06T11:00:00+09:00`),
      )
      .expect(422);
    expect(res.body.errors[0].code).toBe('overlap');
    await worker2
      .post(
        `/api/t/alpha/me/time-entries/${current!.id}/corrections`,
        manual(`${OCT}-07T09:30:00+09:00`, `${OCT}-07T11:00:00+09:00`),
      )
      .expect(404);
    expect(await entriesOf(worker, OCT)).toHaveLength(3);
    expect(await entriesOf(worker2, OCT)).toHaveLength(0);
  });
});

describe('the monthly timesheet and its statement', () => {
  it('is submitted, can be returned with a comment and resubmitted, then approved', async () => {
    const submitted = (await worker.post(`/api/t/alpha/me/timesheets/${OCT}/submit`).expect(200)).body;
    expect(submitted.status).toBe('submitted');
    // Submitted: the worker waits for the director.
    const locked = await worker
      .post('/api/t/alpha/me/time-entries', manual(`${OCT}-08T09:00:00+09:00`, `${OCT}-08T10:00:00+09:00`))
      .expect(409);
    expect(locked.body.detail).toMatch(/提出済み.*\/ The timesheet for 2026-10 has been submitted/);
    const waiting = (await director.get('/api/t/alpha/timesheets?status=submitted').expect(200)).body;
    expect(waiting).toEqual([expect.objectContaining({ userId: workerId, month: OCT, status: 'submitted' })]);
    await director.post(`/api/t/alpha/timesheets/${workerId}/${OCT}/return`, { comment: '' }).expect(400);
    const returned = (
      await director
        .post(`/api/t/alpha/timesheets/${workerId}/${OCT}/return`, { comment: '6日の記録を確認してください' })
        .expect(200)
    ).body;
    expect(returned).toMatchObject({ status: 'returned', comment: '6日の記録を確認してください' });
    await worker.post(`/api/t/alpha/me/timesheets/${OCT}/submit`).expect(200);
    const approved = (
      await director.post(`/api/t/alpha/timesheets/${workerId}/${OCT}/approve`, {}).expect(200)
    ).body;
    expect(approved.status).toBe('approved');
    await director.post(`/api/t/alpha/timesheets/${workerId}/${OCT}/approve`, {}).expect(409);
  });

  it('refuses any change to an approved month', async () => {
    const [old] = await entriesOf(worker, OCT);
    const add = await worker
      .post('/api/t/alpha/me/time-entries', manual(`${OCT}-09T09:00:00+09:00`, `${OCT}-09T10:00:00+09:00`))
      .expect(409);
    expect(add.body.detail).toBe(
      '2026-10 の勤務表は承認済みのため変更できません / The timesheet for 2026-10 is approved and cannot be changed',
    );
    await worker
      .post(
        `/api/t/alpha/me/time-entries/${old!.id}/corrections`,
        manual(`${OCT}-20T09:00:00+09:00`, `${OCT}-20T10:00:00+09:00`),
      )
      .expect(409);
    await worker.post(`/api/t/alpha/me/timesheets/${OCT}/submit`).expect(409);
    expect(await entriesOf(worker, OCT)).toHaveLength(3);
  });

  it('states approved minutes × ¥1,000/h, rounded down once: 140 + 60 min = ¥3,333', async () => {
    const statement = (await worker.get(`/api/t/alpha/me/timesheets/${OCT}/statement`).expect(200)).body;
    expect(statement).toMatchObject({
      month: OCT,
      status: 'approved',
      provisional: false,
      lines: [{ kind: 'hourly', quantity: 200, rate: 1000, amount: 3333 }],
      total: 3333,
    });
    const staffView = (await director.get(`/api/t/alpha/timesheets/${workerId}/${OCT}/statement`).expect(200))
      .body;
    expect(staffView.total).toBe(3333);
  });

  it('marks a month not yet approved as provisional', async () => {
    const statement = (await worker.get(`/api/t/alpha/me/timesheets/${SEP}/statement`).expect(200)).body;
    expect(statement.provisional).toBe(true);
    // 165 + 90 + 420 minutes at ¥1,000/h = ¥11,250.
    expect(statement.total).toBe(11250);
  });
});

describe('isolation', () => {
  it('keeps one worker’s timesheet from another and from workers reading the staff routes', async () => {
    await worker2.get(`/api/t/alpha/timesheets/${workerId}/${OCT}`).expect(403);
    await worker2.get(`/api/t/alpha/timesheets/${workerId}/${OCT}/statement`).expect(403);
    await worker2.post(`/api/t/alpha/timesheets/${workerId}/${OCT}/approve`, {}).expect(403);
    await worker2.get('/api/t/alpha/timesheets').expect(403);
    expect(await entriesOf(worker2, OCT)).toEqual([]);
  });

  it('answers 404 to another centre for every time endpoint', async () => {
    const [entry] = await entriesOf(worker, SEP);
    await betaDirector.get(`/api/t/beta/timesheets/${workerId}/${OCT}`).expect(404);
    await betaDirector.get(`/api/t/beta/timesheets/${workerId}/${OCT}/statement`).expect(404);
    await betaDirector.post(`/api/t/beta/timesheets/${workerId}/${OCT}/approve`, {}).expect(404);
    await betaDirector.post(`/api/t/beta/timesheets/${workerId}/${OCT}/return`, { comment: 'x' }).expect(404);
    expect((await betaDirector.get('/api/t/beta/timesheets').expect(200)).body).toEqual([]);
    await giveContract(betaAdmin, betaWorker, 'beta', 'worker@beta.test');
    await betaWorker
      .post(
        `/api/t/beta/me/time-entries/${entry!.id}/corrections`,
        manual(`${OCT}-07T09:30:00+09:00`, `${OCT}-07T11:00:00+09:00`),
      )
      .expect(404);
    // Beta's worker keeps their own time: alpha's records neither show nor clash.
    expect((await betaWorker.get(`/api/t/beta/me/timesheets/${SEP}`).expect(200)).body.entries).toEqual([]);
    await betaWorker
      .post('/api/t/beta/me/time-entries', manual(`${SEP}-01T09:00:00+09:00`, `${SEP}-01T12:00:00+09:00`))
      .expect(201);
    await betaWorker.post('/api/t/beta/me/clock', { action: 'in', workspaceId }).expect(404);
    // Nothing of alpha's is reachable through alpha's URL by beta's people.
    await betaWorker.get(`/api/t/alpha/me/timesheets/${SEP}`).expect(404);
  });

  it('the seed helper writes every contracts and time table for a tenant', async () => {
    const ids = await seedContractsTime(betaAdmin, betaWorker, 'beta');
    expect(Object.keys(ids)).toEqual(
      expect.arrayContaining(['termsId', 'contractId', 'timeEntryId', 'userId', 'month']),
    );
    const sheet = (await betaDirector.get(`/api/t/beta/timesheets/${ids.userId}/${ids.month}`).expect(200))
      .body;
    expect(sheet.status).toBe('submitted');
    await director.get(`/api/t/alpha/timesheets/${ids.userId}/${ids.month}`).expect(404);
  });
});
