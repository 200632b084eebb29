import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SIGNIN_SLOWDOWN_AFTER: '2', SIGNIN_LOCK_AFTER: '4' });
});

describe('sign-in and sessions', () => {
  it('signs in with an HttpOnly SameSite cookie and lists memberships for the tenant switcher', async () => {
    const res = await t
      .anonymous()
      .post('/api/auth/sign-in', { email: 'TENANT_ADMIN@alpha.test', password: PASSWORD })
      .expect(200);
    const cookie = res.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^kado_session=kado_sess_/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(res.body.user.email).toBe('tenant_admin@alpha.test');
    expect(res.body.memberships).toEqual([
      expect.objectContaining({ role: 'tenant_admin', tenant: expect.objectContaining({ slug: 'alpha' }) }),
    ]);
    expect(res.body.csrfToken).toMatch(/^csrf_/);
  });

  it('stores only a hash of the session token', async () => {
    const res = await t
      .anonymous()
      .post('/api/auth/sign-in', { email: 'worker@alpha.test', password: PASSWORD })
      .expect(200);
    const token = /kado_session=([^;]+)/.exec(res.headers['set-cookie']?.[0] ?? '')?.[1];
    const rows = await t.db.asOwner((tx) => tx.selectFrom('sessions').select('id').execute());
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id)).not.toContain(token);
  });

  it('shows a person in several tenants every membership', async () => {
    await t.addUser('beta', 'director', 'director@alpha.test');
    const me = await (await t.signIn('director@alpha.test')).get('/api/me').expect(200);
    expect(me.body.memberships.map((m: { tenant: { slug: string } }) => m.tenant.slug).sort()).toEqual([
      'alpha',
      'beta',
    ]);
  });

  it('signs out and the session stops working', async () => {
    const c = await t.signIn('client@alpha.test');
    await c.get('/api/me').expect(200);
    await c.post('/api/auth/sign-out').expect(204);
    const after = await c.get('/api/me').expect(401);
    expect(after.body.type).toBe('/api/problems/unauthenticated');
  });

  it('refuses cookie-authenticated writes without the CSRF token, and changes nothing', async () => {
    const c = await t.signIn('tenant_admin@alpha.test');
    const before = await c.get('/api/t/alpha/workspaces').expect(200);
    const { default: request } = await import('supertest');
    const signedIn = await request(t.app)
      .post('/api/auth/sign-in')
      .send({ email: 'tenant_admin@alpha.test', password: PASSWORD });
    const cookie = String(signedIn.headers['set-cookie']?.[0]).split(';')[0] ?? '';
    const res = await request(t.app)
      .post('/api/t/alpha/workspaces')
      .set('Cookie', cookie)
      .send({ name: '新', kind: 'home' })
      .expect(403);
    expect(res.body.type).toBe('/api/problems/csrf-failed');
    const wrong = await request(t.app)
      .post('/api/t/alpha/workspaces')
      .set('Cookie', cookie)
      .set('x-csrf-token', 'csrf_wrong')
      .send({ name: '新', kind: 'home' });
    expect(wrong.status).toBe(403);
    expect((await c.get('/api/t/alpha/workspaces')).body).toEqual(before.body);
  });

  it('lets people change their own display name and language', async () => {
    const c = await t.signIn('worker@beta.test');
    const res = await c.patch('/api/me', { displayName: '山田 花子', locale: 'en' }).expect(200);
    expect(res.body.user).toMatchObject({ displayName: '山田 花子', locale: 'en' });
  });
});

describe('roles', () => {
  it('lets a tenant admin write and a worker only read', async () => {
    const admin = await t.signIn('tenant_admin@beta.test');
    await admin.post('/api/t/beta/workspaces', { name: '在宅', kind: 'home' }).expect(201);
    const worker = await t.signIn('worker@beta.test');
    await worker.get('/api/t/beta/workspaces').expect(200);
    const denied = await worker.post('/api/t/beta/workspaces', { name: '在宅2', kind: 'home' }).expect(403);
    expect(denied.body.type).toBe('/api/problems/forbidden');
    await worker.get('/api/t/beta/members').expect(403);
    await (await t.signIn('director@beta.test')).get('/api/t/beta/members').expect(200);
  });

  it('lets a tenant admin change a role and remove a member, but not themselves', async () => {
    const admin = await t.signIn('tenant_admin@beta.test');
    const members = (await admin.get('/api/t/beta/members').expect(200)).body as {
      id: string;
      email: string;
    }[];
    const client = members.find((m) => m.email === 'client@beta.test')!;
    const self = members.find((m) => m.email === 'tenant_admin@beta.test')!;
    expect(
      (await admin.patch(`/api/t/beta/members/${client.id}`, { role: 'worker' }).expect(200)).body.role,
    ).toBe('worker');
    await admin.patch(`/api/t/beta/members/${self.id}`, { role: 'worker' }).expect(409);
    await admin.patch(`/api/t/beta/members/${client.id}`, { role: 'hub_admin' }).expect(403);
    await admin.delete(`/api/t/beta/members/${client.id}`).expect(204);
    expect(
      (await admin.get('/api/t/beta/members')).body.map((m: { email: string }) => m.email),
    ).not.toContain('client@beta.test');
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, scoped to one tenant and role, and stop working when revoked', async () => {
    const admin = await t.signIn('tenant_admin@alpha.test');
    const created = await admin
      .post('/api/t/alpha/api-tokens', { name: '勤怠連携', role: 'director' })
      .expect(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^kado_tok_/);
    const stored = await t.db.asOwner((tx) =>
      tx.selectFrom('api_tokens').select(['token_hash', 'prefix']).execute(),
    );
    expect(stored.map((s) => s.token_hash)).not.toContain(secret);
    expect((await admin.get('/api/t/alpha/api-tokens')).body[0]).not.toHaveProperty('secret');

    const { default: request } = await import('supertest');
    const bearer = (m: 'get' | 'post', url: string) =>
      request(t.app)[m](url).set('Authorization', `Bearer ${secret}`);
    await bearer('get', '/api/t/alpha/members').expect(200); // director may list members
    await bearer('post', '/api/t/alpha/workspaces').send({ name: 'トークン', kind: 'home' }).expect(403); // director may not write workspaces
    await bearer('get', '/api/t/beta/workspaces').expect(401); // another tenant's URL: the token is not valid there
    await bearer('get', '/api/me').expect(403);

    await admin.delete(`/api/t/alpha/api-tokens/${created.body.id}`).expect(204);
    await bearer('get', '/api/t/alpha/members').expect(401);
  });
});

describe('repeated failed sign-ins', () => {
  it('are answered with a problem, then locked per account, while the right password still fails during the lock', async () => {
    const anon = t.anonymous();
    for (let i = 0; i < 4; i++) {
      const res = await anon
        .post('/api/auth/sign-in', { email: 'worker@alpha.test', password: 'wrong password' })
        .expect(401);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.type).toBe('/api/problems/invalid-credentials');
    }
    const locked = await anon
      .post('/api/auth/sign-in', { email: 'worker@alpha.test', password: PASSWORD })
      .expect(429);
    expect(locked.body.type).toBe('/api/problems/too-many-requests');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not locked by it.
    await anon.post('/api/auth/sign-in', { email: 'director@beta.test', password: PASSWORD }).expect(200);
  });

  it('does not tell whether an address has an account', async () => {
    const res = await t
      .anonymous()
      .post('/api/auth/sign-in', { email: 'nobody@nowhere.test', password: 'whatever1' })
      .expect(401);
    expect(res.body.type).toBe('/api/problems/invalid-credentials');
  });
});

describe('failed sign-ins from one address across many accounts', () => {
  it('lock that address too (at three times the per-account limit)', async () => {
    const anon = t.anonymous();
    // Earlier tests in this file already failed from this address, so the lock may come before 12.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await anon.post('/api/auth/sign-in', { email: `spray${i}@example.jp`, password: 'guess-1234' }))
          .status,
      );
    }
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    const res = await anon
      .post('/api/auth/sign-in', { email: 'client@beta.test', password: PASSWORD })
      .expect(429);
    expect(res.body.type).toBe('/api/problems/too-many-requests');
  });
});
