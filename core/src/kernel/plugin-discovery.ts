import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: core/src/kernel → ../../.. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const PLUGIN_NAME = /^@kado\/plugin-/;
const SDK_NAME = '@kado/plugin-sdk';

/** An installed package that says it is a plugin, before anything of it is loaded. */
export interface PluginPackage {
  dir: string;
  name: string;
  version: string | null;
  /** package.json `kado.host`: the host versions it runs on. */
  host: string | null;
  /** Absolute path of the module to import, from `exports["."]` or `main`; null if it names none. */
  entry: string | null;
}

/** Folders holding plugin packages, from the root package.json workspaces (`plugins/*` → `<root>/plugins`). */
export function workspacePluginFolders(root = REPO_ROOT): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  return (pkg.workspaces ?? []).filter((w) => w.endsWith('/*')).map((w) => resolve(root, w.slice(0, -2)));
}

function entryOf(dir: string, pkg: { exports?: unknown; main?: unknown }): string | null {
  let target: unknown = pkg.exports;
  if (target && typeof target === 'object' && '.' in target)
    target = (target as Record<string, unknown>)['.'];
  if (target && typeof target === 'object')
    target = (target as Record<string, unknown>).import ?? (target as Record<string, unknown>).default;
  if (typeof target !== 'string') target = pkg.main;
  return typeof target === 'string' ? resolve(dir, target) : null;
}

/**
 * The plugin packages (`@kado/plugin-*`, not the SDK) directly inside the given folders. Reads only
 * package.json files; a folder that is missing or a package.json that does not parse is skipped here and
 * left to the caller to report (see `PluginHost`).
 */
export function findPluginPackages(folders: string[]): {
  packages: PluginPackage[];
  unreadable: { dir: string; reason: string }[];
} {
  const packages: PluginPackage[] = [];
  const unreadable: { dir: string; reason: string }[] = [];
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const child of readdirSync(folder, { withFileTypes: true })) {
      if (!child.isDirectory()) continue;
      const dir = join(folder, child.name);
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      let pkg: {
        name?: unknown;
        version?: unknown;
        kado?: { host?: unknown };
        exports?: unknown;
        main?: unknown;
      };
      try {
        pkg = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        unreadable.push({ dir, reason: `package.json does not parse: ${(err as Error).message}` });
        continue;
      }
      if (typeof pkg.name !== 'string' || !PLUGIN_NAME.test(pkg.name) || pkg.name === SDK_NAME) continue;
      packages.push({
        dir,
        name: pkg.name,
        version: typeof pkg.version === 'string' ? pkg.version : null,
        host: typeof pkg.kado?.host === 'string' ? pkg.kado.host : null,
        entry: entryOf(dir, pkg),
      });
    }
  }
  packages.sort((a, b) => a.name.localeCompare(b.name));
  return { packages, unreadable };
}
