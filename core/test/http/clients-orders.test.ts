import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORDER_STATUSES, ORDER_TRANSITIONS } from '../../src/modules/orders/order-lifecycle.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/** Clients (発注者) and orders (受注): staff manage them; a client-role person sees only its company's orders. */
let t: TestApp;
let admin: Client;
let director: Client;
let worker: Client;
let clientA: Client; // client@alpha.test, of 信州データ株式会社
let clientB: Client; // client2@alpha.test, of 塩尻市 市民課
let companyA: string;
let companyB: string;

const shinshu = {
  kind: 'company',
  name: '信州データ株式会社',
  contact: { person: '山田 花子', email: 'hanako@shinshu-data.example.jp', phone: '0263-00-1234' },
  invoice: { billingAddress: '長野県松本市中央1-1-1', registrationNumber: 'T7000012050002' },
};

const ageForm = { form: { fields: [{ key: 'age', label: { ja: '年齢', en: 'Age' }, type: 'number' }] } };
const busOperations = {
  service: { ja: 'AIオンデマンドバス オペレーション', en: 'AI on-demand bus operations' },
  slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:00', end: '20:00', staff: 2 }],
};

const dataEntry = (clientId: string, extra: object = {}) => ({
  clientId,
  title: 'アンケート入力 2026年度',
  workType: 'data-entry',
  parameters: ageForm,
  contractType: 'ukeoi',
  quantity: 1200,
  unitPrice: 35,
  deadline: '2026-12-25T17:00:00+09:00',
  qualityTarget: 99,
  ...extra,
});

const shifts = (clientId: string) => ({
  clientId,
  title: 'AIオンデマンドバス オペレーター',
  workType: 'shift-operations',
  parameters: busOperations,
  contractType: 'jun_inin',
  hours: 520,
  hourlyRate: 1000,
  deadline: '2027-03-31T20:00:00+09:00',
  qualityTarget: 95,
});

const count = (table: 'orders' | 'clients' | 'client_users' | 'idempotency_keys' | 'audit_log') =>
  t.db.asOwner(async (tx) =>
    Number(
      (
        await tx
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  const second = await t.addUser('alpha', 'client', 'client2@alpha.test');
  companyA = (await admin.post('/api/t/alpha/clients', shinshu).expect(201)).body.id;
  companyB = (
    await director
      .post('/api/t/alpha/clients', { kind: 'municipal_department', name: '塩尻市 市民課' })
      .expect(201)
  ).body.id;
  const members = (await admin.get('/api/t/alpha/members').expect(200)).body as {
    userId: string;
    email: string;
  }[];
  const first = members.find((m) => m.email === 'client@alpha.test')!.userId;
  await admin.post(`/api/t/alpha/clients/${companyA}/users`, { userId: first }).expect(200);
  await admin.post(`/api/t/alpha/clients/${companyB}/users`, { userId: second.userId }).expect(200);
  clientA = await t.signIn('client@alpha.test');
  clientB = await t.signIn('client2@alpha.test');
  for (const slug of ['alpha', 'beta'])
    for (const id of ['data-entry', 'shift-operations'])
      await (await t.signIn(`tenant_admin@${slug}.test`))
        .put(`/api/t/${slug}/plugins/${id}`, { enabled: true })
        .expect(200);
});

describe('clients', () => {
  it('are created, read, changed and listed by staff, with their people, each change audited', async () => {
    const got = (await admin.get(`/api/t/alpha/clients/${companyA}`).expect(200)).body;
    expect(got).toMatchObject(shinshu);
    expect(got.users.map((u: { email: string }) => u.email)).toEqual(['client@alpha.test']);
    const changed = (
      await director
        .patch(`/api/t/alpha/clients/${companyA}`, { contact: { phone: '0263-99-0000' } })
        .expect(200)
    ).body;
    expect(changed.contact).toEqual({ ...shinshu.contact, phone: '0263-99-0000' });
    expect(changed.invoice).toEqual(shinshu.invoice);
    const list = (await admin.get('/api/t/alpha/clients').expect(200)).body;
    expect(list.map((c: { name: string }) => c.name).sort()).toEqual(['信州データ株式会社', '塩尻市 市民課']);
    const audit = (await admin.get(`/api/t/alpha/audit?entityId=${companyA}`).expect(200)).body;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'client.updated',
      'client.user_linked',
      'client.created',
    ]);
  });

  it('take a minimal body with defaults and refuse a duplicate name', async () => {
    const res = await admin.post('/api/t/alpha/clients', { kind: 'company', name: '松本商事' }).expect(201);
    expect(res.body).toMatchObject({
      contact: { person: '', email: '', phone: '' },
      invoice: { billingAddress: '', registrationNumber: null },
      users: [],
    });
    await admin.post('/api/t/alpha/clients', { kind: 'company', name: '松本商事' }).expect(409);
    await admin.delete(`/api/t/alpha/clients/${res.body.id}`).expect(204);
    await admin.get(`/api/t/alpha/clients/${res.body.id}`).expect(404);
  });

  it('link only client-role members, each to one client', async () => {
    const members = (await admin.get('/api/t/alpha/members').expect(200)).body as {
      userId: string;
      email: string;
    }[];
    const workerId = members.find((m) => m.email === 'worker@alpha.test')!.userId;
    const clientId = members.find((m) => m.email === 'client@alpha.test')!.userId;
    await admin.post(`/api/t/alpha/clients/${companyA}/users`, { userId: workerId }).expect(422);
    await admin.post(`/api/t/alpha/clients/${companyB}/users`, { userId: clientId }).expect(409);
    await admin.post(`/api/t/alpha/clients/${companyA}/users`, { userId: clientId }).expect(200); // again: no-op
    expect(await count('client_users')).toBe(2);
  });

  it('are for staff only: workers and clients get 403', async () => {
    for (const who of [worker, clientA]) {
      await who.get('/api/t/alpha/clients').expect(403);
      await who.get(`/api/t/alpha/clients/${companyA}`).expect(403);
      await who.post('/api/t/alpha/clients', { kind: 'company', name: 'x' }).expect(403);
      await who.patch(`/api/t/alpha/clients/${companyA}`, { name: 'x' }).expect(403);
    }
  });
});

describe('orders', () => {
  it('are created with the amount in integer yen, read, changed while draft, and audited', async () => {
    const created = (await admin.post('/api/t/alpha/orders', dataEntry(companyA)).expect(201)).body;
    expect(created).toMatchObject({
      clientId: companyA,
      clientName: '信州データ株式会社',
      contractType: 'ukeoi',
      quantity: 1200,
      unitPrice: 35,
      hours: null,
      hourlyRate: null,
      amount: 42_000,
      qualityTarget: 99,
      status: 'draft',
    });
    expect(new Date(created.deadline).toISOString()).toBe('2026-12-25T08:00:00.000Z');
    expect((await director.get(`/api/t/alpha/orders/${created.id}`).expect(200)).body).toEqual(created);

    const hourly = (await director.post('/api/t/alpha/orders', shifts(companyB)).expect(201)).body;
    expect(hourly).toMatchObject({ contractType: 'jun_inin', hours: 520, hourlyRate: 1000, amount: 520_000 });
    expect(hourly.parameters).toMatchObject({ place: 'centre', maxShiftMinutes: 240 });

    // Switching the contract type: the other pair is cleared, the amount follows.
    const switched = (
      await admin
        .patch(`/api/t/alpha/orders/${created.id}`, {
          contractType: 'jun_inin',
          quantity: null,
          unitPrice: null,
          hours: 40,
          hourlyRate: 1050,
        })
        .expect(200)
    ).body;
    expect(switched).toMatchObject({
      quantity: null,
      unitPrice: null,
      hours: 40,
      hourlyRate: 1050,
      amount: 42_000,
    });
    const half = await admin
      .patch(`/api/t/alpha/orders/${created.id}`, { contractType: 'ukeoi' })
      .expect(400);
    expect(half.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/body/hourlyRate',
      '/body/hours',
      '/body/quantity',
      '/body/unitPrice',
    ]);

    const list = (await admin.get('/api/t/alpha/orders').expect(200)).body;
    expect(list.map((o: { id: string }) => o.id).sort()).toEqual([created.id, hourly.id].sort());
    const onlyB = (await admin.get(`/api/t/alpha/orders?clientId=${companyB}`).expect(200)).body;
    expect(onlyB.map((o: { id: string }) => o.id)).toEqual([hourly.id]);

    const audit = (await admin.get(`/api/t/alpha/audit?entityId=${created.id}`).expect(200)).body;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['order.updated', 'order.created']);
  });

  it('refuse a fractional price or quantity, a mixed pricing, and an unknown client, writing nothing', async () => {
    const before = [await count('orders'), await count('audit_log')];
    const float = await admin
      .post('/api/t/alpha/orders', dataEntry(companyA, { unitPrice: 35.5 }))
      .expect(400);
    expect(float.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/unitPrice']);
    await admin.post('/api/t/alpha/orders', dataEntry(companyA, { quantity: 1.5 })).expect(400);
    const mixed = await admin.post('/api/t/alpha/orders', dataEntry(companyA, { hours: 10 })).expect(400);
    expect(mixed.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/hours']);
    const missing = await admin
      .post('/api/t/alpha/orders', { ...shifts(companyA), hourlyRate: undefined })
      .expect(400);
    expect(missing.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/hourlyRate']);
    await admin.post('/api/t/alpha/orders', dataEntry(companyA, { qualityTarget: 101 })).expect(400);
    await admin.post('/api/t/alpha/orders', dataEntry(companyA, { workType: 'Data Entry' })).expect(400);
    const unknown = await admin
      .post('/api/t/alpha/orders', dataEntry('00000000-0000-4000-8000-000000000000'))
      .expect(422);
    expect(unknown.body.errors[0].pointer).toBe('/body/clientId');
    expect([await count('orders'), await count('audit_log')]).toEqual(before);
  });

  it('move only along the lifecycle: every disallowed transition is 409 and changes nothing', async () => {
    const id = (await admin.post('/api/t/alpha/orders', dataEntry(companyA)).expect(201)).body.id;
    // Walk the happy path; at each status try every status it may not move to first.
    const path = ['draft', 'accepted', 'in_progress', 'delivered', 'completed'] as const;
    for (const [i, from] of path.entries()) {
      for (const to of ORDER_STATUSES.filter((s) => !ORDER_TRANSITIONS[from].includes(s))) {
        const before = (await admin.get(`/api/t/alpha/orders/${id}`).expect(200)).body;
        const res = await admin.post(`/api/t/alpha/orders/${id}/transitions`, { to }).expect(409);
        expect(res.body.type).toBe('/api/problems/conflict');
        expect((await admin.get(`/api/t/alpha/orders/${id}`).expect(200)).body).toEqual(before);
      }
      const next = path[i + 1];
      if (next) {
        const moved = (await director.post(`/api/t/alpha/orders/${id}/transitions`, { to: next }).expect(200))
          .body;
        expect(moved.status).toBe(next);
      }
    }
    // Once past draft the terms are fixed and the order cannot be deleted.
    await admin.patch(`/api/t/alpha/orders/${id}`, { title: 'x' }).expect(409);
    await admin.delete(`/api/t/alpha/orders/${id}`).expect(409);

    // Cancelled from draft, accepted and in progress; and nothing after cancelled.
    for (const upTo of [[], ['accepted'], ['accepted', 'in_progress']]) {
      const other = (await admin.post('/api/t/alpha/orders', dataEntry(companyA)).expect(201)).body.id;
      for (const to of upTo) await admin.post(`/api/t/alpha/orders/${other}/transitions`, { to }).expect(200);
      await admin.post(`/api/t/alpha/orders/${other}/transitions`, { to: 'cancelled' }).expect(200);
      for (const to of ORDER_STATUSES)
        await admin.post(`/api/t/alpha/orders/${other}/transitions`, { to }).expect(409);
    }

    const audit = (await admin.get(`/api/t/alpha/audit?entityId=${id}&action=order.transitioned`)).body;
    expect(audit.map((e: { data: { from: string; to: string } }) => `${e.data.from}→${e.data.to}`)).toEqual([
      'delivered→completed',
      'in_progress→delivered',
      'accepted→in_progress',
      'draft→accepted',
    ]);
    await admin.post(`/api/t/alpha/orders/${id}/transitions`, { to: 'shipped' }).expect(400);
  });

  it('delete a draft', async () => {
    const id = (await admin.post('/api/t/alpha/orders', dataEntry(companyB)).expect(201)).body.id;
    await admin.delete(`/api/t/alpha/orders/${id}`).expect(204);
    await admin.get(`/api/t/alpha/orders/${id}`).expect(404);
    await admin.delete(`/api/t/alpha/clients/${companyB}`).expect(409); // it still has orders
  });
});

describe('orders and Idempotency-Key', () => {
  const create = (key: string, body: object) =>
    admin.post('/api/t/alpha/orders', body).set('Idempotency-Key', key);

  it('replays the first response for the same key and request, creating one order', async () => {
    const before = await count('orders');
    const first = await create('order-2026-0001', dataEntry(companyA)).expect(201);
    // Same request with keys in another order: the same request.
    const { clientId, ...rest } = dataEntry(companyA);
    const again = await create('order-2026-0001', { ...rest, clientId }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('orders')).toBe(before + 1);
  });

  it('answers 422 for the same key with a different request, and changes nothing', async () => {
    await create('order-2026-0002', dataEntry(companyA)).expect(201);
    const before = await count('orders');
    const res = await create('order-2026-0002', dataEntry(companyA, { quantity: 1300 })).expect(422);
    expect(res.body.type).toBe('/api/problems/unprocessable');
    expect(await count('orders')).toBe(before);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    await t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx
        .insertInto('idempotency_keys')
        .values({ tenant_id: t.tenants.alpha!, key: 'order-running', request_hash: 'x' })
        .execute(),
    );
    const before = await count('orders');
    const res = await create('order-running', dataEntry(companyA)).expect(409);
    expect(res.body.type).toBe('/api/problems/conflict');
    expect(await count('orders')).toBe(before);
  });

  it('frees the key when the request fails, and keeps keys per tenant', async () => {
    await create('order-2026-0003', dataEntry('00000000-0000-4000-8000-000000000000')).expect(422);
    await create('order-2026-0003', dataEntry(companyA)).expect(201);
    const beta = await t.signIn('tenant_admin@beta.test');
    const betaClient = (await beta.post('/api/t/beta/clients', { kind: 'company', name: 'B社' }).expect(201))
      .body.id;
    const b = await beta
      .post('/api/t/beta/orders', dataEntry(betaClient))
      .set('Idempotency-Key', 'order-2026-0003')
      .expect(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key with 400 naming the header, and runs no request', async () => {
    const before = await count('orders');
    const res = await create('bad key!', dataEntry(companyA)).expect(400);
    expect(res.body.errors[0].pointer).toBe('/headers/idempotency-key');
    expect(await count('orders')).toBe(before);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json').expect(200)).body;
    const names = (op: { parameters: { name: string }[] }) => op.parameters.map((p) => p.name);
    expect(names(doc.paths['/api/t/{tenant}/orders'].post)).toContain('Idempotency-Key');
    expect(names(doc.paths['/api/t/{tenant}/clients'].post)).not.toContain('Idempotency-Key');
  });

  it('keeps a key at least 24 hours', async () => {
    const row = await t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx
        .selectFrom('idempotency_keys')
        .select(['created_at', 'expires_at', 'state', 'response_status'])
        .where('key', '=', 'order-2026-0001')
        .executeTakeFirstOrThrow(),
    );
    expect(row.state).toBe('done');
    expect(row.response_status).toBe(201);
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBeGreaterThanOrEqual(
      24 * 3600_000,
    );
  });
});

describe('what a client sees', () => {
  it('each client-role person sees only its own company’s orders; another company’s order is 404', async () => {
    const mineA = (await clientA.get('/api/t/alpha/orders').expect(200)).body;
    const mineB = (await clientB.get('/api/t/alpha/orders').expect(200)).body;
    expect(mineA.length).toBeGreaterThan(0);
    expect(mineB.length).toBeGreaterThan(0);
    expect(mineA.every((o: { clientId: string }) => o.clientId === companyA)).toBe(true);
    expect(mineB.every((o: { clientId: string }) => o.clientId === companyB)).toBe(true);
    // Asking for the other company by filter changes nothing.
    expect((await clientA.get(`/api/t/alpha/orders?clientId=${companyB}`).expect(200)).body).toEqual([]);

    const a = mineA[0].id;
    const b = mineB[0].id;
    expect((await clientA.get(`/api/t/alpha/orders/${a}`).expect(200)).body.status).toBeDefined();
    expect((await clientA.get(`/api/t/alpha/orders/${b}`).expect(404)).body.type).toBe(
      '/api/problems/not-found',
    );
    await clientB.get(`/api/t/alpha/orders/${a}`).expect(404);
  });

  it('a client-role person linked to no company sees no orders', async () => {
    await t.addUser('alpha', 'client', 'client3@alpha.test');
    const loose = await t.signIn('client3@alpha.test');
    expect((await loose.get('/api/t/alpha/orders').expect(200)).body).toEqual([]);
    const any = (await admin.get('/api/t/alpha/orders').expect(200)).body[0].id;
    await loose.get(`/api/t/alpha/orders/${any}`).expect(404);
  });

  it('clients and workers may not write orders; workers may not read them', async () => {
    const before = await count('orders');
    const any = (await admin.get('/api/t/alpha/orders').expect(200)).body[0].id;
    for (const who of [clientA, worker]) {
      await who.post('/api/t/alpha/orders', dataEntry(companyA)).expect(403);
      await who.patch(`/api/t/alpha/orders/${any}`, { title: 'x' }).expect(403);
      await who.delete(`/api/t/alpha/orders/${any}`).expect(403);
      await who.post(`/api/t/alpha/orders/${any}/transitions`, { to: 'cancelled' }).expect(403);
    }
    await worker.get('/api/t/alpha/orders').expect(403);
    await worker.get(`/api/t/alpha/orders/${any}`).expect(403);
    expect(await count('orders')).toBe(before);
  });
});

describe('bad input for clients and orders', () => {
  it('unknown, missing and malformed fields: 400 with a pointer each, nothing written', async () => {
    const before = [await count('clients'), await count('orders'), await count('audit_log')];
    const res = await admin
      .post('/api/t/alpha/clients', {
        name: '',
        colour: 'blue',
        contact: { email: 'not-an-email', fax: '1' },
        invoice: { registrationNumber: 'T6000012050002' },
      })
      .expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/body/colour',
      '/body/contact/email',
      '/body/contact/fax',
      '/body/invoice/registrationNumber',
      '/body/kind',
      '/body/name',
    ]);
    for (const registrationNumber of ['7000012050002', 'T700001205000', 'T７０００００１２０５０００２']) {
      const bad = await admin
        .patch(`/api/t/alpha/clients/${companyA}`, { invoice: { registrationNumber } })
        .expect(400);
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ pointer: '/body/invoice/registrationNumber' }),
      ]);
    }
    const order = await admin.post('/api/t/alpha/orders', { title: 'x', extra: 1 }).expect(400);
    const pointers = order.body.errors.map((e: { pointer: string }) => e.pointer);
    for (const p of [
      '/body/extra',
      '/body/clientId',
      '/body/workType',
      '/body/contractType',
      '/body/deadline',
    ])
      expect(pointers).toContain(p);
    const notObject = await admin
      .post('/api/t/alpha/orders', dataEntry(companyA, { parameters: [1, 2] }))
      .expect(400);
    expect(notObject.body.errors[0].pointer).toBe('/body/parameters');
    await admin.post('/api/t/alpha/orders', dataEntry(companyA, { deadline: '来週' })).expect(400);
    expect([await count('clients'), await count('orders'), await count('audit_log')]).toEqual(before);
    expect((await admin.get(`/api/t/alpha/clients/${companyA}`)).body.invoice.registrationNumber).toBe(
      'T7000012050002',
    );
  });

  it('is not signed in: 401', async () => {
    await request(t.app).get('/api/t/alpha/orders').expect(401);
  });
});
