import type request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { seedWorkers } from '../support/workers-seed.js';

/**
 * Worker profiles (private fields for the worker and their centre's staff only), trainings, the data
 * download and deletion by pseudonymisation, and the hours API with its bad input — each route also asked
 * for across tenants.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let worker2: Client;
let betaAdmin: Client;
let betaWorker: Client;
let alpha: Record<string, string>;
let worker2Id: string;

const PRIVATE = ['legalName', 'phone', 'email', 'address', 'accessibilityNeeds', 'timeConstraintReason'];

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  worker2Id = (await t.addUser('alpha', 'worker', 'worker2@alpha.test')).userId;
  worker2 = await t.signIn('worker2@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  betaWorker = await t.signIn('worker@beta.test');
  alpha = await seedWorkers(admin, worker, 'alpha');
  await seedWorkers(betaAdmin, betaWorker, 'beta');
});

const rowCounts = () =>
  t.db.asOwner(async (tx) => {
    const n = async (
      table:
        | 'availability_patterns'
        | 'availability_exceptions'
        | 'availability_settings'
        | 'audit_log'
        | 'worker_profiles',
    ) =>
      Number(
        (
          await tx
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      patterns: await n('availability_patterns'),
      exceptions: await n('availability_exceptions'),
      settings: await n('availability_settings'),
      profiles: await n('worker_profiles'),
      audit: await n('audit_log'),
    };
  });

function expectBadInput(res: request.Response, pointers: string[]) {
  expect(res.status).toBe(400);
  expect(res.type).toBe('application/problem+json');
  expect(res.body.type).toBe('/api/problems/validation-failed');
  const got = res.body.errors.map((e: { pointer: string }) => e.pointer);
  for (const p of pointers) expect(got).toContain(p);
  for (const e of res.body.errors) expect(e.detail).toMatch(/ \/ /); // 日本語 / English
}

describe('profile', () => {
  it('lets a worker read and change their own profile, private fields included', async () => {
    const mine = (await worker.get('/api/t/alpha/me/profile').expect(200)).body;
    expect(mine).toMatchObject({
      userId: alpha.workerUser,
      displayName: 'worker of alpha',
      legalName: 'alpha 花子',
      timeConstraintReason: 'childcare',
      preferredPlace: 'both',
    });
    const changed = (
      await worker
        .patch('/api/t/alpha/me/profile', { preferredPlace: 'home', accessibilityNeeds: '車椅子' })
        .expect(200)
    ).body;
    expect(changed).toMatchObject({
      preferredPlace: 'home',
      accessibilityNeeds: '車椅子',
      legalName: 'alpha 花子',
    });
    expect(changed.trainings).toHaveLength(1);
  });

  it('shows the centre’s staff the private fields and lists workers without them', async () => {
    const seen = (await director.get(`/api/t/alpha/workers/${alpha.workerUser}`).expect(200)).body;
    expect(seen).toMatchObject({ legalName: 'alpha 花子', phone: '0263-00-0000', address: '長野県塩尻市' });
    const list = (await director.get('/api/t/alpha/workers').expect(200)).body;
    const row = list.find((w: { userId: string }) => w.userId === alpha.workerUser);
    expect(row).toMatchObject({ displayName: 'worker of alpha', preferredPlace: 'home' });
    for (const f of ['legalName', 'phone', 'address', 'accessibilityNeeds', 'timeConstraintReason'])
      expect(row).not.toHaveProperty(f);
    await director.patch(`/api/t/alpha/workers/${alpha.workerUser}`, { note: '託児を利用' }).expect(200);
  });

  it('never shows one worker another worker’s private fields', async () => {
    for (const path of [
      `/workers/${alpha.workerUser}`,
      '/workers',
      `/workers/${alpha.workerUser}/availability`,
      `/workers/${alpha.workerUser}/trainings`,
    ]) {
      const res = await worker2.get(`/api/t/alpha${path}`).expect(403);
      for (const f of PRIVATE) expect(res.body).not.toHaveProperty(f);
      expect(JSON.stringify(res.body)).not.toContain('花子');
    }
    await worker2.patch(`/api/t/alpha/workers/${alpha.workerUser}`, { note: 'x' }).expect(403);
    // Their own profile is their own: nothing of the other worker's.
    const own = (await worker2.get('/api/t/alpha/me/profile').expect(200)).body;
    expect(own).toMatchObject({ userId: worker2Id, legalName: '' });
  });

  it('refuses bad profile input with bilingual per-field errors, writing nothing', async () => {
    const before = await rowCounts();
    const res = await worker.patch('/api/t/alpha/me/profile', {
      phone: 'call me',
      email: 'not-an-email',
      preferredPlace: 'moon',
      timeConstraintReason: 'boredom',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining([
        '/body/phone',
        '/body/email',
        '/body/preferredPlace',
        '/body/timeConstraintReason',
      ]),
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('records trainings (staff only)', async () => {
    await admin
      .post(`/api/t/alpha/workers/${alpha.workerUser}/trainings`, {
        course: 'ビジネスマナー',
        completedOn: '2026-05-20',
      })
      .expect(201);
    const list = (await director.get(`/api/t/alpha/workers/${alpha.workerUser}/trainings`).expect(200)).body;
    expect(list.map((x: { completedOn: string }) => x.completedOn)).toEqual(['2026-05-20', '2026-04-15']);
    await worker
      .post(`/api/t/alpha/workers/${alpha.workerUser}/trainings`, { course: 'x', completedOn: '2026-01-01' })
      .expect(403);
    await admin
      .post(`/api/t/alpha/workers/${alpha.workerUser}/trainings`, { course: '', completedOn: '2026-02-30' })
      .expect(400);
  });
});

describe('my data and deletion', () => {
  it('downloads everything the centre holds about me as JSON', async () => {
    const res = await worker.get('/api/t/alpha/me/data').expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    expect(res.body).toMatchObject({
      centre: 'alpha',
      profile: { legalName: 'alpha 花子' },
      availability: { configured: true, maxMinutesPerWeek: 1200 },
      skills: [],
      assignments: [],
      submissions: [],
    });
    expect(res.body.profile.trainings.length).toBeGreaterThan(0);
  });

  it('records a deletion request that staff carry out by pseudonymising the profile', async () => {
    const { userId } = await t.addUser('alpha', 'worker', 'leaving@alpha.test');
    const leaving = await t.signIn('leaving@alpha.test');
    await leaving
      .patch('/api/t/alpha/me/profile', { legalName: '退会 太郎', phone: '090-0000-0000', address: '松本市' })
      .expect(200);
    await leaving
      .put('/api/t/alpha/me/availability', { pattern: { mon: [{ start: '09:00', end: '12:00' }] } })
      .expect(200);
    // Not asked yet: staff cannot pseudonymise.
    await admin.post(`/api/t/alpha/workers/${userId}/pseudonymise`).expect(422);
    const asked = (await leaving.post('/api/t/alpha/me/deletion-request').expect(202)).body;
    expect(asked.deletionRequestedAt).toBeTruthy();
    await leaving.post(`/api/t/alpha/workers/${userId}/pseudonymise`).expect(403);
    const done = (await admin.post(`/api/t/alpha/workers/${userId}/pseudonymise`).expect(200)).body;
    expect(done).toMatchObject({ legalName: '', phone: '', address: '', timeConstraintReason: null });
    expect(done.displayName).toMatch(/^退会者-[0-9a-f]{4}$/);
    expect(done.pseudonymisedAt).toBeTruthy();
    const hours = (await admin.get(`/api/t/alpha/workers/${userId}/availability`).expect(200)).body;
    expect(hours.configured).toBe(false);
  });
});

describe('hours', () => {
  it('reads back the weekly pattern, settings and exceptions', async () => {
    const mine = (await worker.get('/api/t/alpha/me/availability').expect(200)).body;
    expect(mine).toMatchObject({
      configured: true,
      maxMinutesPerWeek: 1200,
      worksOnHolidays: false,
      pattern: {
        mon: [{ start: '09:00', end: '14:30' }],
        tue: [{ start: '09:00', end: '12:00' }],
        sat: [],
      },
      exceptions: [{ kind: 'off', dateFrom: '2027-01-04', dateTo: '2027-01-08', note: '冬休み' }],
    });
    const staffView = (
      await director.get(`/api/t/alpha/workers/${alpha.workerUser}/availability`).expect(200)
    ).body;
    expect(staffView.pattern).toEqual(mine.pattern);
    expect(staffView.preview.days).toHaveLength(14);
  });

  it('previews the coming days with holidays named and exceptions applied', async () => {
    await worker
      .post('/api/t/alpha/me/availability/exceptions', {
        kind: 'hours',
        dateFrom: '2026-05-07',
        dateTo: '2026-05-07',
        ranges: [{ start: '13:00', end: '15:00' }],
      })
      .expect(201);
    const days = (await worker.get('/api/t/alpha/me/availability/preview?from=2026-05-04&days=4').expect(200))
      .body.days;
    expect(days.map((d: { date: string; reason: string }) => [d.date, d.reason])).toEqual([
      ['2026-05-04', 'holiday'],
      ['2026-05-05', 'holiday'],
      ['2026-05-06', 'holiday'],
      ['2026-05-07', 'hours'],
    ]);
    expect(days[2].holiday.ja).toContain('振替休日');
    expect(days[3]).toMatchObject({ ranges: [{ start: '13:00', end: '15:00' }], minutes: 120 });
    const jan = (await worker.get('/api/t/alpha/me/availability/preview?from=2027-01-04&days=1').expect(200))
      .body.days;
    expect(jan[0]).toMatchObject({ reason: 'off', ranges: [] });
  });

  it('adds and removes an exception (own only)', async () => {
    const ex = (
      await worker
        .post('/api/t/alpha/me/availability/exceptions', {
          kind: 'off',
          dateFrom: '2026-12-24',
          dateTo: '2026-12-24',
        })
        .expect(201)
    ).body;
    await worker2.delete(`/api/t/alpha/me/availability/exceptions/${ex.id}`).expect(404);
    await worker.delete(`/api/t/alpha/me/availability/exceptions/${ex.id}`).expect(204);
    await worker.delete(`/api/t/alpha/me/availability/exceptions/${ex.id}`).expect(404);
  });

  it('refuses end before start, overlaps, an unknown weekday and dates out of order, writing nothing', async () => {
    const before = await rowCounts();
    expectBadInput(
      await worker.put('/api/t/alpha/me/availability', {
        pattern: {
          mon: [{ start: '14:00', end: '09:00' }],
          tue: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
          fun: [{ start: '09:00', end: '10:00' }],
          wed: [{ start: '25:00', end: '26:00' }],
        },
        maxMinutesPerWeek: -5,
      }),
      [
        '/body/pattern/mon/0/end',
        '/body/pattern/tue/1/start',
        '/body/pattern/fun',
        '/body/pattern/wed/0/start',
        '/body/maxMinutesPerWeek',
      ],
    );
    expectBadInput(
      await worker.post('/api/t/alpha/me/availability/exceptions', {
        kind: 'off',
        dateFrom: '2026-12-10',
        dateTo: '2026-12-01',
      }),
      ['/body/dateTo'],
    );
    expectBadInput(
      await worker.post('/api/t/alpha/me/availability/exceptions', {
        kind: 'hours',
        dateFrom: '2026-12-10',
        dateTo: '2026-12-10',
        ranges: [
          { start: '09:00', end: '12:00' },
          { start: '10:00', end: '11:00' },
        ],
      }),
      ['/body/ranges/1/start'],
    );
    expectBadInput(
      await worker.post('/api/t/alpha/me/availability/exceptions', {
        kind: 'hours',
        dateFrom: '2026-02-30',
        dateTo: '2026-03-01',
      }),
      ['/body/dateFrom', '/body/ranges'],
    );
    expect(await rowCounts()).toEqual(before);
    // Still as set.
    const mine = (await worker.get('/api/t/alpha/me/availability').expect(200)).body;
    expect(mine.pattern.mon).toEqual([{ start: '09:00', end: '14:30' }]);
  });
});

describe('across tenants', () => {
  it('answers 404 to tenant B’s staff for tenant A’s workers, through B’s URL and A’s', async () => {
    for (const path of [
      `/workers/${alpha.workerUser}`,
      `/workers/${alpha.workerUser}/trainings`,
      `/workers/${alpha.workerUser}/availability`,
    ]) {
      const viaB = await betaAdmin.get(`/api/t/beta${path}`).expect(404);
      expect(JSON.stringify(viaB.body)).not.toContain('花子');
      await betaAdmin.get(`/api/t/alpha${path}`).expect(404);
    }
    for (const path of [
      '/workers',
      '/me/profile',
      '/me/availability',
      '/me/availability/preview',
      '/me/data',
    ])
      await betaAdmin.get(`/api/t/alpha${path}`).expect(404);
    await betaAdmin.patch(`/api/t/beta/workers/${alpha.workerUser}`, { legalName: '乗っ取り' }).expect(404);
    await betaAdmin.patch(`/api/t/alpha/workers/${alpha.workerUser}`, { legalName: '乗っ取り' }).expect(404);
    await betaAdmin
      .post(`/api/t/beta/workers/${alpha.workerUser}/trainings`, { course: 'x', completedOn: '2026-01-01' })
      .expect(404);
    await betaAdmin
      .post(`/api/t/alpha/workers/${alpha.workerUser}/trainings`, { course: 'x', completedOn: '2026-01-01' })
      .expect(404);
    await betaAdmin.post(`/api/t/beta/workers/${alpha.workerUser}/pseudonymise`).expect(404);
    await betaAdmin.post(`/api/t/alpha/workers/${alpha.workerUser}/pseudonymise`).expect(404);
    // B's worker cannot reach A's own-data routes, nor delete A's exception through B.
    await betaWorker.patch('/api/t/alpha/me/profile', { legalName: 'x' }).expect(404);
    await betaWorker.put('/api/t/alpha/me/availability', { pattern: {} }).expect(404);
    await betaWorker
      .post('/api/t/alpha/me/availability/exceptions', {
        kind: 'off',
        dateFrom: '2026-12-01',
        dateTo: '2026-12-01',
      })
      .expect(404);
    await betaWorker.delete(`/api/t/alpha/me/availability/exceptions/${alpha.exception}`).expect(404);
    await betaWorker.delete(`/api/t/beta/me/availability/exceptions/${alpha.exception}`).expect(404);
    await betaWorker.post('/api/t/alpha/me/deletion-request').expect(404);
    // A's data is unchanged.
    const seen = (await admin.get(`/api/t/alpha/workers/${alpha.workerUser}`).expect(200)).body;
    expect(seen.legalName).toBe('alpha 花子');
    expect(
      (await worker.get('/api/t/alpha/me/availability').expect(200)).body.exceptions.map(
        (e: { id: string }) => e.id,
      ),
    ).toContain(alpha.exception);
  });

  it('never shows the hub’s staff a partner centre’s worker’s private fields', async () => {
    const hub = await t.signIn('hub_admin@hub.test');
    for (const url of [
      `/api/t/hub/workers/${alpha.workerUser}`,
      `/api/t/alpha/workers/${alpha.workerUser}`,
      `/api/t/alpha/workers/${alpha.workerUser}/availability`,
      '/api/t/alpha/workers',
    ]) {
      const res = await hub.get(url).expect(404);
      expect(JSON.stringify(res.body)).not.toContain('花子');
    }
  });

  it('keeps each centre’s profile of a person who works in two centres apart', async () => {
    // A person in both centres: what they tell beta is not shown in alpha.
    const { userId } = await t.addUser('alpha', 'worker', 'both@centres.test');
    await t.addUser('beta', 'worker', 'both@centres.test');
    const both = await t.signIn('both@centres.test');
    await both
      .patch('/api/t/beta/me/profile', { legalName: 'ベータでの名前', address: '中津川市' })
      .expect(200);
    const inAlpha = (await admin.get(`/api/t/alpha/workers/${userId}`).expect(200)).body;
    expect(inAlpha).toMatchObject({ legalName: '', address: '' });
  });
});
