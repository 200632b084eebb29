import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const azumino = {
  slug: 'azumino',
  kind: 'municipality',
  nameJa: '安曇野市テレワークセンター',
  nameEn: 'Azumino Telework Center',
  prefecture: '長野県',
  localGovernmentCode: '202207',
};

describe('the hub manages tenants', () => {
  it('creates a tenant with defaults, audited in the hub and the new tenant', async () => {
    const hub = await t.signIn('hub_admin@hub.test');
    const res = await hub.post('/api/t/hub/tenants', azumino).expect(201);
    expect(res.body).toMatchObject({
      ...azumino,
      fiscalYearStartMonth: 4,
      timeZone: 'Asia/Tokyo',
      status: 'onboarding',
    });
    const list = (await hub.get('/api/t/hub/tenants').expect(200)).body.map((x: { slug: string }) => x.slug);
    expect(list).toEqual(expect.arrayContaining(['hub', 'alpha', 'beta', 'azumino']));
    const audit = (await hub.get('/api/t/hub/audit?action=tenant.created').expect(200)).body;
    expect(audit.some((e: { entityId: string }) => e.entityId === res.body.id)).toBe(true);
  });

  it('refuses a taken slug and a malformed local government code, writing nothing', async () => {
    const hub = await t.signIn('hub_admin@hub.test');
    await hub.post('/api/t/hub/tenants', { ...azumino }).expect(409);
    const bad = await hub
      .post('/api/t/hub/tenants', { ...azumino, slug: 'omachi', localGovernmentCode: '202127' })
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/body/localGovernmentCode' })]);
    expect(bad.body.errors[0].detail).toContain('全国地方公共団体コード');
    const list = (await hub.get('/api/t/hub/tenants')).body.map((x: { slug: string }) => x.slug);
    expect(list).not.toContain('omachi');
  });

  it('is the hub admin’s power alone: a centre admin cannot reach the hub endpoints', async () => {
    const admin = await t.signIn('tenant_admin@alpha.test');
    await admin.get('/api/t/alpha/tenants').expect(404); // not the hub
    await admin.get('/api/t/hub/tenants').expect(404); // not a member of the hub
    await admin.post('/api/t/alpha/tenants', { ...azumino, slug: 'x-town' }).expect(404);
  });

  it('suspends a centre: its people can sign in and read but not write, until reactivated', async () => {
    const hub = await t.signIn('hub_admin@hub.test');
    expect((await hub.post('/api/t/hub/tenants/beta/suspend').expect(200)).body.status).toBe('suspended');
    const admin = await t.signIn('tenant_admin@beta.test');
    await admin.get('/api/t/beta/workspaces').expect(200);
    const refused = await admin.post('/api/t/beta/workspaces', { name: '停止中', kind: 'home' }).expect(403);
    expect(refused.body.type).toBe('/api/problems/tenant-suspended');
    await admin.patch('/api/t/beta', { nameEn: 'Beta' }).expect(403);
    await hub.post('/api/t/hub/tenants/beta/reactivate').expect(200);
    await admin.post('/api/t/beta/workspaces', { name: '再開', kind: 'home' }).expect(201);
    await hub.post('/api/t/hub/tenants/hub/suspend').expect(404); // the hub cannot suspend itself
  });
});

describe('a centre admin configures the centre', () => {
  it('changes settings and keeps the history of local government codes', async () => {
    const admin = await t.signIn('tenant_admin@alpha.test');
    const res = await admin
      .patch('/api/t/alpha', { localGovernmentCode: '202029', fiscalYearStartMonth: 1 })
      .expect(200);
    expect(res.body).toMatchObject({ localGovernmentCode: '202029', fiscalYearStartMonth: 1 });
    const history = (await admin.get('/api/t/alpha/code-history').expect(200)).body;
    expect(history.map((h: { localGovernmentCode: string }) => h.localGovernmentCode)).toEqual([
      '202029',
      '202151',
    ]);
    await (await t.signIn('worker@alpha.test')).patch('/api/t/alpha', { nameEn: 'x' }).expect(403);
  });

  it('shows any member the centre itself', async () => {
    const worker = await t.signIn('worker@alpha.test');
    expect((await worker.get('/api/t/alpha').expect(200)).body.slug).toBe('alpha');
  });
});
