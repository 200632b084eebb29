import type { z } from 'zod';
import type { Exporter } from './exporters.js';
import type { Importer } from './importers.js';
import type { Comparison, QualityPolicy } from './quality.js';

/**
 * The contract a work-type plugin is written against. Plugins import this package only, never core.
 * Core validates every payload crossing into or out of a plugin against the schemas declared here.
 */
export interface PluginDefinition<
  Task extends z.ZodType = z.ZodType,
  Submission extends z.ZodType = z.ZodType,
  Parameters extends z.ZodType = z.ZodType,
> {
  /** kebab-case, unique across installed plugins, e.g. `data-entry`. */
  id: string;
  /** semver of the plugin; a project records the version it was created with. */
  version: string;
  /** The host versions this plugin runs on, a caret range such as `^0.1.0` (also in package.json `kado.host`). */
  host: string;
  title: { ja: string; en: string };
  /** Skills a worker needs for a task of this type, e.g. `typing-ja`. */
  skills: string[];
  pricing: { unit: 'task' | 'hour' };
  /** What one task of this type carries. */
  task: Task;
  /** What a worker hands in for one task. */
  submission: Submission;
  /** What an order of this work type specifies (a form definition, staffing per slot, label classes …). */
  orderParameters: Parameters;
  /** Order input → task payloads, by format name (`csv`, `coco`, …). */
  importers: Record<string, Importer<z.output<Task>, z.output<Parameters>>>;
  quality: QualityPolicy;
  /**
   * How far `actual` agrees with `expected` (another worker's submission, or a golden task's known answer).
   * Double entry sends `differences` to a director; consensus and golden tasks use `agreement`. Build it
   * from the SDK's `compareFields` / `compareBoxes`.
   */
  compare(
    expected: z.output<Submission>,
    actual: z.output<Submission>,
    parameters: z.output<Parameters>,
  ): Comparison;
  /**
   * Checks a submission against its task and the order beyond what the `submission` schema can say (a
   * date field of the order's form, a label the order does not allow). Problems as JSON pointers into the
   * submission with a message in Japanese and English; none means it may be handed in.
   */
  checkSubmission?(
    submission: z.output<Submission>,
    task: z.output<Task>,
    parameters: z.output<Parameters>,
  ): { pointer: string; message: string }[];
  /** Minutes one task is expected to take: the "next task" offer fits it into the worker's time. */
  estimateMinutes(task: z.output<Task>, parameters: z.output<Parameters>): number;
  /**
   * When a task must be done at a set time (a shift), that time in the centre's local time (Asia/Tokyo):
   * the host offers it only to workers whose hours cover it. Leave it out for work done any time.
   */
  timeWindow?(task: z.output<Task>, parameters: z.output<Parameters>): TimeWindow | null;
  /** Accepted results → the client's deliverable, by format name (`csv`, `xlsx`, `coco`, …). */
  exporters: Record<string, Exporter<z.output<Task>, z.output<Submission>, z.output<Parameters>>>;
  /** The Svelte component of the task workspace, relative to the plugin package. */
  ui: { task: string };
}

/** A calendar date and a span of local wall-clock time on it, e.g. 2026-12-01 09:00–13:00. */
export interface TimeWindow {
  date: string;
  start: string;
  end: string;
}

/** A plugin definition of any schemas: what the host and the test kit handle. */
// biome-ignore lint/suspicious/noExplicitAny: the host handles plugins of every payload type
export type AnyPlugin = PluginDefinition<any, any, any>;
