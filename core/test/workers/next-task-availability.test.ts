import { beforeAll, describe, expect, it } from 'vitest';
import { fromMinutes, tokyoParts, WEEKDAY_KEYS, weekdayOf } from '../../src/modules/workers/availability.js';
import { giveContract } from '../support/contracts-time-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { acceptedOrder, enablePlugin, grantSkills, importFile } from '../support/work-flow.js';

/**
 * "Next task" and shift sign-up respect a worker's hours end to end, with the real data-entry and
 * shift-operations plugins. The claim asks the hours at the real current time, so the test sets the
 * worker's window around the real Tokyo time now.
 */
let t: TestApp;
let admin: Client;
let director: Client;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
});

async function newWorker(email: string, skills: string[]) {
  await t.addUser('alpha', 'worker', email);
  await grantSkills(admin, 'alpha', email, skills);
  const worker = await t.signIn(email);
  // No task can be claimed without an accepted, current agreement (the contracts part of issue #5).
  await giveContract(admin, worker, 'alpha', email);
  return worker;
}

describe('"next task" fits the time left in the worker’s window', () => {
  let projectId: string;
  let small: number;

  beforeAll(async () => {
    await enablePlugin(admin, 'alpha', 'data-entry');
    ({ projectId } = await acceptedOrder(director, 'alpha', {
      workType: 'data-entry',
      parameters: { form: { fields: [{ key: 'name', label: { ja: '氏名', en: 'Name' }, type: 'text' }] } },
    }));
    const imported = await importFile(director, 'alpha', projectId, 'csv', 'scan\np-001.png\np-002.png\n');
    expect(imported).toMatchObject({ status: 'done', imported: 2 });
  });

  it('does not offer a 30-minute task 20 minutes before the window ends, but offers a short one', async () => {
    // Within three minutes of Tokyo midnight the window cannot run on for long enough today: wait it out.
    if (tokyoParts(new Date()).minute > 1437) await sleep((1441 - tokyoParts(new Date()).minute) * 60_000);
    const now = tokyoParts(new Date());
    const minute = Math.floor(now.minute);
    const end = Math.min(1440, minute + 20);
    const left = end - minute; // 20, or less just before midnight
    small = left > 10 ? 10 : 1;
    // The first task by import order takes 30 minutes, the second the short time.
    await t.db.asOwner(async (tx) => {
      await tx
        .updateTable('tasks')
        .set({ estimated_minutes: 30 })
        .where('project_id', '=', projectId)
        .where('seq', '=', 1)
        .execute();
      await tx
        .updateTable('tasks')
        .set({ estimated_minutes: small })
        .where('project_id', '=', projectId)
        .where('seq', '=', 2)
        .execute();
    });
    const worker = await newWorker('window@alpha.test', ['typing-ja']);
    const today = WEEKDAY_KEYS[weekdayOf(now.date) - 1]!;
    await worker
      .put('/api/t/alpha/me/availability', {
        pattern: { [today]: [{ start: fromMinutes(Math.max(0, minute - 60)), end: fromMinutes(end) }] },
        // A day (now) that is a holiday still counts: the test is about the window, not the calendar.
        worksOnHolidays: true,
      })
      .expect(200);
    const offered = (await worker.post('/api/t/alpha/tasks/next', { projectId }).expect(200)).body.task;
    expect(offered).not.toBeNull();
    expect(offered.payload.scan).toBe('p-002.png');
  }, 240_000);

  it('sets no limit for a worker who has set no hours', async () => {
    const free = await newWorker('free@alpha.test', ['typing-ja']);
    const offered = (await free.post('/api/t/alpha/tasks/next', { projectId }).expect(200)).body.task;
    expect(offered.payload.scan).toBe('p-001.png'); // the 30-minute one, first by import order
  });

  it('offers nothing outside the worker’s window, nor once the week’s maximum is used up', async () => {
    const now = tokyoParts(new Date());
    const today = WEEKDAY_KEYS[weekdayOf(now.date) - 1]!;
    const other = WEEKDAY_KEYS[weekdayOf(now.date) % 7]!; // tomorrow's weekday
    const off = await newWorker('tomorrow@alpha.test', ['typing-ja']);
    await off
      .put('/api/t/alpha/me/availability', { pattern: { [other]: [{ start: '00:00', end: '24:00' }] } })
      .expect(200);
    expect((await off.post('/api/t/alpha/tasks/next', { projectId }).expect(200)).body.task).toBeNull();
    const capped = await newWorker('capped@alpha.test', ['typing-ja']);
    await capped
      .put('/api/t/alpha/me/availability', {
        pattern: { [today]: [{ start: '00:00', end: '24:00' }] },
        worksOnHolidays: true,
        maxMinutesPerWeek: 0,
      })
      .expect(200);
    expect((await capped.post('/api/t/alpha/tasks/next', { projectId }).expect(200)).body.task).toBeNull();
  });
});

describe('shifts outside the worker’s weekly pattern', () => {
  let inside: string;
  let outside: string;
  let worker: Client;

  beforeAll(async () => {
    await enablePlugin(admin, 'alpha', 'shift-operations');
    const { projectId } = await acceptedOrder(director, 'alpha', {
      workType: 'shift-operations',
      parameters: {
        service: { ja: 'AIオンデマンドバス オペレーション', en: 'AI on-demand bus operations' },
        place: 'centre',
        slots: [{ days: ['mon', 'tue'], start: '09:00', end: '13:00', staff: 1 }],
      },
    });
    // Monday 2027-02-01 and Tuesday 2027-02-02 (neither a holiday), 09:00–13:00.
    const imported = await importFile(
      director,
      'alpha',
      projectId,
      'csv',
      'date,start,end,staff\n2027-02-01,09:00,13:00,1\n2027-02-02,09:00,13:00,1\n',
    );
    expect(imported).toMatchObject({ status: 'done', imported: 2 });
    // Mon/Wed/Fri 9:00–14:30 and Tue/Thu 9:00–12:00: Monday's shift fits, Tuesday's runs past noon.
    worker = await newWorker('shifts@alpha.test', ['operations']);
    await worker
      .put('/api/t/alpha/me/availability', {
        pattern: {
          mon: [{ start: '09:00', end: '14:30' }],
          tue: [{ start: '09:00', end: '12:00' }],
          wed: [{ start: '09:00', end: '14:30' }],
          thu: [{ start: '09:00', end: '12:00' }],
          fri: [{ start: '09:00', end: '14:30' }],
        },
      })
      .expect(200);
    const free = await newWorker('anyshift@alpha.test', ['operations']);
    const all = (await free.get('/api/t/alpha/tasks/open').expect(200)).body as {
      id: string;
      payload: { date: string };
    }[];
    inside = all.find((s) => s.payload.date === '2027-02-01')!.id;
    outside = all.find((s) => s.payload.date === '2027-02-02')!.id;
    expect(inside && outside).toBeTruthy();
  });

  it('lists only the shifts inside the worker’s hours', async () => {
    const open = (await worker.get('/api/t/alpha/tasks/open').expect(200)).body as { id: string }[];
    expect(open.map((s) => s.id)).toEqual([inside]);
  });

  it('refuses signing up for a shift outside them with 422, bilingual, and writes nothing', async () => {
    const res = await worker.post(`/api/t/alpha/tasks/${outside}/claim`).expect(422);
    expect(res.body.detail).toMatch(/稼働可能時間外.* \/ .*outside the hours/);
    const held = await t.db.asOwner((tx) =>
      tx.selectFrom('assignments').select('id').where('task_id', '=', outside).execute(),
    );
    expect(held).toEqual([]);
    await worker.post(`/api/t/alpha/tasks/${inside}/claim`).expect(200);
  });

  it('a worker with no hours set may sign up for any shift', async () => {
    const free = await t.signIn('anyshift@alpha.test');
    await free.post(`/api/t/alpha/tasks/${outside}/claim`).expect(200);
  });
});

describe('the weekly maximum counts a shift in the week it takes place', () => {
  it('lets a worker take a shift in each of two weeks, but not two in one week over the maximum', async () => {
    await enablePlugin(admin, 'alpha', 'shift-operations');
    const { projectId } = await acceptedOrder(director, 'alpha', {
      workType: 'shift-operations',
      parameters: {
        service: { ja: '予約サポート', en: 'Booking support' },
        slots: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '09:00', end: '13:00', staff: 1 },
        ],
      },
    });
    // Three four-hour shifts: Monday and Tuesday of one future week, Monday of the week after.
    const monday = (weeks: number) => {
      const today = tokyoParts(new Date()).date;
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + (8 - weekdayOf(today)) + 7 * weeks);
      return d.toISOString().slice(0, 10);
    };
    const nextDay = (date: string) =>
      new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const [w1, w1b, w2] = [monday(1), nextDay(monday(1)), monday(2)];
    const csv = `date,start,end,staff\n${w1},09:00,13:00,1\n${w1b},09:00,13:00,1\n${w2},09:00,13:00,1\n`;
    expect(await importFile(director, 'alpha', projectId, 'csv', csv)).toMatchObject({
      status: 'done',
      imported: 3,
    });
    const worker = await newWorker('weekly@alpha.test', ['operations']);
    await worker
      .put('/api/t/alpha/me/availability', {
        pattern: Object.fromEntries(WEEKDAY_KEYS.map((k) => [k, [{ start: '08:00', end: '18:00' }]])),
        maxMinutesPerWeek: 300, // five hours a week: one four-hour shift fits, two do not
        worksOnHolidays: true,
      })
      .expect(200);
    const shifts = (await worker.get('/api/t/alpha/tasks/open').expect(200)).body as {
      id: string;
      payload: { date: string };
    }[];
    const on = (date: string) => shifts.find((s) => s.payload.date === date)!;
    await worker.post(`/api/t/alpha/tasks/${on(w1).id}/claim`).expect(200);
    // The same week is now used up for a second four-hour shift …
    await worker.post(`/api/t/alpha/tasks/${on(w1b).id}/claim`).expect(422);
    // … while the following week still has its own five hours.
    await worker.post(`/api/t/alpha/tasks/${on(w2).id}/claim`).expect(200);
  });
});
