import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  readTenantDefinitions,
  TenantDefinitionsService,
} from '../src/modules/tenants/tenant-definitions.service.js';
import { TenantsService } from '../src/modules/tenants/tenants.service.js';
import { startTestApp } from './support/test-app.js';

const run = promisify(execFile);
const KADO = fileURLToPath(new URL('../bin/kado.mjs', import.meta.url));
const TENANTS = fileURLToPath(new URL('../../tenants/', import.meta.url));

describe('tenants as code', () => {
  it('every definition in tenants/ is valid, and the hub is among them', () => {
    const definitions = readTenantDefinitions(TENANTS);
    expect(definitions.length).toBeGreaterThanOrEqual(11);
    expect(definitions.filter((d) => d.kind === 'hub').map((d) => d.slug)).toEqual(['shiojiri']);
  });

  it('applies idempotently and reports what changed', async () => {
    const t = await startTestApp();
    const service = t.container.get(TenantDefinitionsService);
    const [matsumoto] = readTenantDefinitions(TENANTS).filter((d) => d.slug === 'matsumoto');
    if (!matsumoto) throw new Error('matsumoto missing');
    const first = await service.apply(matsumoto);
    expect(first.tenant).toBe('created');
    expect(first.partnership).toBe('created');
    const second = await service.apply(matsumoto);
    expect(second.tenant).toBe('unchanged');
    expect(second.partnership).toBe('unchanged');
    expect(second.workspaces.every((w) => w.change === 'unchanged')).toBe(true);
    const renamed = { ...matsumoto, workspaces: [{ ...matsumoto.workspaces[0]!, seats: 30 }] };
    expect((await service.apply(renamed)).workspaces).toEqual([
      { name: matsumoto.workspaces[0]!.name, change: 'updated' },
    ]);
    const moved = { ...matsumoto, localGovernmentCode: '202151' };
    expect((await service.apply(moved)).tenant).toBe('updated');
  });

  it('applies a partner’s agreement with the hub: an active centre launched, an onboarding one not', async () => {
    const t = await startTestApp();
    const service = t.container.get(TenantDefinitionsService);
    const all = readTenantDefinitions(TENANTS);
    expect(all[0]?.kind).toBe('hub'); // applied first: partners name it
    const partners = all.filter((d) => d.kind !== 'hub');
    expect(partners.map((d) => d.slug)).toEqual([
      'amakusa',
      'azumino',
      'bibai',
      'itoigawa',
      'kawamoto',
      'matsumoto',
      'minowa',
      'nakatsugawa',
      'omachi',
      'tateshina',
    ]);
    expect(partners.every((d) => d.partnership !== undefined)).toBe(true);
    const [amakusa] = partners.filter((d) => d.slug === 'amakusa');
    const [tateshina] = partners.filter((d) => d.slug === 'tateshina');
    if (!amakusa || !tateshina) throw new Error('definitions missing');
    expect((await service.apply(amakusa)).partnership).toBe('created');
    expect((await service.apply(tateshina)).partnership).toBe('created');

    const hubAdmin = await t.signIn('hub_admin@hub.test');
    const list = (await hubAdmin.get('/api/t/hub/partners').expect(200)).body as {
      tenant: { slug: string; status: string };
      status: string;
      agreement: { workTypes: string[]; taskRates: Record<string, number>; marginPercent: number };
      progress: { hub: number; partner: number };
      checklist: { hub: { bySystem: boolean } }[];
    }[];
    const bySlug = Object.fromEntries(list.map((p) => [p.tenant.slug, p]));
    expect(bySlug.amakusa).toMatchObject({
      tenant: { status: 'onboarding' },
      status: 'onboarding',
      progress: { hub: 0, partner: 0 },
      agreement: amakusa.partnership,
    });
    expect(bySlug.tateshina).toMatchObject({
      tenant: { status: 'active' },
      status: 'active',
      progress: { hub: 5, partner: 5 },
      agreement: tateshina.partnership,
    });
    expect(bySlug.tateshina?.checklist.every((c) => c.hub.bySystem)).toBe(true);
    const plugins = await t.db.withTenant(
      (await t.container.get(TenantsService).findBySlug('tateshina'))!.id,
      (tx) =>
        tx
          .selectFrom('tenant_plugins')
          .select('plugin_id')
          .where('enabled', '=', true)
          .orderBy('plugin_id')
          .execute(),
    );
    expect(plugins.map((p) => p.plugin_id)).toEqual([...tateshina.partnership!.workTypes].sort());

    // Second run: nothing changes. A changed rate is an update, and nothing else moves.
    expect((await service.apply(tateshina)).partnership).toBe('unchanged');
    expect((await service.apply(amakusa)).partnership).toBe('unchanged');
    const dearer = { ...amakusa, partnership: { ...amakusa.partnership!, marginPercent: 20 } };
    const report = await service.apply(dearer);
    expect(report).toMatchObject({ tenant: 'unchanged', partnership: 'updated' });
    const after = (await hubAdmin.get('/api/t/hub/partners/amakusa').expect(200)).body;
    expect(after).toMatchObject({ status: 'onboarding', agreement: { marginPercent: 20 } });

    // A work type no plugin provides is refused, naming the centre, and nothing of it is written.
    const unknown = {
      ...amakusa,
      partnership: { ...amakusa.partnership!, workTypes: ['origami'], taskRates: {} },
    };
    await expect(service.apply(unknown)).rejects.toThrow(/amakusa: .*origami/);
    expect((await hubAdmin.get('/api/t/hub/partners/amakusa').expect(200)).body.agreement.marginPercent).toBe(
      20,
    );
  });

  it('refuses a partnership on the hub itself and a rate for a work type not taken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kado-tenants-'));
    cpSync(join(TENANTS, 'shiojiri'), join(dir, 'shiojiri'), { recursive: true });
    cpSync(join(TENANTS, 'omachi'), join(dir, 'omachi'), { recursive: true });
    const hub = join(dir, 'shiojiri', 'tenant.json');
    writeFileSync(
      hub,
      JSON.stringify({
        ...JSON.parse(readFileSync(hub, 'utf8')),
        partnership: { workTypes: ['data-entry'], taskRates: { 'data-entry': 30 }, marginPercent: 10 },
      }),
    );
    const omachi = join(dir, 'omachi', 'tenant.json');
    const def = JSON.parse(readFileSync(omachi, 'utf8'));
    writeFileSync(
      omachi,
      JSON.stringify({ ...def, partnership: { ...def.partnership, taskRates: { 'image-annotation': 40 } } }),
    );
    expect(() => readTenantDefinitions(dir)).toThrow(/shiojiri\/tenant\.json\/partnership/);
    expect(() => readTenantDefinitions(dir)).toThrow(
      /omachi\/tenant\.json\/partnership\/taskRates\/image-annotation/,
    );
  });

  it('refuses a directory with an invalid definition before applying anything, naming the file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kado-tenants-'));
    cpSync(join(TENANTS, 'omachi'), join(dir, 'omachi'), { recursive: true });
    const file = join(dir, 'omachi', 'tenant.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"202126"', '"202120"'));
    expect(() => readTenantDefinitions(dir)).toThrow(/omachi\/tenant\.json\/localGovernmentCode/);
  });
});

describe('the kado command', () => {
  it('migrates, applies tenants twice (the second time changing nothing) and exits 1 on bad config', async () => {
    const env = {
      ...process.env,
      KADO_DATA_DIR: mkdtempSync(join(tmpdir(), 'kado-cli-')),
      LOG_LEVEL: 'silent',
    };
    const migrated = await run('node', [KADO, 'migrate'], { env });
    expect(migrated.stdout).toContain('0001_foundation');
    const first = await run('node', [KADO, 'tenants', 'apply', TENANTS], { env });
    expect(first.stdout).toContain('shiojiri: created');
    const second = await run('node', [KADO, 'tenants', 'apply', TENANTS], { env });
    expect(second.stdout).toMatch(/^(\w+: unchanged\n)+$/);

    const admin = await run(
      'node',
      [
        KADO,
        'users',
        'create-admin',
        '--tenant',
        'omachi',
        '--email',
        'Chief@Omachi.jp',
        '--name',
        '大町 太郎',
        '--password',
        'omachi-admin-pass',
      ],
      { env },
    );
    expect(admin.stdout).toContain('chief@omachi.jp is tenant_admin of omachi');

    const bad = await run('node', [KADO, 'migrate'], { env: { ...env, PORT: 'eighty' } }).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('PORT');
    // Five cold starts of the CLI (each migrating PGlite; `tenants apply` also loads the work-type plugins).
  }, 240_000);

  it('says clearly that a partnership needs the hub, and applies nothing of that centre', async () => {
    const env = {
      ...process.env,
      KADO_DATA_DIR: mkdtempSync(join(tmpdir(), 'kado-cli-')),
      LOG_LEVEL: 'silent',
    };
    const dir = mkdtempSync(join(tmpdir(), 'kado-tenants-'));
    cpSync(join(TENANTS, 'omachi'), join(dir, 'omachi'), { recursive: true });
    const failed = await run('node', [KADO, 'tenants', 'apply', dir], { env }).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('omachi: "partnership" needs exactly one tenant of kind "hub" (found 0)');
    cpSync(join(TENANTS, 'shiojiri'), join(dir, 'shiojiri'), { recursive: true });
    const applied = await run('node', [KADO, 'tenants', 'apply', dir], { env });
    // The hub first, whatever the folders' order; omachi was not half-created by the failed run.
    expect(applied.stdout).toMatch(/^shiojiri: created.*\nomachi: created.*\n$/);
  }, 240_000);
});
