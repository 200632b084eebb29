// The image and the compose file cannot be built or started where the tests run (no container engine):
// these checks read deploy/Dockerfile, .dockerignore and deploy/compose/ and hold them to the tree.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const dockerfile = read('deploy/Dockerfile');
/** Instructions with their continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = (() => {
  const out: { name: string; lines: string[] }[] = [];
  for (const line of instructions) {
    const from = line.match(/^FROM\s+\S+(?:\s+AS\s+(\S+))?/i);
    if (from) out.push({ name: from[1] ?? `stage${out.length}`, lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
})();
const stage = (name: string) => stages.find((s) => s.name === name)!;

/** .dockerignore as the builder reads it (the patterns used here: `**`, `*`, plain paths). */
const ignorePatterns = read('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
function ignored(path: string): boolean {
  return ignorePatterns.some((pattern) => {
    const source = pattern
      .split('/')
      .map((part) =>
        part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'),
      )
      .join('/')
      .replace(/^\.\*\//, '(?:.*/)?');
    // A pattern that matches a folder excludes everything in it.
    return new RegExp(`^${source}(?:/.*)?$`).test(path);
  });
}

/** The workspaces' folders, from the root package.json (`plugins/*` expanded). */
function workspaces(): string[] {
  const { workspaces: patterns } = JSON.parse(read('package.json')) as { workspaces: string[] };
  return patterns.flatMap((w) =>
    w.endsWith('/*')
      ? readdirSync(join(ROOT, w.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(join(ROOT, w.slice(0, -2), d.name, 'package.json')))
          .map((d) => `${w.slice(0, -2)}/${d.name}`)
      : [w],
  );
}

describe('deploy/Dockerfile', () => {
  it('is multi-stage on node 20 bookworm-slim: deps, the web app build, production deps, runtime', () => {
    expect(stages.map((s) => s.name)).toEqual(['base', 'deps', 'build', 'prod-deps', 'runtime']);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=20$/m);
    expect(instructions.filter((l) => /^FROM /i.test(l)).join('\n')).toMatch(
      /node:\$\{NODE_VERSION\}-bookworm-slim AS base[\s\S]*node:\$\{NODE_VERSION\}-bookworm-slim AS runtime/,
    );
    expect(stage('deps').lines).toContain('RUN npm ci --ignore-scripts');
    expect(stage('build').lines).toContain('RUN npm run build -w @kado/ui');
    expect(stage('prod-deps').lines).toContain('RUN npm ci --omit=dev --ignore-scripts');
  });

  it('copies every workspace manifest and the lockfile before installing', () => {
    const base = stage('base').lines;
    expect(base).toContain('COPY package.json package-lock.json ./');
    for (const ws of workspaces()) expect(base, ws).toContain(`COPY ${ws}/package.json ${ws}/`);
    // …and nothing else of the tree, so the install layers stay cached while sources change.
    expect(base.filter((l) => l.startsWith('COPY')).length).toBe(workspaces().length + 1);
  });

  it('copies only paths that exist and that .dockerignore lets through', () => {
    const copies = instructions.filter((l) => /^COPY /i.test(l) && !/--from=/.test(l));
    expect(copies.length).toBeGreaterThan(5);
    for (const line of copies) {
      const args = line.split(/\s+/).slice(1);
      const sources = args.slice(0, -1);
      for (const source of sources) {
        if (source === '.') continue;
        expect(existsSync(join(ROOT, source)), source).toBe(true);
        expect(ignored(source), `${source} is in .dockerignore`).toBe(false);
      }
    }
    // What the runtime reads: the entry point, its tsconfig chain, migrations, plugins, tenants.
    for (const path of [
      'core/bin/kado.mjs',
      'core/tsconfig.json',
      'tsconfig.base.json',
      'core/src/cli/main.ts',
      'core/src/db/migrations/0001_foundation.sql',
      'plugins/sdk/src/index.ts',
      'tenants/shiojiri/tenant.json',
      'ui/src/app.html',
      'ui/svelte.config.js',
    ]) {
      expect(existsSync(join(ROOT, path)), path).toBe(true);
      expect(ignored(path), `${path} is in .dockerignore`).toBe(false);
    }
    for (const path of ['node_modules/x', 'ui/build/handler.js', '.git/HEAD', 'data/pg', 'core/test/x.ts'])
      expect(ignored(path), path).toBe(true);
  });

  it('runs the built web app that @kado/ui/handler points at, as a numeric non-root user', () => {
    const ui = JSON.parse(read('ui/package.json')) as { exports: Record<string, string> };
    expect(ui.exports['./handler']).toBe('./build/handler.js');
    const runtime = stage('runtime').lines;
    expect(runtime).toContain('COPY --from=build /app/ui/build ./ui/build');
    expect(runtime).toContain('COPY --from=prod-deps /app ./');
    expect(runtime).toContain('USER 1000:1000');
    expect(runtime.join('\n')).toMatch(/NODE_ENV=production/);
    expect(runtime).toContain('EXPOSE 3000');
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/fetch\(.*\/api\/health/);
    expect(runtime).toContain('ENTRYPOINT ["node", "core/bin/kado.mjs"]');
    expect(runtime.at(-1)).toBe('CMD ["serve"]');
    // tsx, which runs the server's TypeScript, is a production dependency.
    const core = JSON.parse(read('core/package.json')) as { dependencies: Record<string, string> };
    expect(core.dependencies.tsx).toBeDefined();
  });
});

describe('deploy/compose', () => {
  interface Service {
    image?: string;
    command?: string[];
    depends_on?: Record<string, { condition: string }>;
    healthcheck?: { test?: string[]; disable?: boolean };
    environment?: Record<string, string>;
    volumes?: string[];
  }
  const compose = parse(read('deploy/compose/compose.yaml'), { merge: true }) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const s = compose.services;

  it('runs PostgreSQL 15 and Redis 7 (no eviction, append-only) with volumes and health checks', () => {
    expect(s.postgres?.image).toBe('postgres:15');
    expect(s.postgres?.healthcheck?.test?.join(' ')).toMatch(/pg_isready/);
    expect(s.postgres?.volumes?.[0]).toMatch(/^pgdata:/);
    expect(s.redis?.image).toBe('redis:7');
    const redis = s.redis?.command?.join(' ');
    expect(redis).toMatch(/--appendonly yes/);
    expect(redis).toMatch(/--maxmemory-policy noeviction/);
    expect(s.redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(s.redis?.volumes?.[0]).toMatch(/^redisdata:/);
  });

  it('migrates once before app and worker, which share the files volume', () => {
    expect(s.migrate?.command).toEqual(['migrate']);
    expect(s.migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(s.app?.command).toEqual(['serve']);
    expect(s.worker?.command).toEqual(['worker']);
    for (const name of ['app', 'worker']) {
      const service = s[name]!;
      expect(service.depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
      expect(service.depends_on?.redis?.condition, name).toBe('service_healthy');
      expect(service.healthcheck?.test?.length, name).toBeGreaterThan(0);
      expect(service.volumes, name).toContain('files:/var/lib/kado/files');
      expect(service.environment?.KADO_FILES_DIR).toBe('/var/lib/kado/files');
      expect(service.environment?.KADO_DEMO).toBe('false');
      expect(service.environment?.NODE_ENV).toBe('production');
    }
    expect(Object.keys(compose.volumes).sort()).toEqual(['files', 'pgdata', 'redisdata']);
  });

  it('takes every secret from .env, whose example holds placeholders only', () => {
    const text = read('deploy/compose/compose.yaml');
    const required = [...text.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]!);
    expect(new Set(required)).toEqual(new Set(['POSTGRES_PASSWORD', 'KADO_ENCRYPTION_KEY', 'PUBLIC_URL']));
    const example = Object.fromEntries(
      read('deploy/compose/.env.example')
        .split('\n')
        .filter((l) => /^[A-Z0-9_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    for (const name of [...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!))
      expect(Object.keys(example), `${name} in .env.example`).toContain(name);
    // Placeholders: the key is not a usable 32-byte key, the password says to change it.
    expect(Buffer.from(example.KADO_ENCRYPTION_KEY!, 'base64').length).not.toBe(32);
    expect(example.POSTGRES_PASSWORD).toMatch(/change-me/);
    expect(read('deploy/compose/.gitignore')).toMatch(/^\.env$/m);
  });
});
