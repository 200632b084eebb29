import { beforeAll, describe, expect, it } from 'vitest';
import { PluginsService } from '../../src/modules/plugins/plugins.service.js';
import { PLUGIN_FIXTURES } from '../plugins/plugin-fixtures.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let alphaAdmin: Client;
let betaAdmin: Client;
beforeAll(async () => {
  t = await startTestApp();
  // Production discovers the workspace's plugins/*; here the host is pointed at the test fixtures.
  await t.container.get(PluginsService).host.load([PLUGIN_FIXTURES]);
  alphaAdmin = await t.signIn('tenant_admin@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
});

type View = { id: string; enabled: boolean; enabledVersion: string | null; enabledAt: string | null };
const minimalIn = async (c: Client, slug: string): Promise<View> =>
  (await c.get(`/api/t/${slug}/plugins`).expect(200)).body.plugins.find((p: View) => p.id === 'minimal');

describe('plugins per tenant', () => {
  it('lists the installed plugins, disabled until a centre enables them; refused ones are not offered', async () => {
    const worker = await t.signIn('worker@alpha.test');
    const body = (await worker.get('/api/t/alpha/plugins').expect(200)).body;
    expect(body.plugins).toEqual([
      {
        id: 'minimal',
        version: '1.0.0',
        title: { ja: '最小プラグイン', en: 'Minimal plugin' },
        skills: ['typing-ja'],
        pricingUnit: 'task',
        importers: ['lines'],
        exporters: [{ format: 'tsv', fileExtension: 'tsv' }],
        quality: { strategy: 'review' },
        enabled: false,
        enabledVersion: null,
        enabledAt: null,
      },
    ]);
    expect(body.refused).toEqual([]); // the reasons are for hub admins
  });

  it('are enabled and disabled by the centre admin, each change audited', async () => {
    const on = (await alphaAdmin.put('/api/t/alpha/plugins/minimal', { enabled: true }).expect(200)).body;
    expect(on).toMatchObject({ id: 'minimal', enabled: true, enabledVersion: '1.0.0' });
    expect(await minimalIn(alphaAdmin, 'alpha')).toMatchObject({ enabled: true, enabledVersion: '1.0.0' });

    const off = (await alphaAdmin.put('/api/t/alpha/plugins/minimal', { enabled: false }).expect(200)).body;
    expect(off).toMatchObject({ enabled: false, enabledVersion: '1.0.0', enabledAt: on.enabledAt });
    await alphaAdmin.put('/api/t/alpha/plugins/minimal', { enabled: true }).expect(200);

    const audit = (await alphaAdmin.get('/api/t/alpha/audit?entityType=plugin').expect(200)).body;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'plugin.enabled',
      'plugin.disabled',
      'plugin.enabled',
    ]);
    expect(audit[0]).toMatchObject({ entityId: 'minimal', actorName: 'tenant_admin of alpha' });
  });

  it('answer 404 for an unknown or refused plugin and 400 for a bad body', async () => {
    await alphaAdmin.put('/api/t/alpha/plugins/no-such-plugin', { enabled: true }).expect(404);
    await alphaAdmin.put('/api/t/alpha/plugins/throws-on-import', { enabled: true }).expect(404);
    await alphaAdmin.put('/api/t/alpha/plugins/wrong-host', { enabled: true }).expect(404);
    const bad = await alphaAdmin.put('/api/t/alpha/plugins/minimal', { enabled: 'yes' }).expect(400);
    expect(bad.body.errors[0].pointer).toBe('/body/enabled');
  });

  it('may be changed by tenant admins only', async () => {
    for (const role of ['worker', 'director', 'client']) {
      const c = await t.signIn(`${role}@alpha.test`);
      await c.put('/api/t/alpha/plugins/minimal', { enabled: false }).expect(403);
    }
    expect((await minimalIn(alphaAdmin, 'alpha')).enabled).toBe(true);
  });

  it('shows hub admins on the hub why a plugin was refused', async () => {
    const hubAdmin = await t.signIn('hub_admin@hub.test');
    const refused = (await hubAdmin.get('/api/t/hub/plugins').expect(200)).body.refused;
    expect(refused).toContainEqual({
      package: '@kado/plugin-throws-on-import',
      reason: 'failed to load: native module kado-ocr not found',
    });
    expect(refused.map((r: { package: string }) => r.package)).toContain('@kado/plugin-bad-id');
  });
});

describe('plugins across tenants', () => {
  it('keep each tenant’s enablement its own: enabling in B leaves A unchanged, and back', async () => {
    await alphaAdmin.put('/api/t/alpha/plugins/minimal', { enabled: false }).expect(200);
    await betaAdmin.put('/api/t/beta/plugins/minimal', { enabled: true }).expect(200);
    expect((await minimalIn(alphaAdmin, 'alpha')).enabled).toBe(false);
    expect((await minimalIn(betaAdmin, 'beta')).enabled).toBe(true);
    await alphaAdmin.put('/api/t/alpha/plugins/minimal', { enabled: true }).expect(200);
    await betaAdmin.put('/api/t/beta/plugins/minimal', { enabled: false }).expect(200);
    expect((await minimalIn(alphaAdmin, 'alpha')).enabled).toBe(true);
    expect((await minimalIn(betaAdmin, 'beta')).enabled).toBe(false);
  });

  it('answer 404 to tenant B’s admin for tenant A’s plugin URLs and change nothing there', async () => {
    await betaAdmin.get('/api/t/alpha/plugins').expect(404);
    await betaAdmin.put('/api/t/alpha/plugins/minimal', { enabled: false }).expect(404);
    expect((await minimalIn(alphaAdmin, 'alpha')).enabled).toBe(true);
    const audit = (await alphaAdmin.get('/api/t/alpha/audit?entityType=plugin').expect(200)).body;
    expect(audit.every((e: { actorName: string }) => e.actorName === 'tenant_admin of alpha')).toBe(true);
  });
});
