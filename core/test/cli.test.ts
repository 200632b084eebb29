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
    expect((await service.apply(matsumoto)).tenant).toBe('created');
    const second = await service.apply(matsumoto);
    expect(second.tenant).toBe('unchanged');
    expect(second.workspaces.every((w) => w.change === 'unchanged')).toBe(true);
    const renamed = { ...matsumoto, workspaces: [{ ...matsumoto.workspaces[0]!, seats: 30 }] };
    expect((await service.apply(renamed)).workspaces).toEqual([
      { name: matsumoto.workspaces[0]!.name, change: 'updated' },
    ]);
    const moved = { ...matsumoto, localGovernmentCode: '202151' };
    expect((await service.apply(moved)).tenant).toBe('updated');
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
  }, 120_000);
});
