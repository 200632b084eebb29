import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type AnyPlugin, validatePluginDefinition, type z } from '@kado/plugin-sdk';
import { satisfiesCaret } from './host-range.js';
import type { Logger } from './logger.js';
import { findPluginPackages, type PluginPackage, workspacePluginFolders } from './plugin-discovery.js';
import { type FieldError, Problem } from './problems.js';

/** The version plugins' `host` ranges are checked against: core's own. */
export const HOST_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;

export interface LoadedPlugin {
  id: string;
  version: string;
  package: string;
  dir: string;
  definition: AnyPlugin;
}

export interface RefusedPlugin {
  /** The package name, or the folder when even that could not be read. */
  package: string;
  dir: string;
  reason: string;
}

export type PayloadCheck<T = unknown> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

type SchemaName = 'task' | 'submission' | 'orderParameters';

/** Why a package cannot be a plugin before its module is even imported; null when it may be loaded. */
function packageProblem(pkg: PluginPackage, hostVersion: string): string | null {
  if (!pkg.host) return 'package.json declares no "kado": { "host": "^x.y.z" } range';
  if (!satisfiesCaret(hostVersion, pkg.host))
    return `needs host ${pkg.host} (package.json kado.host), this host is ${hostVersion}`;
  if (!pkg.entry) return 'package.json names no entry module ("exports" or "main")';
  return null;
}

/** Why a loaded definition is refused; null when it is accepted. */
function definitionProblem(pkg: PluginPackage, definition: unknown, hostVersion: string): string | null {
  if (definition === undefined) return 'the module has no default export (export default definePlugin(…))';
  const problems = validatePluginDefinition(definition);
  if (problems.length > 0) return `invalid definition: ${problems.join('; ')}`;
  const plugin = definition as AnyPlugin;
  if (pkg.name !== `@kado/plugin-${plugin.id}`)
    return `package name ${pkg.name} does not match plugin id "${plugin.id}" (expected @kado/plugin-${plugin.id})`;
  if (!satisfiesCaret(hostVersion, plugin.host))
    return `needs host ${plugin.host} (definition host), this host is ${hostVersion}`;
  if (pkg.version && pkg.version !== plugin.version)
    return `definition version ${plugin.version} differs from package.json version ${pkg.version}`;
  return null;
}

const toFieldErrors = (error: z.ZodError): FieldError[] =>
  error.issues.map((i) => ({
    pointer: i.path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join(''),
    detail: i.message,
    code: i.code,
  }));

/**
 * Finds, checks and holds the installed work-type plugins. Each plugin is loaded inside its own
 * try/catch (as Directus loads extensions): a broken one is logged and recorded with its reason, and the
 * others and the server carry on. Every payload crossing into or out of a plugin is checked here against
 * the plugin's own schemas.
 */
export class PluginHost {
  private loaded = new Map<string, LoadedPlugin>();
  private refusals: RefusedPlugin[] = [];
  private loading: Promise<void> | null = null;
  /** Which load() is the latest: an earlier one that finishes later must not overwrite its result. */
  private generation = 0;

  constructor(
    private readonly logger: Logger,
    readonly hostVersion = HOST_VERSION,
  ) {}

  /** Loads the workspace plugins once, on first need. */
  async ready(): Promise<void> {
    this.loading ??= this.load();
    // A load() started meanwhile (tests pointing the host at fixtures) supersedes the one awaited.
    for (let awaited = this.loading; ; awaited = this.loading) {
      await awaited;
      if (awaited === this.loading) return;
    }
  }

  /** (Re)discovers plugins in the given folders (default: the workspace's `plugins/*`), replacing what was loaded. */
  load(folders: string[] = workspacePluginFolders()): Promise<void> {
    this.loading = this.loadFrom(folders);
    return this.loading;
  }

  private async loadFrom(folders: string[]): Promise<void> {
    const generation = ++this.generation;
    const loaded = new Map<string, LoadedPlugin>();
    const refusals: RefusedPlugin[] = [];
    const refuse = (pkg: string, dir: string, reason: string) => {
      refusals.push({ package: pkg, dir, reason });
      this.logger.error({ plugin: pkg, dir, reason }, `plugin ${pkg} refused: ${reason}`);
    };
    const { packages, unreadable } = findPluginPackages(folders);
    for (const u of unreadable) refuse(u.dir, u.dir, u.reason);
    for (const pkg of packages) {
      try {
        const early = packageProblem(pkg, this.hostVersion);
        if (early) {
          refuse(pkg.name, pkg.dir, early);
          continue;
        }
        const module = (await import(pathToFileURL(pkg.entry!).href)) as { default?: unknown };
        const problem = definitionProblem(pkg, module.default, this.hostVersion);
        if (problem) {
          refuse(pkg.name, pkg.dir, problem);
          continue;
        }
        const definition = module.default as AnyPlugin;
        const clash = loaded.get(definition.id);
        if (clash) {
          refuse(pkg.name, pkg.dir, `plugin id "${definition.id}" is already taken by ${clash.package}`);
          continue;
        }
        loaded.set(definition.id, {
          id: definition.id,
          version: definition.version,
          package: pkg.name,
          dir: pkg.dir,
          definition,
        });
        this.logger.info(
          { plugin: definition.id, version: definition.version },
          `plugin ${definition.id} loaded`,
        );
      } catch (err) {
        refuse(pkg.name, pkg.dir, `failed to load: ${(err as Error)?.message ?? String(err)}`);
      }
    }
    if (generation !== this.generation) return;
    this.loaded = loaded;
    this.refusals = refusals;
  }

  list(): LoadedPlugin[] {
    return [...this.loaded.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  refused(): RefusedPlugin[] {
    return [...this.refusals];
  }

  get(id: string): LoadedPlugin | undefined {
    return this.loaded.get(id);
  }

  /** The plugin, or a 404 problem: an unknown and a refused plugin look the same to a caller. */
  require(id: string): LoadedPlugin {
    const plugin = this.loaded.get(id);
    if (!plugin)
      throw new Problem('not-found', `プラグイン ${id} はありません / No plugin "${id}" is installed`);
    return plugin;
  }

  private check(id: string, schema: SchemaName, payload: unknown): PayloadCheck {
    const parsed = (this.require(id).definition[schema] as z.ZodType).safeParse(payload);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, errors: toFieldErrors(parsed.error) };
  }

  /** A task payload against the plugin's `task` schema, with per-field errors (JSON pointers into the payload). */
  validateTask(id: string, payload: unknown): PayloadCheck {
    return this.check(id, 'task', payload);
  }

  validateSubmission(id: string, payload: unknown): PayloadCheck {
    return this.check(id, 'submission', payload);
  }

  validateOrderParameters(id: string, payload: unknown): PayloadCheck {
    return this.check(id, 'orderParameters', payload);
  }

  /** The parsed payload, or a validation-failed problem whose pointers start at `pointer` (e.g. `/body/parameters`). */
  parseOrProblem(id: string, schema: SchemaName, payload: unknown, pointer = ''): unknown {
    const result = this.check(id, schema, payload);
    if (result.ok) return result.value;
    throw new Problem('validation-failed', undefined, {
      errors: result.errors.map((e) => ({ ...e, pointer: `${pointer}${e.pointer}` })),
    });
  }
}
