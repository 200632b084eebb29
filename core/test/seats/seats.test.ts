import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Coworking seats over HTTP: booking within opening hours (Asia/Tokyo), capacity under a lock (concurrent
 * requests for the last seat), childcare requests, cancelling, the staff day view, and isolation.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let worker2: Client;
let clientRole: Client;
let betaAdmin: Client;
let betaWorker: Client;
let centre: string; // 2 seats, no childcare, Mon–Fri 09:00–17:00
let kids: string; // 1 seat, childcare, every day 09:00–15:00
let home: string;

const DAY = '2027-03-01'; // a Monday
const at = (hhmm: string, date = DAY) => `${date}T${hhmm}:00+09:00`;
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const book = (c: Client, body: object, tenant = 'alpha') => c.post(`/api/t/${tenant}/seat-bookings`, body);
const count = () =>
  t.db.asOwner(async (tx) =>
    Number(
      (
        await tx
          .selectFrom('seat_bookings')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  await t.addUser('alpha', 'worker', 'worker2@alpha.test');
  worker2 = await t.signIn('worker2@alpha.test');
  clientRole = await t.signIn('client@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
  betaWorker = await t.signIn('worker@beta.test');
  centre = (await admin.get('/api/t/alpha/workspaces').expect(200)).body[0].id;
  await admin
    .patch(`/api/t/alpha/workspaces/${centre}`, {
      seats: 2,
      openingHours: weekdays.map((day) => ({ day, opens: '09:00', closes: '17:00' })),
    })
    .expect(200);
  kids = (
    await admin
      .post('/api/t/alpha/workspaces', {
        name: 'キッズスペース併設ルーム',
        kind: 'coworking',
        seats: 1,
        childcare: true,
        openingHours: all.map((day) => ({ day, opens: '09:00', closes: '15:00' })),
      })
      .expect(201)
  ).body.id;
  home = (
    await admin
      .post('/api/t/alpha/workspaces', {
        name: '在宅',
        kind: 'home',
        openingHours: all.map((day) => ({ day, opens: '00:00', closes: '23:59' })),
      })
      .expect(201)
  ).body.id;
});

describe('booking a seat', () => {
  it('books a seat for the signed-in worker and lists it as theirs', async () => {
    const res = await book(worker, {
      workspaceId: centre,
      startsAt: at('09:00'),
      endsAt: at('12:30'),
    }).expect(201);
    expect(res.body).toMatchObject({
      date: DAY,
      from: '09:00',
      to: '12:30',
      status: 'booked',
      childcare: false,
    });
    const mine = (await worker.get('/api/t/alpha/seat-bookings/mine').expect(200)).body;
    expect(mine.map((b: { id: string }) => b.id)).toContain(res.body.id);
    expect((await worker2.get('/api/t/alpha/seat-bookings/mine').expect(200)).body).toEqual([]);
  });

  it('shows free seats per opening hour, without names', async () => {
    const res = await worker2.get(`/api/t/alpha/workspaces/${centre}/availability?date=${DAY}`).expect(200);
    expect(res.body.seats).toBe(2);
    expect(res.body.open).toEqual([{ opens: '09:00', closes: '17:00' }]);
    expect(res.body.hours).toHaveLength(8);
    expect(res.body.hours.slice(0, 5).map((h: { free: number }) => h.free)).toEqual([1, 1, 1, 1, 2]);
    expect(JSON.stringify(res.body)).not.toContain('worker of alpha');
  });

  it('reads the day in Asia/Tokyo: a Monday given in UTC is Monday morning', async () => {
    const res = await book(worker2, {
      workspaceId: centre,
      startsAt: '2027-03-01T04:00:00Z', // 13:00 JST
      endsAt: '2027-03-01T06:00:00Z',
    }).expect(201);
    expect(res.body).toMatchObject({ from: '13:00', to: '15:00' });
  });

  it('refuses a seat over capacity with a bilingual 409 and writes nothing', async () => {
    await book(worker2, { workspaceId: centre, startsAt: at('10:00'), endsAt: at('11:00') }).expect(201);
    const before = await count();
    const extra = await t.addUser('alpha', 'worker', 'worker3@alpha.test');
    const w3 = await t.signIn(extra.email);
    const res = await book(w3, { workspaceId: centre, startsAt: at('10:30'), endsAt: at('11:30') }).expect(
      409,
    );
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: '/body/startsAt', code: 'no_seat_free' }),
    ]);
    expect(res.body.detail).toMatch(/満席.*\/ No seat is free/);
    expect(await count()).toBe(before);
    // When a seat frees (11:00) the next person may take it.
    await book(w3, { workspaceId: centre, startsAt: at('11:00'), endsAt: at('12:00') }).expect(201);
  });

  it('refuses a range outside the opening hours, on a closed day, or across midnight', async () => {
    const before = await count();
    for (const [startsAt, endsAt] of [
      [at('08:30'), at('10:00')],
      [at('16:00'), at('17:30')],
      [at('10:00', '2027-03-06'), at('11:00', '2027-03-06')], // Saturday: closed
    ]) {
      const res = await book(worker, { workspaceId: centre, startsAt, endsAt: endsAt! }).expect(422);
      expect(res.body.errors[0]).toMatchObject({ pointer: '/body/startsAt', code: 'outside_opening_hours' });
      expect(res.body.errors[0].detail).toMatch(/ \/ /);
    }
    expect(await count()).toBe(before);
  });

  it('refuses an end before the start and a range longer than a day (400, per field)', async () => {
    const before = await count();
    const back = await book(worker, {
      workspaceId: centre,
      startsAt: at('12:00'),
      endsAt: at('11:00'),
    }).expect(400);
    expect(back.body.errors).toEqual([expect.objectContaining({ pointer: '/body/endsAt' })]);
    expect(back.body.errors[0].detail).toMatch(/終了は開始より後.* \/ The end must be after/);
    const long = await book(worker, {
      workspaceId: centre,
      startsAt: at('09:00'),
      endsAt: at('10:00', '2027-03-02'),
    }).expect(400);
    expect(long.body.errors[0]).toMatchObject({ pointer: '/body/endsAt' });
    expect(await count()).toBe(before);
  });

  it('refuses a childcare request where the workspace offers none, and takes one where it does', async () => {
    const before = await count();
    const res = await book(worker, {
      workspaceId: centre,
      startsAt: at('14:00'),
      endsAt: at('15:00'),
      childcare: true,
      childcareChildren: 1,
    }).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: '/body/childcare', code: 'no_childcare' }),
    ]);
    expect(res.body.detail).toMatch(/託児がありません.*offers no childcare/);
    expect(await count()).toBe(before);
    const ok = await book(worker, {
      workspaceId: kids,
      startsAt: at('13:00'),
      endsAt: at('14:30'),
      childcare: true,
      childcareChildren: 2,
      childcareNote: '2歳と4歳',
    }).expect(201);
    expect(ok.body).toMatchObject({ childcare: true, childcareChildren: 2, childcareNote: '2歳と4歳' });
  });

  it('refuses the same worker booked twice at once, and a home workspace', async () => {
    const before = await count();
    const twice = await book(worker, {
      workspaceId: centre,
      startsAt: at('12:00'),
      endsAt: at('13:30'),
    }).expect(409);
    expect(twice.body.errors[0]).toMatchObject({ code: 'already_booked' });
    const atHome = await book(worker, {
      workspaceId: home,
      startsAt: at('18:00'),
      endsAt: at('19:00'),
    }).expect(422);
    expect(atHome.body.errors[0]).toMatchObject({
      pointer: '/body/workspaceId',
      code: 'not_a_coworking_space',
    });
    const past = await book(worker, {
      workspaceId: centre,
      startsAt: at('09:00', '2020-03-02'),
      endsAt: at('10:00', '2020-03-02'),
    }).expect(422);
    expect(past.body.errors[0]).toMatchObject({ code: 'in_the_past' });
    expect(await count()).toBe(before);
  });

  it('gives the last seat to exactly one of several concurrent requests', async () => {
    const DATE = '2027-03-02';
    const people = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (i) =>
        t.signIn((await t.addUser('alpha', 'worker', `race${i}@alpha.test`)).email),
      ),
    );
    const results = await Promise.all(
      people.map((p) =>
        book(p, { workspaceId: kids, startsAt: at('10:00', DATE), endsAt: at('11:00', DATE) }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const avail = (await worker.get(`/api/t/alpha/workspaces/${kids}/availability?date=${DATE}`).expect(200))
      .body;
    expect(avail.hours.find((h: { hour: string }) => h.hour === '10:00')).toMatchObject({
      booked: 1,
      free: 0,
    });
  });

  it('lets clients book nothing', async () => {
    await book(clientRole, { workspaceId: centre, startsAt: at('09:00'), endsAt: at('10:00') }).expect(403);
    await clientRole.get(`/api/t/alpha/workspaces/${centre}/availability?date=${DAY}`).expect(403);
  });
});

describe('cancelling and the day view', () => {
  it('lets a worker cancel their own booking, not another’s; staff may cancel any', async () => {
    const mine = (
      await book(worker, {
        workspaceId: centre,
        startsAt: at('15:00', '2027-03-03'),
        endsAt: at('16:00', '2027-03-03'),
      }).expect(201)
    ).body;
    await worker2.delete(`/api/t/alpha/seat-bookings/${mine.id}`).expect(404);
    const cancelled = await worker.delete(`/api/t/alpha/seat-bookings/${mine.id}`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = (
      await book(worker, {
        workspaceId: centre,
        startsAt: at('15:00', '2027-03-03'),
        endsAt: at('16:00', '2027-03-03'),
      }).expect(201)
    ).body;
    await director.delete(`/api/t/alpha/seat-bookings/${again.id}`).expect(200);
    const avail = (
      await worker.get(`/api/t/alpha/workspaces/${centre}/availability?date=2027-03-03`).expect(200)
    ).body;
    expect(avail.hours.every((h: { free: number }) => h.free === 2)).toBe(true);
  });

  it('shows staff who is in, by hour, with childcare requests; workers see counts only', async () => {
    const day = (await director.get(`/api/t/alpha/workspaces/${kids}/day?date=${DAY}`).expect(200)).body;
    expect(day.bookings).toEqual([
      expect.objectContaining({
        displayName: 'worker of alpha',
        from: '13:00',
        to: '14:30',
        childcare: true,
        childcareChildren: 2,
      }),
    ]);
    expect(day.childcareRequests).toBe(1);
    expect(day.hours.find((h: { hour: string }) => h.hour === '14:00').people).toHaveLength(1);
    await worker.get(`/api/t/alpha/workspaces/${kids}/day?date=${DAY}`).expect(403);
    await director.get(`/api/t/alpha/workspaces/${kids}/day?date=2027-02-30`).expect(400);
  });
});

describe('tenant isolation', () => {
  it('answers 404 to another centre for every seats endpoint', async () => {
    const booking = (await worker.get('/api/t/alpha/seat-bookings/mine').expect(200)).body[0];
    // Not a member of alpha: the tenant itself is not found.
    await betaWorker.get('/api/t/alpha/seat-bookings/mine').expect(404);
    await book(betaWorker, {
      workspaceId: centre,
      startsAt: at('09:00', '2027-03-04'),
      endsAt: at('10:00', '2027-03-04'),
    }).expect(404);
    await betaAdmin.get(`/api/t/alpha/workspaces/${centre}/day?date=${DAY}`).expect(404);
    await betaAdmin.get(`/api/t/alpha/workspaces/${centre}/availability?date=${DAY}`).expect(404);
    await betaAdmin.delete(`/api/t/alpha/seat-bookings/${booking.id}`).expect(404);
    // Alpha's ids through beta's own tenant: not found, nothing changed.
    await betaAdmin.get(`/api/t/beta/workspaces/${centre}/day?date=${DAY}`).expect(404);
    await betaAdmin.get(`/api/t/beta/workspaces/${centre}/availability?date=${DAY}`).expect(404);
    await betaAdmin.delete(`/api/t/beta/seat-bookings/${booking.id}`).expect(404);
    await book(
      betaWorker,
      { workspaceId: centre, startsAt: at('09:00', '2027-03-04'), endsAt: at('10:00', '2027-03-04') },
      'beta',
    ).expect(404);
    expect((await betaWorker.get('/api/t/beta/seat-bookings/mine').expect(200)).body).toEqual([]);
    expect((await worker.get('/api/t/alpha/seat-bookings/mine').expect(200)).body[0].status).toBe('booked');
  });
});
