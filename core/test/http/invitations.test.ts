import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { OutboxService } from '../../src/modules/mail/outbox.service.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
});

/** The invitation link as it went out through the outbox. */
async function mailedLink(to: string): Promise<{ tenant: string; token: string }> {
  const mail = await t.container
    .get(Database)
    .asOwner((tx) =>
      tx
        .selectFrom('mail_outbox')
        .selectAll()
        .where('to_address', '=', to)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow(),
    );
  const match = /\/invite\/([a-z0-9-]+)\/(kado_inv_[\w-]+)/.exec(mail.body);
  if (!match?.[1] || !match[2]) throw new Error(`no link in ${mail.body}`);
  return { tenant: match[1], token: match[2] };
}

describe('invitations', () => {
  it('mail a one-time link; accepting sets a password, joins with the role and signs in', async () => {
    const invited = (
      await admin.post('/api/t/alpha/invitations', { email: 'Hanako@Example.jp', role: 'worker' }).expect(201)
    ).body;
    expect(invited).toMatchObject({ email: 'hanako@example.jp', role: 'worker', status: 'pending' });
    const { tenant, token } = await mailedLink('hanako@example.jp');
    expect(tenant).toBe('alpha');

    const anon = t.anonymous();
    expect((await anon.get(`/api/t/alpha/invitation?token=${token}`).expect(200)).body).toMatchObject({
      email: 'hanako@example.jp',
      role: 'worker',
    });
    const accepted = await anon
      .post('/api/t/alpha/invitation/accept', {
        token,
        displayName: '山田 花子',
        password: 'hanako-password-1',
      })
      .expect(200);
    expect(accepted.body.memberships).toEqual([
      expect.objectContaining({ role: 'worker', tenant: expect.objectContaining({ slug: 'alpha' }) }),
    ]);
    await anon.get('/api/t/alpha/workspaces').expect(200); // signed in by the accept

    const again = await t
      .anonymous()
      .post('/api/t/alpha/invitation/accept', { token, displayName: 'x', password: 'another-password' })
      .expect(410);
    expect(again.body.type).toBe('/api/problems/gone');
    await t.signIn('hanako@example.jp', 'hanako-password-1');
    expect((await admin.get('/api/t/alpha/invitations')).body[0].status).toBe('accepted');
  });

  it('are delivered by the outbox (logged without SMTP) exactly once', async () => {
    await admin.post('/api/t/alpha/invitations', { email: 'taro@example.jp', role: 'director' }).expect(201);
    const outbox = t.container.get(OutboxService);
    expect(await outbox.deliverPending()).toBeGreaterThan(0);
    expect(await outbox.deliverPending()).toBe(0);
  });

  it('expire', async () => {
    const expiring = await startTestApp({ INVITATION_TTL_HOURS: '1' });
    const a = await expiring.signIn('tenant_admin@beta.test');
    await a.post('/api/t/beta/invitations', { email: 'late@example.jp', role: 'worker' }).expect(201);
    await expiring.db.asOwner((tx) =>
      tx
        .updateTable('invitations')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .execute(),
    );
    const link = await expiring.container
      .get(Database)
      .asOwner((tx) => tx.selectFrom('mail_outbox').select('body').executeTakeFirstOrThrow());
    const token = /kado_inv_[\w-]+/.exec(link.body)?.[0];
    await expiring
      .anonymous()
      .post('/api/t/beta/invitation/accept', { token, displayName: '遅刻', password: 'late-password-1' })
      .expect(410);
  });

  it('can be revoked, and a revoked link no longer works', async () => {
    const inv = (
      await admin
        .post('/api/t/alpha/invitations', { email: 'revoked@example.jp', role: 'client' })
        .expect(201)
    ).body;
    await admin.delete(`/api/t/alpha/invitations/${inv.id}`).expect(204);
    const { token } = await mailedLink('revoked@example.jp');
    await t
      .anonymous()
      .post('/api/t/alpha/invitation/accept', { token, displayName: '取消', password: 'revoked-pass-1' })
      .expect(410);
  });

  it('only work in the tenant that issued them', async () => {
    await admin.post('/api/t/alpha/invitations', { email: 'cross@example.jp', role: 'worker' }).expect(201);
    const { token } = await mailedLink('cross@example.jp');
    await t
      .anonymous()
      .post('/api/t/beta/invitation/accept', { token, displayName: '越境', password: 'cross-password-1' })
      .expect(404);
  });

  it('let someone who already has an account join with their existing password', async () => {
    await admin.post('/api/t/alpha/invitations', { email: 'worker@beta.test', role: 'worker' }).expect(201);
    const { token } = await mailedLink('worker@beta.test');
    await t
      .anonymous()
      .post('/api/t/alpha/invitation/accept', { token, displayName: 'x', password: 'not-their-password' })
      .expect(401);
    const ok = await t
      .anonymous()
      .post('/api/t/alpha/invitation/accept', { token, displayName: 'x', password: 'correct horse battery' })
      .expect(200);
    expect(ok.body.memberships.map((m: { tenant: { slug: string } }) => m.tenant.slug).sort()).toEqual([
      'alpha',
      'beta',
    ]);
  });
});
