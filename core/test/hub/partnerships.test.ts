import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { agreementsOf } from '../../src/modules/hub/partnerships/partnerships.service.js';
import { CHECKLIST_ITEMS } from '../../src/modules/hub/partnerships/partnerships.tables.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Onboarding a partner centre (issue #8, part 1): the hub's wizard, the agreement, and the launch
 * checklist both sides tick. The workspace's own plugins are installed (image-annotation, data-entry, …).
 */
let t: TestApp;
let hubAdmin: Client;
let alphaAdmin: Client;
let betaAdmin: Client;

beforeAll(async () => {
  t = await startTestApp();
  hubAdmin = await t.signIn('hub_admin@hub.test');
  alphaAdmin = await t.signIn('tenant_admin@alpha.test');
  betaAdmin = await t.signIn('tenant_admin@beta.test');
});

const wizard = (over: Record<string, unknown> = {}) => ({
  slug: 'ueda',
  kind: 'municipality',
  nameJa: '上田市テレワークセンター',
  nameEn: 'Ueda Telework Center',
  prefecture: '長野県',
  localGovernmentCode: '202037',
  workspaces: [
    {
      name: '上田市テレワークセンター',
      kind: 'coworking',
      address: '長野県上田市大手1-11-16',
      seats: 12,
      openingHours: [{ day: 'mon', opens: '09:00', closes: '17:00' }],
      childcare: true,
    },
    { name: '在宅', kind: 'home' },
  ],
  adminEmail: 'Centre.Admin@Ueda.example',
  agreement: {
    workTypes: ['image-annotation', 'data-entry'],
    taskRates: { 'image-annotation': 40, 'data-entry': 30 },
    hourlyRate: 1000,
    marginPercent: 12,
  },
  ...over,
});

/** Counts of what a wizard submission writes, to show a refused one wrote nothing. */
const footprint = () =>
  t.db.asOwner(async (tx) => {
    const count = async (table: string) =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(tx)).rows[0]!.n;
    return {
      tenants: await count('tenants'),
      workspaces: await count('workspaces'),
      invitations: await count('invitations'),
      mail: await count('mail_outbox'),
      plugins: await count('tenant_plugins'),
      partnerships: await count('hub_partnerships'),
      checklist: await count('hub_partner_checklist'),
    };
  });

async function mailedToken(to: string) {
  const mail = await t.db.asOwner((tx) =>
    tx.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).executeTakeFirstOrThrow(),
  );
  const match = /\/invite\/([a-z0-9-]+)\/(kado_inv_[\w-]+)/.exec(mail.body);
  if (!match?.[2]) throw new Error(`no link in ${mail.body}`);
  return { tenant: match[1], token: match[2], mail };
}

let uedaAdmin: Client;

describe('the onboarding wizard', () => {
  it('creates the tenant, its workspaces, the admin’s invitation (mailed), its plugins, the agreement and an empty checklist', async () => {
    const res = await hubAdmin.post('/api/t/hub/partners', wizard()).expect(201);
    expect(res.body).toMatchObject({
      tenant: {
        slug: 'ueda',
        nameJa: '上田市テレワークセンター',
        localGovernmentCode: '202037',
        status: 'onboarding',
      },
      status: 'onboarding',
      agreement: {
        workTypes: ['image-annotation', 'data-entry'],
        taskRates: { 'image-annotation': 40, 'data-entry': 30 },
        hourlyRate: 1000,
        marginPercent: 12,
      },
      progress: { hub: 0, partner: 0, total: 5 },
    });
    expect(res.body.checklist.map((c: { item: string }) => c.item)).toEqual([...CHECKLIST_ITEMS]);
    expect(
      res.body.checklist.every(
        (c: { hub: { done: boolean }; partner: { done: boolean } }) => !c.hub.done && !c.partner.done,
      ),
    ).toBe(true);

    const tenantId = res.body.tenant.id as string;
    const inTenant = await t.db.withTenant(tenantId, async (tx) => ({
      workspaces: await tx
        .selectFrom('workspaces')
        .select(['name', 'kind', 'seats', 'childcare'])
        .orderBy('name')
        .execute(),
      invitations: await tx.selectFrom('invitations').select(['email', 'role']).execute(),
      plugins: await tx
        .selectFrom('tenant_plugins')
        .select(['plugin_id', 'enabled'])
        .orderBy('plugin_id')
        .execute(),
    }));
    expect(inTenant.workspaces).toEqual([
      { name: '上田市テレワークセンター', kind: 'coworking', seats: 12, childcare: true },
      { name: '在宅', kind: 'home', seats: 0, childcare: false },
    ]);
    expect(inTenant.invitations).toEqual([{ email: 'centre.admin@ueda.example', role: 'tenant_admin' }]);
    expect(inTenant.plugins).toEqual([
      { plugin_id: 'data-entry', enabled: true },
      { plugin_id: 'image-annotation', enabled: true },
    ]);
    const { tenant, token, mail } = await mailedToken('centre.admin@ueda.example');
    expect(tenant).toBe('ueda');
    expect(mail.body).toContain('上田市テレワークセンター');

    // The invited admin accepts and signs in as the centre's admin.
    await t
      .anonymous()
      .post('/api/t/ueda/invitation/accept', {
        token,
        displayName: '上田 管理者',
        password: 'ueda-admin-pass-1',
      })
      .expect(200);
    uedaAdmin = await t.signIn('centre.admin@ueda.example', 'ueda-admin-pass-1');
    expect((await uedaAdmin.get('/api/t/ueda/partnership').expect(200)).body).toMatchObject({
      hub: { slug: 'hub' },
      status: 'onboarding',
      agreement: { marginPercent: 12 },
    });

    // Audited in the hub and in the new centre.
    const hubAudit = (await hubAdmin.get('/api/t/hub/audit?limit=50').expect(200)).body;
    expect(hubAudit.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['tenant.created', 'partnership.created']),
    );
  });

  it.each([
    [
      'a local government code with a wrong check digit',
      { localGovernmentCode: '202038' },
      400,
      '/body/localGovernmentCode',
    ],
    ['a malformed slug', { slug: 'Ueda 2' }, 400, '/body/slug'],
    ['no workspace', { workspaces: [] }, 400, '/body/workspaces'],
    ['a bad e-mail address', { adminEmail: 'not-an-address' }, 400, '/body/adminEmail'],
    [
      'a rate for a work type not chosen',
      {
        agreement: {
          workTypes: ['data-entry'],
          taskRates: { 'data-entry': 30, 'image-annotation': 40 },
          marginPercent: 10,
        },
      },
      400,
      '/body/agreement/taskRates/image-annotation',
    ],
    [
      'a margin over 100 %',
      { agreement: { workTypes: ['data-entry'], taskRates: { 'data-entry': 30 }, marginPercent: 120 } },
      400,
      '/body/agreement/marginPercent',
    ],
    [
      'a work type no plugin provides',
      {
        slug: 'suwa',
        agreement: {
          workTypes: ['data-entry', 'origami'],
          taskRates: { 'data-entry': 30 },
          marginPercent: 10,
        },
      },
      422,
      '/body/agreement/workTypes/1',
    ],
    [
      'a per-task work type without its rate',
      { slug: 'suwa', agreement: { workTypes: ['image-annotation'], taskRates: {}, marginPercent: 10 } },
      422,
      '/body/agreement/taskRates/image-annotation',
    ],
    ['a slug already taken', { slug: 'alpha' }, 409, '/body/slug'],
  ])('refuses %s, pointing at the field, and creates nothing', async (_label, change, status, pointer) => {
    const before = await footprint();
    const res = await hubAdmin
      .post('/api/t/hub/partners', wizard({ slug: 'suwa', ...change }))
      .expect(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    expect(await footprint()).toEqual(before);
  });

  it('is the hub admin’s alone: 404 in a partner centre, 403 for others in the hub', async () => {
    await alphaAdmin.post('/api/t/alpha/partners', wizard({ slug: 'suwa' })).expect(404);
    await alphaAdmin.get('/api/t/alpha/partners').expect(404);
    await alphaAdmin.get('/api/t/alpha/partners/beta').expect(404);
    await alphaAdmin.post('/api/t/hub/partners', wizard({ slug: 'suwa' })).expect(404); // not a member of the hub
    await t.addUser('hub', 'director');
    const hubDirector = await t.signIn('director@hub.test');
    await hubDirector.get('/api/t/hub/partners').expect(403);
    await hubDirector.post('/api/t/hub/partners', wizard({ slug: 'suwa' })).expect(403);
  });
});

describe('the launch checklist', () => {
  it('is ticked separately by each side; all ten ticks make the partnership and the centre active', async () => {
    const tick = (item: string, done = true) =>
      hubAdmin.put(`/api/t/hub/partners/ueda/checklist/${item}`, { done }).expect(200);
    for (const item of CHECKLIST_ITEMS) await tick(item);
    const afterHub = (await hubAdmin.get('/api/t/hub/partners/ueda').expect(200)).body;
    expect(afterHub.progress).toEqual({ hub: 5, partner: 0, total: 5 });
    expect(afterHub.checklist[0].hub).toMatchObject({
      done: true,
      byName: 'hub_admin of hub',
      bySystem: false,
    });
    expect(afterHub.status).toBe('onboarding');

    for (const item of CHECKLIST_ITEMS.slice(0, 4))
      await uedaAdmin.put(`/api/t/ueda/partnership/checklist/${item}`, { done: true }).expect(200);
    // A partner's tick changes its own column only; the hub's view names nobody on the partner's side.
    const partnerView = (await uedaAdmin.get('/api/t/ueda/partnership').expect(200)).body;
    expect(partnerView.progress).toEqual({ hub: 5, partner: 4, total: 5 });
    expect(partnerView.checklist[0].partner.byName).toBe('上田 管理者');
    expect(partnerView.checklist[0].hub).toMatchObject({ done: true, byName: null });
    const hubView = (await hubAdmin.get('/api/t/hub/partners').expect(200)).body.find(
      (p: { tenant: { slug: string } }) => p.tenant.slug === 'ueda',
    );
    expect(hubView.progress).toEqual({ hub: 5, partner: 4, total: 5 });
    expect(hubView.checklist[0].partner).toMatchObject({ done: true, byName: null });
    expect(hubView.status).toBe('onboarding');
    expect(
      (await hubAdmin.get('/api/t/hub/tenants').expect(200)).body.find(
        (x: { slug: string }) => x.slug === 'ueda',
      ).status,
    ).toBe('onboarding');

    // The last tick launches the centre.
    const launched = (
      await uedaAdmin.put('/api/t/ueda/partnership/checklist/first_training_done', { done: true }).expect(200)
    ).body;
    expect(launched).toMatchObject({ status: 'active', progress: { hub: 5, partner: 5, total: 5 } });
    const tenant = (await hubAdmin.get('/api/t/hub/partners/ueda').expect(200)).body.tenant;
    expect(tenant.status).toBe('active');
    const audit = (await uedaAdmin.get('/api/t/ueda/audit?limit=50').expect(200)).body;
    expect(audit.map((e: { action: string }) => e.action)).toContain('partnership.launched');
    const hubAudit = (await hubAdmin.get('/api/t/hub/audit?limit=50').expect(200)).body;
    expect(hubAudit.map((e: { action: string }) => e.action)).toContain('partnership.launched');

    // Once launched, the checklist is closed.
    await hubAdmin.put('/api/t/hub/partners/ueda/checklist/pcs_ready', { done: false }).expect(409);
    await uedaAdmin.put('/api/t/ueda/partnership/checklist/pcs_ready', { done: false }).expect(409);
  });

  it('does not let a partner tick the hub’s column, nor the hub the partner’s', async () => {
    await hubAdmin
      .put('/api/t/hub/partners/alpha/agreement', {
        workTypes: ['data-entry'],
        taskRates: { 'data-entry': 30 },
        hourlyRate: 1000,
        marginPercent: 10,
      })
      .expect(200);
    // Through the API there is no way: the partner's route writes its column, the hub's route is the hub's.
    await alphaAdmin.put('/api/t/hub/partners/alpha/checklist/pcs_ready', { done: true }).expect(404);
    const after = (
      await alphaAdmin.put('/api/t/alpha/partnership/checklist/pcs_ready', { done: true }).expect(200)
    ).body;
    expect(after.checklist.find((c: { item: string }) => c.item === 'pcs_ready')).toMatchObject({
      hub: { done: false },
      partner: { done: true },
    });
    await alphaAdmin.put('/api/t/alpha/partnership/checklist/unknown_item', { done: true }).expect(400);
    // And the database refuses it too, whatever the application did.
    await expect(
      t.db.withTenant(t.tenants.alpha!, (tx) =>
        tx
          .updateTable('hub_partner_checklist')
          .set({ hub_done_at: new Date() })
          .where('item', '=', 'pcs_ready')
          .execute(),
      ),
    ).rejects.toThrow(/only the hub/);
    await expect(
      t.db.withTenant(t.tenants.hub!, (tx) =>
        tx
          .updateTable('hub_partner_checklist')
          .set({ partner_done_at: null })
          .where('tenant_id', '=', t.tenants.alpha!)
          .where('item', '=', 'pcs_ready')
          .execute(),
      ),
    ).rejects.toThrow(/only the partner/);
    const still = (await alphaAdmin.get('/api/t/alpha/partnership').expect(200)).body;
    expect(still.progress).toEqual({ hub: 0, partner: 1, total: 5 });
  });

  it('lets a director read the partnership but not tick it; workers neither', async () => {
    const director = await t.signIn('director@alpha.test');
    await director.get('/api/t/alpha/partnership').expect(200);
    await director.put('/api/t/alpha/partnership/checklist/budget_approved', { done: true }).expect(403);
    const worker = await t.signIn('worker@alpha.test');
    await worker.get('/api/t/alpha/partnership').expect(403);
  });
});

describe('agreements', () => {
  it('creates the partnership for a centre that has none, changes it, and shows the hub every agreement', async () => {
    await betaAdmin.get('/api/t/beta/partnership').expect(404);
    const created = (
      await hubAdmin
        .put('/api/t/hub/partners/beta/agreement', {
          workTypes: ['image-annotation'],
          taskRates: { 'image-annotation': 42 },
          marginPercent: 15,
        })
        .expect(200)
    ).body;
    expect(created).toMatchObject({
      status: 'onboarding',
      agreement: { hourlyRate: 1000, marginPercent: 15 },
    });
    const changed = (
      await hubAdmin
        .put('/api/t/hub/partners/beta/agreement', {
          workTypes: ['image-annotation', 'shift-operations'],
          taskRates: { 'image-annotation': 45 },
          hourlyRate: 1100,
          marginPercent: 14,
        })
        .expect(200)
    ).body;
    expect(changed.agreement).toEqual({
      workTypes: ['image-annotation', 'shift-operations'],
      taskRates: { 'image-annotation': 45 },
      hourlyRate: 1100,
      marginPercent: 14,
    });
    expect((await betaAdmin.get('/api/t/beta/partnership').expect(200)).body.agreement.hourlyRate).toBe(1100);
    const list = (await hubAdmin.get('/api/t/hub/partners').expect(200)).body;
    expect(list.map((p: { tenant: { slug: string } }) => p.tenant.slug)).toEqual(['alpha', 'beta', 'ueda']);
    expect(
      list.find((p: { tenant: { slug: string } }) => p.tenant.slug === 'alpha').agreement.taskRates,
    ).toEqual({
      'data-entry': 30,
    });
    await hubAdmin
      .put('/api/t/hub/partners/beta/agreement', { workTypes: ['origami'], taskRates: {}, marginPercent: 10 })
      .expect(422);
    await hubAdmin
      .put('/api/t/hub/partners/nowhere/agreement', {
        workTypes: ['data-entry'],
        taskRates: { 'data-entry': 1 },
        marginPercent: 10,
      })
      .expect(404);
    await hubAdmin
      .put('/api/t/hub/partners/hub/agreement', {
        workTypes: ['data-entry'],
        taskRates: { 'data-entry': 1 },
        marginPercent: 10,
      })
      .expect(404);
    await hubAdmin.get('/api/t/hub/partnership').expect(404); // the hub is nobody's partner
  });

  it('gives other hub code the running and onboarding agreements', async () => {
    const agreements = await t.db.withTenant(t.tenants.hub!, (tx) => agreementsOf(tx, t.tenants.hub!));
    expect(agreements.map((a) => [a.tenantId, a.status])).toEqual(
      expect.arrayContaining([
        [t.tenants.alpha, 'onboarding'],
        [t.tenants.beta, 'onboarding'],
      ]),
    );
    expect(agreements).toHaveLength(3);
    expect(agreements.find((a) => a.tenantId === t.tenants.beta)).toEqual({
      tenantId: t.tenants.beta,
      status: 'onboarding',
      workTypes: ['image-annotation', 'shift-operations'],
      taskRates: { 'image-annotation': 45 },
      hourlyRate: 1100,
      marginPercent: 14,
    });
  });
});

describe('across tenants', () => {
  it('answers 404 to alpha for beta’s partnership, reads and ticks alike, and changes nothing', async () => {
    await alphaAdmin.get('/api/t/beta/partnership').expect(404);
    await alphaAdmin.put('/api/t/beta/partnership/checklist/budget_approved', { done: true }).expect(404);
    await alphaAdmin.get('/api/t/hub/partners/beta').expect(404);
    await alphaAdmin
      .put('/api/t/hub/partners/beta/agreement', {
        workTypes: ['data-entry'],
        taskRates: { 'data-entry': 1 },
        marginPercent: 0,
      })
      .expect(404);
    await alphaAdmin.put('/api/t/hub/partners/beta/checklist/budget_approved', { done: true }).expect(404);
    await alphaAdmin.put('/api/t/alpha/partners/beta/checklist/budget_approved', { done: true }).expect(404);
    const beta = (await betaAdmin.get('/api/t/beta/partnership').expect(200)).body;
    expect(beta.progress).toEqual({ hub: 0, partner: 0, total: 5 });
    expect(beta.agreement.marginPercent).toBe(14);
    // Alpha's own view is alpha's alone.
    const own = (await alphaAdmin.get('/api/t/alpha/partnership').expect(200)).body;
    expect(own.agreement.workTypes).toEqual(['data-entry']);
    const rows = await t.db.withTenant(t.tenants.alpha!, (tx) =>
      tx.selectFrom('hub_partner_checklist').select('tenant_id').distinct().execute(),
    );
    expect(rows).toEqual([{ tenant_id: t.tenants.alpha }]);
  });
});
