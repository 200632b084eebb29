import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
});

const coworking = {
  name: '駅前サテライト',
  kind: 'coworking',
  address: '長野県塩尻市大門',
  seats: 12,
  openingHours: [
    { day: 'mon', opens: '09:00', closes: '14:30' },
    { day: 'tue', opens: '09:00', closes: '12:00' },
  ],
  childcare: true,
};

describe('workspaces', () => {
  it('are created, read, changed and deleted by the centre admin, each change audited', async () => {
    const created = (await admin.post('/api/t/alpha/workspaces', coworking).expect(201)).body;
    expect(created).toMatchObject(coworking);
    expect((await admin.get(`/api/t/alpha/workspaces/${created.id}`).expect(200)).body).toMatchObject(
      coworking,
    );
    const changed = (
      await admin.patch(`/api/t/alpha/workspaces/${created.id}`, { seats: 20, childcare: false }).expect(200)
    ).body;
    expect(changed).toMatchObject({ ...coworking, seats: 20, childcare: false });
    await admin.delete(`/api/t/alpha/workspaces/${created.id}`).expect(204);
    await admin.get(`/api/t/alpha/workspaces/${created.id}`).expect(404);

    const audit = (await admin.get(`/api/t/alpha/audit?entityId=${created.id}`).expect(200)).body;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'workspace.deleted',
      'workspace.updated',
      'workspace.created',
    ]);
    expect(audit[0].actorName).toBe('tenant_admin of alpha');
  });

  it('take a minimal body with defaults', async () => {
    const res = await admin.post('/api/t/alpha/workspaces', { name: '在宅ワーク', kind: 'home' }).expect(201);
    expect(res.body).toMatchObject({ address: '', seats: 0, openingHours: [], childcare: false });
  });

  it('refuse a duplicate name and closing before opening', async () => {
    await admin.post('/api/t/alpha/workspaces', { name: 'alpha コワーキング', kind: 'home' }).expect(409);
    const res = await admin
      .post('/api/t/alpha/workspaces', {
        name: '夜間',
        kind: 'coworking',
        openingHours: [{ day: 'mon', opens: '18:00', closes: '09:00' }],
      })
      .expect(400);
    expect(res.body.errors[0].pointer).toBe('/body/openingHours/0/closes');
  });

  it('filter the audit log by action and page through it', async () => {
    const first = (await admin.get('/api/t/alpha/audit?limit=2').expect(200)).body;
    expect(first).toHaveLength(2);
    const next = (await admin.get(`/api/t/alpha/audit?limit=2&before=${first[1].id}`).expect(200)).body;
    expect(next[0].id).toBeLessThan(first[1].id);
    const created = (await admin.get('/api/t/alpha/audit?action=workspace.created').expect(200)).body;
    expect(created.every((e: { action: string }) => e.action === 'workspace.created')).toBe(true);
  });
});
