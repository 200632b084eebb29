import { z } from 'zod';
import type { PluginDefinition } from './definition.js';
import { QUALITY_STRATEGIES } from './quality.js';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const FORMAT_NAME = /^[a-z][a-z0-9-]*$/;
const zodSchema = (field: string) =>
  z.custom<z.ZodType>((v) => v instanceof z.ZodType, `${field} must be a zod schema`);
const fn = (what: string) => z.custom<unknown>((v) => typeof v === 'function', `${what} must be a function`);

const Quality = z.discriminatedUnion(
  'strategy',
  [
    z.object({ strategy: z.literal('review') }),
    z.object({ strategy: z.literal('double-entry'), fields: z.array(z.string().min(1)).optional() }),
    z.object({
      strategy: z.literal('consensus'),
      overlap: z.number().int().min(2, 'consensus needs an overlap of at least 2'),
      threshold: z.number().gt(0).lte(1).optional(),
    }),
    z.object({ strategy: z.literal('golden'), rate: z.number().gt(0).lt(1, 'rate must be between 0 and 1') }),
  ],
  { error: () => `strategy must be one of ${QUALITY_STRATEGIES.join(', ')}` },
);

/** The shape every plugin definition must have; the host checks loaded plugins with it too. */
export const PluginShape = z.object({
  id: z.string().regex(KEBAB, 'id must be kebab-case'),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'version must be semver'),
  host: z.string().regex(/^\^\d+\.\d+\.\d+$/, 'host must be a caret range such as ^0.1.0'),
  title: z.object({ ja: z.string().min(1), en: z.string().min(1) }),
  skills: z.array(z.string().regex(KEBAB, 'skills must be kebab-case')),
  pricing: z.object({ unit: z.enum(['task', 'hour']) }),
  task: zodSchema('task'),
  submission: zodSchema('submission'),
  orderParameters: zodSchema('orderParameters'),
  importers: z.record(z.string().regex(FORMAT_NAME, 'importer names are lower-case'), fn('an importer')),
  quality: Quality,
  compare: fn('compare'),
  estimateMinutes: fn('estimateMinutes'),
  checkSubmission: fn('checkSubmission').optional(),
  timeWindow: fn('timeWindow').optional(),
  exporters: z.record(
    z.string().regex(FORMAT_NAME, 'exporter names are lower-case'),
    z.object({
      contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+/, 'contentType must be a media type'),
      fileExtension: z.string().regex(/^[a-z0-9]+$/, 'fileExtension without the dot, e.g. csv'),
      export: fn('export'),
    }),
  ),
  ui: z.object({ task: z.string().regex(/\.svelte$/, 'ui.task must be the path of a .svelte component') }),
});

/** What is wrong with a definition, one `field: message` per problem; empty when it keeps the contract. */
export function validatePluginDefinition(definition: unknown): string[] {
  const checked = PluginShape.safeParse(definition);
  if (checked.success) return [];
  return checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

/** Declares a plugin; throws at load time, naming the field, if the definition breaks the contract. */
export function definePlugin<T extends z.ZodType, S extends z.ZodType, P extends z.ZodType>(
  definition: PluginDefinition<T, S, P>,
): PluginDefinition<T, S, P> {
  const problems = validatePluginDefinition(definition);
  if (problems.length > 0) {
    const id = (definition as { id?: unknown } | null)?.id;
    throw new Error(`invalid plugin definition "${String(id)}": ${problems.join('; ')}`);
  }
  return definition;
}
