import { z } from 'zod';

/**
 * The contract a work-type plugin is written against. Plugins import this package only, never core.
 * Grows with issue #4 (importers, quality strategies, exporters, task UI); this is the stable core of it.
 */
export interface PluginDefinition<
  Task extends z.ZodType = z.ZodType,
  Submission extends z.ZodType = z.ZodType,
> {
  /** kebab-case, unique across installed plugins, e.g. `data-entry`. */
  id: string;
  /** semver of the plugin; a project records the version it was created with. */
  version: string;
  title: { ja: string; en: string };
  skills: string[];
  pricing: { unit: 'task' | 'hour' };
  /** What one task of this type carries, validated whenever it crosses into or out of the plugin. */
  task: Task;
  /** What a worker hands in for one task. */
  submission: Submission;
}

const PluginShape = z.object({
  id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'id must be kebab-case'),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'version must be semver'),
  title: z.object({ ja: z.string().min(1), en: z.string().min(1) }),
  skills: z.array(z.string().min(1)),
  pricing: z.object({ unit: z.enum(['task', 'hour']) }),
  task: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'task must be a zod schema'),
  submission: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'submission must be a zod schema'),
});

/** Declares a plugin; throws at load time, naming the field, if the definition breaks the contract. */
export function definePlugin<T extends z.ZodType, S extends z.ZodType>(
  definition: PluginDefinition<T, S>,
): PluginDefinition<T, S> {
  const checked = PluginShape.safeParse(definition);
  if (!checked.success) {
    const issues = checked.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new Error(`invalid plugin definition "${String(definition.id)}": ${issues}`);
  }
  return definition;
}

export { z };
