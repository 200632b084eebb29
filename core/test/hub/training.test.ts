import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTraining } from '../../src/modules/hub/training/demo-training.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { seedTraining } from '../support/training-seed.js';

/**
 * Training across the network (issue #8, item 6) over HTTP on the real database: the hub's courses and
 * sessions, partner centres enrolling their own workers, attendance and assessment recorded by the hub, the
 * course's skills granted in the worker's own centre; pseudonymity, tenant isolation, and bad input.
 */
let t: TestApp;
let hubAdmin: Client;
let hubDirector: Client;
let hubWorker: Client;
let alphaAdmin: Client;
let alphaDirector: Client;
let alphaWorker: Client;
let betaAdmin: Client;
let betaWorker: Client;
const ids: Record<string, string> = {};

const HOUR = 3600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

async function course(body: object = {}) {
  return (
    await hubAdmin
      .post('/api/t/hub/training/courses', {
        titleJa: '画像アノテーション基礎',
        titleEn: 'Image annotation basics',
        audience: 'worker',
        workType: 'image-annotation',
        skills: ['bbox-basic'],
        passScore: 70,
        description: '矩形アノテーションの基本と品質基準',
        ...body,
      })
      .expect(201)
  ).body;
}

async function session(courseId: string, body: object = {}) {
  return (
    await hubAdmin
      .post(`/api/t/hub/training/courses/${courseId}/sessions`, {
        startsAt: inHours(48),
        endsAt: inHours(50),
        mode: 'online',
        capacity: 5,
        ...body,
      })
      .expect(201)
  ).body;
}

/** Rows of a training table, as the owner sees them (for "nothing changed"). */
const rows = async (table: string) =>
  (
    await t.db.asOwner((tx) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx),
    )
  ).rows[0]!.n;
const snapshot = async () => ({
  enrolments: await t.db.asOwner((tx) =>
    tx.selectFrom('training_enrolments').selectAll().orderBy('id').execute(),
  ),
  sessions: await t.db.asOwner((tx) =>
    tx.selectFrom('training_sessions').select(['id', 'seats_taken']).orderBy('id').execute(),
  ),
  people: await rows('training_enrolment_people'),
  skills: await rows('worker_skills'),
});

const problem = (res: { body: { type: string; errors?: { code: string }[] } }) => ({
  type: res.body.type,
  code: res.body.errors?.[0]?.code,
});

beforeAll(async () => {
  t = await startTestApp();
  ids.hubWorker = (await t.addUser('hub', 'worker')).userId;
  await t.addUser('hub', 'director');
  hubAdmin = await t.signIn('hub_admin@hub.test');
  hubDirector = await t.signIn('director@hub.test');
  hubWorker = await t.signIn('worker@hub.test');
  alphaAdmin = await t.signIn('tenant_admin@alpha.test');
  alphaDirector = await t.signIn('director@alpha.test');
  alphaWorker = await t.signIn('worker@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  betaWorker = await t.signIn('worker@beta.test');
  // alpha and beta are partners of the hub. The row is written here as the owner, so this file does not depend
  // on the agreement API's own rules (PUT /api/t/hub/partners/:slug/agreement, tested with partnerships).
  await t.db.asOwner((tx) =>
    tx
      .insertInto('hub_partnerships')
      .values(
        ['alpha', 'beta'].map((slug) => ({
          tenant_id: t.tenants[slug]!,
          hub_tenant_id: t.tenants.hub!,
          status: 'active' as const,
        })),
      )
      .execute(),
  );
  const alphaMembers = (await alphaAdmin.get('/api/t/alpha/members').expect(200)).body;
  const w = alphaMembers.find((m: { email: string }) => m.email === 'worker@alpha.test');
  ids.alphaWorker = w.userId;
  ids.alphaWorkerMember = w.id;
  ids.alphaWorkerName = w.displayName;
  ids.alphaDirector = alphaMembers.find((m: { email: string }) => m.email === 'director@alpha.test').userId;
  ids.alphaClient = alphaMembers.find((m: { email: string }) => m.email === 'client@alpha.test').userId;
  const betaMembers = (await betaAdmin.get('/api/t/beta/members').expect(200)).body;
  ids.betaWorker = betaMembers.find((m: { email: string }) => m.email === 'worker@beta.test').userId;
});

describe('the demo', () => {
  it('seeds courses and upcoming sessions for a hub once, one of them at a partner centre', async () => {
    await seedDemoTraining(t.container, 'hub');
    await seedDemoTraining(t.container, 'hub');
    await seedDemoTraining(t.container, 'alpha'); // not a hub: nothing
    const courses = (await hubAdmin.get('/api/t/hub/training/courses').expect(200)).body;
    expect(courses).toHaveLength(3);
    expect(courses.map((c: { audience: string }) => c.audience).sort()).toEqual([
      'director',
      'worker',
      'worker',
    ]);
    expect(courses.reduce((n: number, c: { upcomingSessions: number }) => n + c.upcomingSessions, 0)).toBe(4);
    const annotation = courses.find((c: { workType: string }) => c.workType === 'image-annotation');
    expect(annotation.skills).toEqual(['image-annotation']);
    const detail = (await hubAdmin.get(`/api/t/hub/training/courses/${annotation.id}`).expect(200)).body;
    expect(detail.sessions.map((s: { centre: { slug: string } | null }) => s.centre?.slug ?? null)).toEqual([
      null,
      'alpha',
    ]);
    // alpha's worker sees the two worker courses in the hub's catalogue.
    const cat = (await alphaWorker.get('/api/t/alpha/training/catalogue').expect(200)).body;
    expect(cat.courses).toHaveLength(2);
  });
});

describe('training across the network: the full path', () => {
  it('hub course → alpha enrols its worker → hub records attendance and a pass → alpha’s worker has the skill', async () => {
    const c = await course();
    expect(c).toMatchObject({ audience: 'worker', skills: ['bbox-basic'], passScore: 70, published: true });
    const centres = (await hubAdmin.get('/api/t/hub/training/centres').expect(200)).body;
    expect(centres.map((x: { slug: string }) => x.slug)).toEqual(['hub', 'alpha', 'beta']);
    await alphaAdmin.get('/api/t/alpha/training/centres').expect(404);
    const s = await session(c.id, { mode: 'centre', centre: 'alpha', capacity: 3 });
    expect(s).toMatchObject({ capacity: 3, seatsLeft: 3, centre: { slug: 'alpha' } });
    ids.course = c.id;
    ids.session = s.id;

    // alpha sees the hub's catalogue with the seats left.
    const cat = (await alphaAdmin.get('/api/t/alpha/training/catalogue').expect(200)).body;
    expect(cat.hub.slug).toBe('hub');
    const listed = cat.courses.find((x: { id: string }) => x.id === c.id);
    expect(listed.sessions.map((x: { id: string; seatsLeft: number }) => [x.id, x.seatsLeft])).toEqual([
      [s.id, 3],
    ]);

    // Before: no skill.
    const before = (await alphaAdmin.get(`/api/t/alpha/members/${ids.alphaWorker}/skills`).expect(200)).body;
    expect(before.map((x: { skill: string }) => x.skill)).not.toContain('bbox-basic');

    const e = (
      await alphaAdmin
        .post('/api/t/alpha/training/enrolments', { sessionId: s.id, memberId: ids.alphaWorkerMember })
        .expect(201)
    ).body;
    expect(e).toMatchObject({
      status: 'enrolled',
      userId: ids.alphaWorker,
      email: 'worker@alpha.test',
      enrolledBy: 'centre',
      course: { titleJa: '画像アノテーション基礎' },
    });
    expect(e.pseudonym).toMatch(/^W-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    ids.enrolment = e.id;
    // A director of the centre reads the centre's enrolments (with names: its own data).
    const byDirector = (await alphaDirector.get('/api/t/alpha/training/enrolments').expect(200)).body;
    expect(byDirector.find((x: { id: string }) => x.id === e.id).displayName).toBe(ids.alphaWorkerName);
    const after = (await alphaAdmin.get('/api/t/alpha/training/catalogue').expect(200)).body;
    expect(after.courses.find((x: { id: string }) => x.id === c.id).sessions[0].seatsLeft).toBe(2);

    // The hub's view: a pseudonym and the centre, nothing personal.
    const hubView = await hubAdmin.get(`/api/t/hub/training/sessions/${s.id}/enrolments`).expect(200);
    expect(hubView.body).toHaveLength(1);
    expect(hubView.body[0]).toMatchObject({
      id: e.id,
      pseudonym: e.pseudonym,
      centre: { slug: 'alpha' },
      status: 'enrolled',
    });
    for (const secret of [ids.alphaWorker, 'worker@alpha.test', ids.alphaWorkerName!])
      expect(hubView.text).not.toContain(secret);
    // Hub staff (a director) may read it too, but not write.
    await hubDirector.get(`/api/t/hub/training/sessions/${s.id}/enrolments`).expect(200);
    await hubDirector
      .put(`/api/t/hub/training/enrolments/${e.id}/attendance`, { attended: true })
      .expect(403);

    const attended = await hubAdmin
      .put(`/api/t/hub/training/enrolments/${e.id}/attendance`, { attended: true })
      .expect(200);
    expect(attended.body.status).toBe('attended');
    const passed = await hubAdmin
      .put(`/api/t/hub/training/enrolments/${e.id}/assessment`, { score: 85 })
      .expect(200);
    expect(passed.body).toMatchObject({ status: 'passed', score: 85, pseudonym: e.pseudonym });
    for (const secret of [ids.alphaWorker, 'worker@alpha.test', ids.alphaWorkerName!])
      expect(passed.text).not.toContain(secret);

    const skills = (await alphaAdmin.get(`/api/t/alpha/members/${ids.alphaWorker}/skills`).expect(200)).body;
    expect(skills.map((x: { skill: string }) => x.skill)).toContain('bbox-basic');

    // alpha sees its own person's result; the worker sees it in "my training".
    const own = (await alphaAdmin.get(`/api/t/alpha/training/enrolments/${e.id}`).expect(200)).body;
    expect(own).toMatchObject({ status: 'passed', score: 85, displayName: ids.alphaWorkerName });
    const mine = (await alphaWorker.get('/api/t/alpha/training/mine').expect(200)).body;
    expect(mine.find((x: { id: string }) => x.id === e.id)).toMatchObject({ status: 'passed', score: 85 });

    // Audited on both sides: the hub's entry names the pseudonym, alpha's the person.
    const hubAudit = await hubAdmin.get('/api/t/hub/audit?action=training_enrolment.passed').expect(200);
    expect(hubAudit.body).toHaveLength(1);
    expect(hubAudit.body[0].data).toMatchObject({
      pseudonym: e.pseudonym,
      score: 85,
      skills: ['bbox-basic'],
    });
    expect(hubAudit.text).not.toContain(ids.alphaWorker);
    const alphaAudit = (
      await alphaAdmin.get('/api/t/alpha/audit?action=training_enrolment.passed').expect(200)
    ).body;
    expect(alphaAudit).toHaveLength(1);
    expect(alphaAudit[0].data).toMatchObject({ userId: ids.alphaWorker, skillsGranted: ['bbox-basic'] });
  });

  it('records a fail below the pass score and grants nothing', async () => {
    const c = await course({ skills: ['polygon-basic'], passScore: 80 });
    const s = await session(c.id);
    const e = (
      await betaAdmin
        .post('/api/t/beta/training/enrolments', { sessionId: s.id, userId: ids.betaWorker })
        .expect(201)
    ).body;
    await hubAdmin.put(`/api/t/hub/training/enrolments/${e.id}/attendance`, { attended: true }).expect(200);
    const failed = await hubAdmin
      .put(`/api/t/hub/training/enrolments/${e.id}/assessment`, { score: 79 })
      .expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', score: 79 });
    const skills = (await betaAdmin.get(`/api/t/beta/members/${ids.betaWorker}/skills`).expect(200)).body;
    expect(skills.map((x: { skill: string }) => x.skill)).not.toContain('polygon-basic');
  });

  it('lets the hub enrol its own workers, and a pass grants the skill in the hub', async () => {
    const c = await course({ skills: ['lanelet-basic'], passScore: 60 });
    const s = await session(c.id);
    const e = (
      await hubAdmin
        .post('/api/t/hub/training/enrolments', { sessionId: s.id, userId: ids.hubWorker })
        .expect(201)
    ).body;
    await hubAdmin.put(`/api/t/hub/training/enrolments/${e.id}/attendance`, { attended: true }).expect(200);
    await hubAdmin.put(`/api/t/hub/training/enrolments/${e.id}/assessment`, { score: 60 }).expect(200);
    const skills = (await hubAdmin.get(`/api/t/hub/members/${ids.hubWorker}/skills`).expect(200)).body;
    expect(skills.map((x: { skill: string }) => x.skill)).toContain('lanelet-basic');
    const own = (await hubAdmin.get('/api/t/hub/training/enrolments').expect(200)).body;
    // The hub's own list holds its own people only, not the partners' enrolments it sees pseudonymously.
    expect(own.map((x: { id: string }) => x.id)).toEqual([e.id]);
  });

  it('lets a worker enrol themselves in a worker course, see and cancel it; not a director course', async () => {
    const c = await course({ skills: ['entry-basic'] });
    const s = await session(c.id);
    const mine = (await alphaWorker.post('/api/t/alpha/training/mine', { sessionId: s.id }).expect(201)).body;
    expect(mine).toMatchObject({ status: 'enrolled', enrolledBy: 'worker', userId: ids.alphaWorker });
    const list = (await alphaWorker.get('/api/t/alpha/training/mine').expect(200)).body;
    expect(list.map((x: { id: string }) => x.id)).toContain(mine.id);
    // The worker's catalogue shows worker courses only.
    const d = await course({ audience: 'director', workType: null, skills: [], titleJa: 'ディレクター研修' });
    const ds = await session(d.id);
    const cat = (await alphaWorker.get('/api/t/alpha/training/catalogue').expect(200)).body;
    expect(cat.courses.map((x: { id: string }) => x.id)).toContain(c.id);
    expect(cat.courses.map((x: { id: string }) => x.id)).not.toContain(d.id);
    const before = await snapshot();
    const res = await alphaWorker.post('/api/t/alpha/training/mine', { sessionId: ds.id }).expect(422);
    expect(problem(res)).toEqual({ type: '/api/problems/unprocessable', code: 'not_a_worker_course' });
    // Staff can put a director on a director course, not a worker or a client.
    await alphaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: ds.id, userId: ids.alphaWorker })
      .expect(422);
    await alphaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: ds.id, userId: ids.alphaClient })
      .expect(422);
    expect(await snapshot()).toEqual(before);
    await alphaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: ds.id, userId: ids.alphaDirector })
      .expect(201);

    // Another worker cannot cancel it; the worker can, and the seat comes back.
    await betaWorker.post(`/api/t/beta/training/enrolments/${mine.id}/cancel`).expect(404);
    const cancelled = (
      await alphaWorker.post(`/api/t/alpha/training/enrolments/${mine.id}/cancel`).expect(200)
    ).body;
    expect(cancelled.status).toBe('cancelled');
    const seats = (await hubAdmin.get(`/api/t/hub/training/courses/${c.id}`).expect(200)).body.sessions[0];
    expect(seats).toMatchObject({ seatsTaken: 0, seatsLeft: 5, enrolments: { cancelled: 1 } });
    // Cancelled: enrolling again is allowed.
    await alphaWorker.post('/api/t/alpha/training/mine', { sessionId: s.id }).expect(201);
  });
});

describe('training: isolation', () => {
  it('does not show beta alpha’s enrolments, by list or by id', async () => {
    const list = (await betaAdmin.get('/api/t/beta/training/enrolments').expect(200)).body;
    expect(list.map((x: { id: string }) => x.id)).not.toContain(ids.enrolment);
    expect(JSON.stringify(list)).not.toContain('worker@alpha.test');
    await betaAdmin.get(`/api/t/beta/training/enrolments/${ids.enrolment}`).expect(404);
    await betaAdmin.post(`/api/t/beta/training/enrolments/${ids.enrolment}/cancel`).expect(404);
    for (const path of [
      '/training/enrolments',
      `/training/enrolments/${ids.enrolment}`,
      '/training/catalogue',
    ])
      await betaAdmin.get(`/api/t/alpha${path}`).expect(404);
    await betaAdmin.post(`/api/t/alpha/training/enrolments/${ids.enrolment}/cancel`).expect(404);
    // beta cannot enrol alpha's worker, by user id or by membership id.
    await betaAdmin
      .post('/api/t/beta/training/enrolments', { sessionId: ids.session, userId: ids.alphaWorker })
      .expect(404);
    await betaAdmin
      .post('/api/t/beta/training/enrolments', { sessionId: ids.session, memberId: ids.alphaWorkerMember })
      .expect(404);
    // The hub reads alpha's enrolment only pseudonymously: not through a centre's own-enrolment route.
    await hubAdmin.get(`/api/t/hub/training/enrolments/${ids.enrolment}`).expect(404);
  });

  it('keeps the hub-only routes from partners and workers', async () => {
    for (const [who, path] of [
      [alphaAdmin, '/api/t/alpha/training/courses'],
      [alphaAdmin, `/api/t/alpha/training/courses/${ids.course}`],
      [alphaAdmin, `/api/t/alpha/training/sessions/${ids.session}/enrolments`],
      [alphaAdmin, '/api/t/hub/training/courses'],
      [alphaWorker, '/api/t/hub/training/courses'],
      [alphaWorker, `/api/t/hub/training/sessions/${ids.session}/enrolments`],
    ] as const)
      await who.get(path).expect(404);
    // The hub's own worker is a member of the hub, but not staff.
    await hubWorker.get('/api/t/hub/training/courses').expect(403);
    await hubWorker.get(`/api/t/hub/training/sessions/${ids.session}/enrolments`).expect(403);
    await alphaWorker.get('/api/t/alpha/training/enrolments').expect(403);
    await alphaWorker.get(`/api/t/alpha/training/enrolments/${ids.enrolment}`).expect(403);
    await alphaWorker
      .post('/api/t/alpha/training/enrolments', { sessionId: ids.session, userId: ids.alphaWorker })
      .expect(403);
    await alphaAdmin
      .put(`/api/t/alpha/training/enrolments/${ids.enrolment}/assessment`, { score: 100 })
      .expect(404);
    await betaAdmin.post('/api/t/beta/training/courses', {}).expect(404);
    await alphaAdmin.patch(`/api/t/alpha/training/courses/${ids.course}`, { published: false }).expect(404);
    await alphaAdmin
      .post(`/api/t/alpha/training/courses/${ids.course}/sessions`, {
        startsAt: inHours(5),
        endsAt: inHours(6),
        mode: 'online',
        capacity: 1,
      })
      .expect(404);
    await alphaAdmin
      .put(`/api/t/alpha/training/enrolments/${ids.enrolment}/attendance`, { attended: false })
      .expect(404);
    // Another centre's people get 404 for a centre's own URLs.
    await betaWorker.get('/api/t/alpha/training/mine').expect(404);
    await betaWorker.post('/api/t/alpha/training/mine', { sessionId: ids.session }).expect(404);
    await betaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: ids.session, userId: ids.alphaWorker })
      .expect(404);
    const course = (await hubAdmin.get(`/api/t/hub/training/courses/${ids.course}`).expect(200)).body;
    expect(course.published).toBe(true);
    expect(course.sessions).toHaveLength(1);
    const enrolment = (await alphaAdmin.get(`/api/t/alpha/training/enrolments/${ids.enrolment}`).expect(200))
      .body;
    expect(enrolment.status).toBe('passed');
  });

  it('keeps the person behind an enrolment from the hub in the database too', async () => {
    const hubSees = await t.db.withTenant(t.tenants.hub!, (tx) =>
      tx.selectFrom('training_enrolment_people').select('tenant_id').execute(),
    );
    expect(hubSees.every((r) => r.tenant_id === t.tenants.hub)).toBe(true);
    // alpha reads the hub's sessions but writes none.
    const changed = await t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx.updateTable('training_sessions').set({ capacity: 999 }).executeTakeFirst(),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
    // beta sees its own enrolments only, never alpha's.
    const betaSees = await t.db.withTenant(t.tenants.beta!, (tx) =>
      tx.selectFrom('training_enrolments').select('tenant_id').distinct().execute(),
    );
    expect(betaSees.map((r) => r.tenant_id)).toEqual([t.tenants.beta]);
  });

  it('lets a partner read its hub’s published courses and sessions only, and nobody anything without a tenant', async () => {
    const hidden = await course({ titleJa: '非公開コース', published: false });
    for (const table of [
      'training_courses',
      'training_sessions',
      'training_enrolments',
      'training_enrolment_people',
    ]) {
      const none = await t.db.asApp({}, (tx) =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx),
      );
      expect({ table, rows: none.rows[0]!.n }).toEqual({ table, rows: 0 });
    }
    for (const slug of ['alpha', 'beta']) {
      const courses = await t.db.withTenant(t.tenants[slug]!, (tx) =>
        tx.selectFrom('training_courses').select(['tenant_id', 'id', 'published']).execute(),
      );
      expect(courses.length).toBeGreaterThan(0);
      expect(new Set(courses.map((c) => c.tenant_id))).toEqual(new Set([t.tenants.hub]));
      expect(courses.every((c) => c.published)).toBe(true);
      expect(courses.map((c) => c.id)).not.toContain(hidden.id);
      const sessions = await t.db.withTenant(t.tenants[slug]!, (tx) =>
        tx.selectFrom('training_sessions').select('tenant_id').distinct().execute(),
      );
      expect(sessions.map((r) => r.tenant_id)).toEqual([t.tenants.hub]);
    }
    // A partner cannot write a course for the hub, nor one of its own that partners would read.
    await expect(
      t.db.withTenant(t.tenants.alpha!, (tx) =>
        tx
          .insertInto('training_courses')
          .values({
            tenant_id: t.tenants.hub!,
            title_ja: 'x',
            title_en: 'x',
            audience: 'worker',
            pass_score: 1,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('shows a centre whose partnership ended an empty catalogue and lets it enrol no one', async () => {
    const c = await course();
    const s = await session(c.id);
    await t.db.asOwner((tx) =>
      tx
        .updateTable('hub_partnerships')
        .set({ status: 'ended' })
        .where('tenant_id', '=', t.tenants.beta!)
        .execute(),
    );
    try {
      const cat = (await betaAdmin.get('/api/t/beta/training/catalogue').expect(200)).body;
      expect(cat).toEqual({ hub: null, courses: [] });
      await betaAdmin
        .post('/api/t/beta/training/enrolments', { sessionId: s.id, userId: ids.betaWorker })
        .expect(404);
    } finally {
      await t.db.asOwner((tx) =>
        tx
          .updateTable('hub_partnerships')
          .set({ status: 'active' })
          .where('tenant_id', '=', t.tenants.beta!)
          .execute(),
      );
    }
  });
});

describe('training: rules and bad input change nothing', () => {
  it('refuses a full session (409) across centres', async () => {
    const c = await course();
    const s = await session(c.id, { capacity: 1 });
    await alphaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: s.id, userId: ids.alphaWorker })
      .expect(201);
    const before = await snapshot();
    const res = await betaAdmin
      .post('/api/t/beta/training/enrolments', { sessionId: s.id, userId: ids.betaWorker })
      .expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problem(res)).toEqual({ type: '/api/problems/conflict', code: 'session_full' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses enrolling the same worker twice in a session (409)', async () => {
    const c = await course();
    const s = await session(c.id);
    await alphaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: s.id, userId: ids.alphaWorker })
      .expect(201);
    const before = await snapshot();
    const res = await alphaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: s.id, memberId: ids.alphaWorkerMember })
      .expect(409);
    expect(problem(res)).toEqual({ type: '/api/problems/conflict', code: 'already_enrolled' });
    const self = await alphaWorker.post('/api/t/alpha/training/mine', { sessionId: s.id }).expect(409);
    expect(problem(self).code).toBe('already_enrolled');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a score for someone who did not attend, and a second score (409)', async () => {
    const c = await course({ skills: ['never-granted'] });
    const s = await session(c.id);
    const e = (
      await alphaAdmin
        .post('/api/t/alpha/training/enrolments', { sessionId: s.id, userId: ids.alphaWorker })
        .expect(201)
    ).body;
    const before = await snapshot();
    const res = await hubAdmin
      .put(`/api/t/hub/training/enrolments/${e.id}/assessment`, { score: 100 })
      .expect(409);
    expect(problem(res)).toEqual({ type: '/api/problems/conflict', code: 'not_attended' });
    expect(await snapshot()).toEqual(before);
    const skills = (await alphaAdmin.get(`/api/t/alpha/members/${ids.alphaWorker}/skills`).expect(200)).body;
    expect(skills.map((x: { skill: string }) => x.skill)).not.toContain('never-granted');

    await hubAdmin.put(`/api/t/hub/training/enrolments/${e.id}/attendance`, { attended: true }).expect(200);
    // Attendance recorded: the centre can no longer cancel.
    const late = await alphaAdmin.post(`/api/t/alpha/training/enrolments/${e.id}/cancel`).expect(409);
    expect(problem(late).code).toBe('already_attended');
    await hubAdmin.put(`/api/t/hub/training/enrolments/${e.id}/assessment`, { score: 10 }).expect(200);
    const again = await hubAdmin
      .put(`/api/t/hub/training/enrolments/${e.id}/assessment`, { score: 100 })
      .expect(409);
    expect(problem(again).code).toBe('already_assessed');
    await hubAdmin.put(`/api/t/hub/training/enrolments/${e.id}/attendance`, { attended: false }).expect(409);
    const own = (await alphaAdmin.get(`/api/t/alpha/training/enrolments/${e.id}`).expect(200)).body;
    expect(own).toMatchObject({ status: 'failed', score: 10 });
  });

  it('refuses enrolling after the session started (409)', async () => {
    const c = await course();
    const s = await session(c.id);
    await t.db.asOwner((tx) =>
      tx
        .updateTable('training_sessions')
        .set({ starts_at: new Date(Date.now() - HOUR), ends_at: new Date(Date.now() + HOUR) })
        .where('id', '=', s.id)
        .execute(),
    );
    const before = await snapshot();
    const res = await alphaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: s.id, userId: ids.alphaWorker })
      .expect(409);
    expect(problem(res)).toEqual({ type: '/api/problems/conflict', code: 'session_started' });
    await alphaWorker.post('/api/t/alpha/training/mine', { sessionId: s.id }).expect(409);
    expect(await snapshot()).toEqual(before);
    // A started session leaves the catalogue.
    const cat = (await alphaAdmin.get('/api/t/alpha/training/catalogue').expect(200)).body;
    expect(cat.courses.find((x: { id: string }) => x.id === c.id).sessions).toEqual([]);
  });

  it('answers bad input with 400/404/422 problem+json and writes nothing', async () => {
    const c = await course();
    const courses = await rows('training_courses');
    const sessions = await rows('training_sessions');
    for (const body of [
      { titleJa: '', titleEn: 'x', audience: 'worker', passScore: 50 },
      { titleJa: 'x', titleEn: 'x', audience: 'everyone', passScore: 50 },
      { titleJa: 'x', titleEn: 'x', audience: 'worker', passScore: 101 },
      { titleJa: 'x', titleEn: 'x', audience: 'worker', passScore: 50, skills: ['Not A Skill'] },
      { titleJa: 'x', titleEn: 'x', audience: 'worker', passScore: 50, skills: ['a', 'a'] },
      { titleJa: 'x', titleEn: 'x', audience: 'worker', passScore: 50, tenantId: t.tenants.alpha },
    ]) {
      const res = await hubAdmin.post('/api/t/hub/training/courses', body).expect(400);
      expect(res.body.type).toBe('/api/problems/validation-failed');
      expect(res.body.detail ?? res.body.title).toMatch(/ \/ /);
    }
    const base = { startsAt: inHours(5), endsAt: inHours(6), mode: 'online', capacity: 5 };
    for (const body of [
      { ...base, endsAt: inHours(4) },
      { ...base, capacity: 0 },
      { ...base, mode: 'centre' },
      { ...base, startsAt: '2026-13-01' },
    ])
      await hubAdmin.post(`/api/t/hub/training/courses/${c.id}/sessions`, body).expect(400);
    const past = await hubAdmin
      .post(`/api/t/hub/training/courses/${c.id}/sessions`, {
        ...base,
        startsAt: inHours(-2),
        endsAt: inHours(-1),
      })
      .expect(422);
    expect(problem(past).code).toBe('in_the_past');
    const nowhere = await hubAdmin
      .post(`/api/t/hub/training/courses/${c.id}/sessions`, { ...base, mode: 'centre', centre: 'nowhere' })
      .expect(422);
    expect(problem(nowhere).code).toBe('unknown_centre');
    await hubAdmin
      .post('/api/t/hub/training/courses/00000000-0000-4000-8000-000000000000/sessions', base)
      .expect(404);
    expect(await rows('training_courses')).toBe(courses);
    expect(await rows('training_sessions')).toBe(sessions);

    const before = await snapshot();
    await alphaAdmin
      .post('/api/t/alpha/training/enrolments', {
        sessionId: ids.session,
        userId: ids.alphaWorker,
        memberId: ids.alphaWorkerMember,
      })
      .expect(400);
    await alphaAdmin.post('/api/t/alpha/training/enrolments', { sessionId: ids.session }).expect(400);
    await alphaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: 'not-a-uuid', userId: ids.alphaWorker })
      .expect(400);
    await alphaAdmin
      .post('/api/t/alpha/training/enrolments', {
        sessionId: '00000000-0000-4000-8000-000000000000',
        userId: ids.alphaWorker,
      })
      .expect(404);
    await hubAdmin
      .put(`/api/t/hub/training/enrolments/${ids.enrolment}/assessment`, { score: 101 })
      .expect(400);
    await hubAdmin
      .put(`/api/t/hub/training/enrolments/${ids.enrolment}/assessment`, { score: 5.5 })
      .expect(400);
    await hubAdmin.put(`/api/t/hub/training/enrolments/${ids.enrolment}/attendance`, {}).expect(400);
    expect(await snapshot()).toEqual(before);
  });

  it('hides an unpublished course from partners', async () => {
    const c = await course({ titleJa: '準備中のコース' });
    const s = await session(c.id);
    await hubAdmin.patch(`/api/t/hub/training/courses/${c.id}`, { published: false }).expect(200);
    const cat = (await alphaAdmin.get('/api/t/alpha/training/catalogue').expect(200)).body;
    expect(cat.courses.map((x: { id: string }) => x.id)).not.toContain(c.id);
    await alphaAdmin
      .post('/api/t/alpha/training/enrolments', { sessionId: s.id, userId: ids.alphaWorker })
      .expect(404);
    const listed = (await hubAdmin.get('/api/t/hub/training/courses').expect(200)).body;
    expect(listed.find((x: { id: string }) => x.id === c.id)).toMatchObject({
      published: false,
      sessions: 1,
    });
  });
});

describe('training seed', () => {
  it('makes one row in every training table for the partner', async () => {
    const seeded = await seedTraining(hubAdmin, alphaAdmin, alphaWorker, 'alpha');
    expect(Object.keys(seeded).sort()).toEqual([
      'training_courses',
      'training_enrolment_people',
      'training_enrolments',
      'training_sessions',
    ]);
    const partnerRows = await t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx
        .selectFrom('training_enrolment_people')
        .select('enrolment_id')
        .where('enrolment_id', '=', seeded.training_enrolment_people!)
        .execute(),
    );
    expect(partnerRows).toHaveLength(1);
  });
});
