import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, tokyoToday } from '../../src/kernel/tokyo.js';
import { availableMinutes } from '../../src/modules/hub/network/capacity.js';
import { locate, MUNICIPALITIES, PREFECTURE_CAPITALS } from '../../src/modules/hub/network/locations.js';
import { fiscalYearOf } from '../../src/modules/hub/network/network.service.js';
import { isValidLocalGovernmentCode } from '../../src/modules/tenants/local-government-code.js';
import { giveContract } from '../support/contracts-time-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The hub's network view (issue #8, item 7) over HTTP on the real database: figures computed from real rows
 * in alpha (workers, skills, availability, approved and unapproved time, a correction, a placement), an
 * accepted task at the hub, offers shared with alpha and beta; no personal data in the answer; who may ask.
 */
let t: TestApp;
let hubAdmin: Client;
let alphaAdmin: Client;
let worker: Client;
let w2: Client;
const people: { email: string; userId: string; name: string }[] = [];

/** Yesterday in Tokyo: every dated row of the test is on it (in the past, within the active window). */
const day = addDays(tokyoToday(), -1);
const month = day.slice(0, 7);
const fy = fiscalYearOf(day);
const at = (hhmm: string) => `${day}T${hhmm}:00+09:00`;

const MON_FRI = { start: '09:00', end: '14:30' };
const TUE_THU = { start: '09:00', end: '12:00' };

async function entry(c: Client, from: string, to: string) {
  return (
    await c
      .post('/api/t/alpha/me/time-entries', {
        startedAt: at(from),
        endedAt: at(to),
        reason: '打刻を忘れたため / Forgot to clock in',
      })
      .expect(201)
  ).body as { id: string };
}

beforeAll(async () => {
  t = await startTestApp();
  const extra = [
    await t.addUser('alpha', 'worker', 'w2@alpha.test'),
    await t.addUser('alpha', 'worker', 'w3@alpha.test'),
    await t.addUser('beta', 'worker', 'w2@beta.test'),
    await t.addUser('hub', 'worker'),
    await t.addUser('hub', 'director'),
    await t.addUser('hub', 'client'),
  ];
  const all = await t.db.asOwner((tx) =>
    tx.selectFrom('users').select(['id', 'email', 'display_name']).where('email', 'like', '%.test').execute(),
  );
  for (const u of all) people.push({ email: u.email, userId: u.id, name: u.display_name });
  expect(people.length).toBe(9 + extra.length);

  hubAdmin = await t.signIn('hub_admin@hub.test');
  alphaAdmin = await t.signIn('tenant_admin@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  w2 = await t.signIn('w2@alpha.test');
  const w3 = await t.signIn('w3@alpha.test');
  const id = (email: string) => people.find((p) => p.email === email)!.userId;

  // alpha: two work types enabled (not shift operations); skills; hours.
  for (const type of ['image-annotation', 'data-entry'])
    await alphaAdmin.put(`/api/t/alpha/plugins/${type}`, { enabled: true }).expect(200);
  const skills = { 'worker@alpha.test': ['image-annotation', 'typing-ja'], 'w2@alpha.test': ['typing-ja'] };
  for (const [email, list] of Object.entries({ ...skills, 'w3@alpha.test': ['image-annotation'] }))
    await alphaAdmin
      .put(`/api/t/alpha/members/${id(email)}/skills`, { skills: list.map((skill) => ({ skill, level: 1 })) })
      .expect(200);
  // worker: Mon–Fri 09:00–14:30, holidays too → 5.5 h × 5 = 27.5 h in any seven days.
  await worker
    .put('/api/t/alpha/me/availability', {
      pattern: { mon: [MON_FRI], tue: [MON_FRI], wed: [MON_FRI], thu: [MON_FRI], fri: [MON_FRI] },
      maxMinutesPerWeek: null,
      worksOnHolidays: true,
    })
    .expect(200);
  // w2: Tue/Thu 09:00–12:00 = 6 h, capped at 300 minutes a week → 5 h. w3 never sets hours.
  await w2
    .put('/api/t/alpha/me/availability', {
      pattern: { tue: [TUE_THU], thu: [TUE_THU] },
      maxMinutesPerWeek: 300,
      worksOnHolidays: true,
    })
    .expect(200);
  void w3;

  // Time: worker 10:00–11:30 and 13:00–14:00 corrected to 13:00–13:30 → 120 minutes, approved. w2 60
  // minutes, submitted but not approved → not counted.
  await giveContract(alphaAdmin, worker, 'alpha', 'worker@alpha.test');
  await giveContract(alphaAdmin, w2, 'alpha', 'w2@alpha.test');
  await entry(worker, '10:00', '11:30');
  const wrong = await entry(worker, '13:00', '14:00');
  await worker
    .post(`/api/t/alpha/me/time-entries/${wrong.id}/corrections`, {
      startedAt: at('13:00'),
      endedAt: at('13:30'),
      reason: '早退 / Left early',
    })
    .expect(201);
  await worker.post(`/api/t/alpha/me/timesheets/${month}/submit`).expect(200);
  await alphaAdmin
    .post(`/api/t/alpha/timesheets/${id('worker@alpha.test')}/${month}/approve`, {})
    .expect(200);
  await entry(w2, '10:00', '11:00');
  await w2.post(`/api/t/alpha/me/timesheets/${month}/submit`).expect(200);

  // A placement of the worker at a local firm.
  await alphaAdmin
    .post('/api/t/alpha/growth/placements', {
      userId: id('worker@alpha.test'),
      kind: 'employed_local',
      employerName: '塩尻精密株式会社',
      occurredOn: day,
    })
    .expect(201);

  // The hub: an order of its own with a project, an accepted task of the hub's worker (written as the owner:
  // claiming and review are other contexts' business), and its share offered to alpha (accepted) and beta.
  await hubAdmin.put('/api/t/hub/plugins/image-annotation', { enabled: true }).expect(200);
  const clientId = (
    await hubAdmin.post('/api/t/hub/clients', { kind: 'company', name: '株式会社ミライ地図' }).expect(201)
  ).body.id;
  const order = (
    await hubAdmin
      .post('/api/t/hub/orders', {
        clientId,
        title: '教師データ作成',
        workType: 'image-annotation',
        parameters: { labels: ['car'] },
        contractType: 'ukeoi',
        quantity: 300,
        unitPrice: 60,
        deadline: '2027-12-25T17:00:00+09:00',
        qualityTarget: 90,
      })
      .expect(201)
  ).body;
  await hubAdmin.post(`/api/t/hub/orders/${order.id}/transitions`, { to: 'accepted' }).expect(200);
  const projectId = (await hubAdmin.get(`/api/t/hub/projects?orderId=${order.id}`).expect(200)).body[0].id;
  const hub = t.tenants.hub!;
  await t.db.asOwner(async (tx) => {
    const task = await tx
      .insertInto('tasks')
      .values({
        tenant_id: hub,
        project_id: projectId,
        seq: 1,
        payload: JSON.stringify({ image: 'a.png' }),
        expected: null,
        needed: 1,
        estimated_minutes: 3,
        due_at: new Date('2027-12-25T08:00:00Z'),
        differences: null,
        status: 'accepted',
        accepted_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('submissions')
      .values({
        tenant_id: hub,
        task_id: task.id,
        project_id: projectId,
        worker_id: id('worker@hub.test'),
        payload: JSON.stringify({ boxes: [] }),
        verdict: 'accepted',
      })
      .execute();
    const share = await tx
      .insertInto('hub_shares')
      .values({
        tenant_id: hub,
        order_id: order.id,
        project_id: projectId,
        work_type: 'image-annotation',
        tasks: 300,
        deadline: '2027-12-24',
        status: 'offered',
        proposal: JSON.stringify({}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const offer = (partner: string, status: 'accepted' | 'offered', tasks: number) => ({
      tenant_id: partner,
      hub_tenant_id: hub,
      share_id: share.id,
      title: '教師データ作成',
      work_type: 'image-annotation',
      parameters: JSON.stringify({ labels: ['car'] }),
      quality_target: 90,
      tasks,
      unit_price: 45,
      deadline: new Date('2027-12-24T08:00:00Z'),
      respond_by: new Date('2027-12-01T08:00:00Z'),
      status,
      responded_at: status === 'accepted' ? new Date() : null,
    });
    await tx
      .insertInto('hub_offers')
      .values([offer(t.tenants.alpha!, 'accepted', 200), offer(t.tenants.beta!, 'offered', 100)])
      .execute();
  });
});

type Centre = Record<string, unknown> & {
  slug: string;
  capacity: {
    workType: string;
    qualifiedWorkers: number;
    weeklyHours: number;
    qualifiedWithoutHours: number;
  }[];
};
const centre = (body: { centres: Centre[] }, slug: string) => body.centres.find((c) => c.slug === slug)!;

describe('GET /api/t/:hub/network', () => {
  it('computes each centre’s figures from its own rows', async () => {
    const res = await hubAdmin.get(`/api/t/hub/network?fy=${fy}`).expect(200);
    expect(res.body).toMatchObject({
      fiscalYear: fy,
      from: `${fy}-04-01`,
      to: `${fy + 1}-03-31`,
      hoursSource: 'approved_timesheets',
      capacityWindow: { from: tokyoToday(), days: 7 },
    });
    expect(res.body.centres.map((c: Centre) => c.slug).sort()).toEqual(['alpha', 'beta', 'hub']);

    const alpha = centre(res.body, 'alpha');
    expect(alpha).toMatchObject({
      name: { ja: 'alpha センター', en: 'alpha centre' },
      kind: 'municipality',
      prefecture: '長野県',
      status: 'active',
      localGovernmentCode: '202151',
      location: { lat: 36.1153, lng: 137.9535, precision: 'municipality' },
      workers: 3,
      activeWorkers: 1,
      hoursWorked: 2,
      placements: 1,
      placementsByKind: { employed_local: 1, employed_other: 0, returned_to_centre: 0, other: 0 },
      revenueShared: 200 * 45,
      tasksShared: 200,
      offersAccepted: 1,
    });
    expect(alpha.capacity).toEqual([
      // image-annotation: worker (27.5 h) and w3 (no hours set); data-entry: worker and w2 (capped at 5 h).
      { workType: 'data-entry', qualifiedWorkers: 2, weeklyHours: 32.5, qualifiedWithoutHours: 0 },
      { workType: 'image-annotation', qualifiedWorkers: 2, weeklyHours: 27.5, qualifiedWithoutHours: 1 },
    ]);

    // beta: an offer not (yet) accepted earns nothing; its two workers have done nothing.
    expect(centre(res.body, 'beta')).toMatchObject({
      workers: 2,
      activeWorkers: 0,
      hoursWorked: 0,
      placements: 0,
      revenueShared: 0,
      offersAccepted: 0,
      capacity: [],
    });
    // The hub sees every partner's offers, but its own row counts none of them; its worker is active by an
    // accepted task; no worker of the hub holds the annotation skill.
    expect(centre(res.body, 'hub')).toMatchObject({
      kind: 'hub',
      workers: 1,
      activeWorkers: 1,
      revenueShared: 0,
      capacity: [
        { workType: 'image-annotation', qualifiedWorkers: 0, weeklyHours: 0, qualifiedWithoutHours: 0 },
      ],
    });

    expect(res.body.totals).toMatchObject({
      centres: 3,
      activeCentres: 3,
      workers: 6,
      activeWorkers: 2,
      hoursWorked: 2,
      placements: 1,
      revenueShared: 9000,
      tasksShared: 200,
    });
    expect(res.body.totals.capacity).toEqual([
      {
        workType: 'data-entry',
        centres: 1,
        qualifiedWorkers: 2,
        weeklyHours: 32.5,
        qualifiedWithoutHours: 0,
      },
      {
        workType: 'image-annotation',
        centres: 2,
        qualifiedWorkers: 2,
        weeklyHours: 27.5,
        qualifiedWithoutHours: 1,
      },
    ]);
  });

  it('counts the same approved minutes as the time context’s own timesheet', async () => {
    const workerId = people.find((p) => p.email === 'worker@alpha.test')!.userId;
    const sheet = (await alphaAdmin.get(`/api/t/alpha/timesheets/${workerId}/${month}`).expect(200)).body;
    expect(sheet.status).toBe('approved');
    expect(sheet.totals.minutes).toBe(120);
    const res = await hubAdmin.get(`/api/t/hub/network?fy=${fy}`).expect(200);
    expect(centre(res.body, 'alpha').hoursWorked).toBe(sheet.totals.minutes / 60);
  });

  it('keeps other fiscal years apart', async () => {
    const res = await hubAdmin.get(`/api/t/hub/network?fy=${fy - 1}`).expect(200);
    expect(res.body.totals).toMatchObject({ hoursWorked: 0, placements: 0, revenueShared: 0 });
    // Counts of people and capacity are today's, whatever year is asked.
    expect(res.body.totals.workers).toBe(6);
  });

  it('holds no personal data of anyone: no e-mail, display name or user id', async () => {
    const json = JSON.stringify((await hubAdmin.get(`/api/t/hub/network?fy=${fy}`).expect(200)).body);
    expect(people.length).toBeGreaterThan(10);
    for (const p of people) {
      expect(json).not.toContain(p.email);
      expect(json).not.toContain(p.name);
      expect(json).not.toContain(p.userId);
    }
    expect(json).not.toContain('@');
    expect(json).not.toContain('塩尻精密');
  });

  it('is for the hub’s admins and directors only', async () => {
    const director = await t.signIn('director@hub.test');
    await director.get('/api/t/hub/network').expect(200);
    for (const email of ['worker@hub.test', 'client@hub.test']) {
      const res = await (await t.signIn(email)).get('/api/t/hub/network').expect(403);
      expect(res.type).toBe('application/problem+json');
    }
    await t.anonymous().get('/api/t/hub/network').expect(401);
  });

  it('answers 404 to every other centre, and to the hub’s URL for people who are not its members', async () => {
    for (const slug of ['alpha', 'beta']) {
      for (const role of ['tenant_admin', 'director']) {
        const c = await t.signIn(`${role}@${slug}.test`);
        const own = await c.get(`/api/t/${slug}/network`).expect(404);
        expect(own.type).toBe('application/problem+json');
        await c.get('/api/t/hub/network').expect(404);
      }
    }
    // Not even the hub's own admin finds a network under a partner's URL.
    await hubAdmin.get('/api/t/alpha/network').expect(404);
  });

  it('refuses a fiscal year that is not one, changing nothing', async () => {
    for (const fyParam of ['abc', '1999', '2026.5']) {
      const res = await hubAdmin.get(`/api/t/hub/network?fy=${fyParam}`).expect(400);
      expect(res.type).toBe('application/problem+json');
    }
    await hubAdmin.get('/api/t/hub/network?other=1').expect(400);
  });
});

describe('centre locations', () => {
  it('puts every demo centre on its own municipality, with valid codes', () => {
    const dir = fileURLToPath(new URL('../../../tenants/', import.meta.url));
    const folders = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(folders.length).toBe(11);
    for (const f of folders) {
      const def = JSON.parse(readFileSync(`${dir}${f.name}/tenant.json`, 'utf8'));
      const loc = locate(def.localGovernmentCode, def.prefecture);
      expect(loc.precision, f.name).toBe('municipality');
      // The point lies in its own prefecture: near its capital (Δlat + Δlng under 3°; 糸魚川 is the farthest).
      const capital = PREFECTURE_CAPITALS[def.prefecture]!;
      expect(Math.abs(loc.lat - capital.lat) + Math.abs(loc.lng - capital.lng), f.name).toBeLessThan(3);
    }
    for (const code of Object.keys(MUNICIPALITIES)) expect(isValidLocalGovernmentCode(code), code).toBe(true);
  });

  it('falls back to the prefecture’s capital, then to central Japan', () => {
    expect(Object.keys(PREFECTURE_CAPITALS)).toHaveLength(47);
    expect(locate('131016', '東京都')).toEqual({ lat: 35.6895, lng: 139.6917, precision: 'prefecture' });
    expect(locate('000000', 'どこか').precision).toBe('none');
  });
});

describe('weekly capacity arithmetic', () => {
  const rules = (worksOnHolidays: boolean, maxMinutesPerWeek: number | null = null) => ({
    pattern: { 1: [MON_FRI], 2: [MON_FRI], 3: [MON_FRI], 4: [MON_FRI], 5: [MON_FRI] },
    exceptions: [],
    worksOnHolidays,
    maxMinutesPerWeek,
  });

  it('sums seven days of ranges, skipping national holidays unless the worker works them', () => {
    // 2026-11-23 is 勤労感謝の日 (a Monday).
    expect(availableMinutes(rules(true), '2026-11-23')).toBe(5 * 330);
    expect(availableMinutes(rules(false), '2026-11-23')).toBe(4 * 330);
    expect(availableMinutes(rules(true, 600), '2026-11-23')).toBe(600);
    expect(availableMinutes(null, '2026-11-23')).toBe(0);
    const off = {
      ...rules(true),
      exceptions: [{ kind: 'off' as const, dateFrom: '2026-11-24', dateTo: '2026-11-25' }],
    };
    expect(availableMinutes(off, '2026-11-23')).toBe(3 * 330);
  });
});
