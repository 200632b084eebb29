import type { z } from 'zod';
import { validatePluginDefinition } from '../define-plugin.js';
import type { AnyPlugin } from '../definition.js';
import { type ImportItem, isImportError } from '../importers.js';
import { type ContractSamples, chunked, fromArray } from './samples.js';

/**
 * The checks of the contract kit as plain async functions that throw with a message saying what broke.
 * `runPluginContract` registers them as tests; they are exported to be tested themselves.
 */

const describeIssues = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

function parseAll(schema: z.ZodType, values: unknown[], what: string) {
  if (values.length === 0) throw new Error(`no sample ${what}s given`);
  values.forEach((value, n) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new Error(`sample ${what} #${n + 1} does not parse: ${describeIssues(parsed.error)}`);
  });
}

export function checkDefinition(plugin: AnyPlugin): void {
  const problems = validatePluginDefinition(plugin);
  if (problems.length > 0) throw new Error(`the definition breaks the contract: ${problems.join('; ')}`);
}

export function checkSamples(plugin: AnyPlugin, samples: ContractSamples): void {
  parseAll(plugin.task, samples.tasks, 'task');
  parseAll(plugin.submission, samples.submissions, 'submission');
  parseAll(plugin.orderParameters, [samples.orderParameters], 'orderParameters');
  for (const [n, { task, submission }] of samples.accepted.entries()) {
    parseAll(plugin.task, [task], `accepted #${n + 1} task`);
    parseAll(plugin.submission, [submission], `accepted #${n + 1} submission`);
  }
}

async function collect(plugin: AnyPlugin, name: string, input: string | Uint8Array, parameters: unknown) {
  const importer = plugin.importers[name];
  if (!importer) throw new Error(`no importer "${name}"`);
  const items: ImportItem<unknown>[] = [];
  for await (const item of importer(chunked(input), plugin.orderParameters.parse(parameters)))
    items.push(item);
  return items;
}

function sampleFor(samples: ContractSamples, name: string) {
  const sample = samples.imports[name];
  if (!sample) throw new Error(`no sample input for importer "${name}"`);
  return sample;
}

/** The importer turns the sample input into task payloads that parse, with no row errors. */
export async function checkImporter(
  plugin: AnyPlugin,
  name: string,
  samples: ContractSamples,
): Promise<void> {
  const items = await collect(plugin, name, sampleFor(samples, name).input, samples.orderParameters);
  const errors = items.filter(isImportError);
  if (errors.length > 0)
    throw new Error(
      `importer "${name}" reported errors on the good sample: ${errors.map((e) => `row ${e.row}: ${e.error}`).join('; ')}`,
    );
  if (items.length === 0) throw new Error(`importer "${name}" produced no tasks from the sample input`);
  for (const item of items) {
    if (!Number.isInteger(item.row) || item.row < 1)
      throw new Error(`importer "${name}" gave row number ${item.row}; rows are numbered from 1`);
    const parsed = plugin.task.safeParse((item as { payload: unknown }).payload);
    if (!parsed.success)
      throw new Error(
        `importer "${name}" row ${item.row} does not parse as a task: ${describeIssues(parsed.error)}`,
      );
  }
}

/** The importer reports the sample's bad row with its row number and a reason. */
export async function checkImporterBadRow(
  plugin: AnyPlugin,
  name: string,
  samples: ContractSamples,
): Promise<void> {
  const sample = sampleFor(samples, name);
  const items = await collect(plugin, name, sample.badInput, samples.orderParameters);
  const errors = items.filter(isImportError);
  const hit = errors.find((e) => e.row === sample.badRow);
  if (!hit)
    throw new Error(
      `importer "${name}" did not report row ${sample.badRow} of the bad sample (reported: ${
        errors.map((e) => e.row).join(', ') || 'none'
      })`,
    );
  if (typeof hit.error !== 'string' || hit.error.trim() === '')
    throw new Error(`importer "${name}" reported row ${sample.badRow} without a reason`);
}

/** The exporter streams the sample accepted results into a non-empty file. */
export async function checkExporter(
  plugin: AnyPlugin,
  name: string,
  samples: ContractSamples,
): Promise<void> {
  const exporter = plugin.exporters[name];
  if (!exporter) throw new Error(`no exporter "${name}"`);
  if (samples.accepted.length === 0) throw new Error('no sample accepted results given');
  let bytes = 0;
  const parameters = plugin.orderParameters.parse(samples.orderParameters);
  for await (const chunk of exporter.export(fromArray(samples.accepted), parameters)) {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array))
      throw new Error(`exporter "${name}" yielded a ${typeof chunk}; chunks are strings or Uint8Array`);
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  }
  if (bytes === 0) throw new Error(`exporter "${name}" produced an empty file`);
}

/** `compare` finds every sample submission in full agreement with itself, and stays within 0–1. */
export function checkCompare(plugin: AnyPlugin, samples: ContractSamples): void {
  const parameters = plugin.orderParameters.parse(samples.orderParameters);
  const submissions = samples.submissions.map((s) => plugin.submission.parse(s));
  for (const [n, a] of submissions.entries()) {
    const self = plugin.compare(a, a, parameters);
    if (self.agreement !== 1 || self.differences.length !== 0)
      throw new Error(
        `compare of sample submission #${n + 1} with itself gave agreement ${self.agreement} and differences ${JSON.stringify(self.differences)}; expected 1 and none`,
      );
    for (const b of submissions) {
      const { agreement, differences } = plugin.compare(a, b, parameters);
      if (!(agreement >= 0 && agreement <= 1) || !Array.isArray(differences))
        throw new Error(
          `compare gave agreement ${agreement}; it must be between 0 and 1 with a differences list`,
        );
    }
  }
}

/** Every sample task gets a positive whole number of estimated minutes. */
export function checkEstimate(plugin: AnyPlugin, samples: ContractSamples): void {
  const parameters = plugin.orderParameters.parse(samples.orderParameters);
  for (const [n, task] of samples.tasks.entries()) {
    const minutes = plugin.estimateMinutes(plugin.task.parse(task), parameters);
    if (!Number.isInteger(minutes) || minutes < 1)
      throw new Error(
        `estimateMinutes of sample task #${n + 1} gave ${minutes}; expected a whole number ≥ 1`,
      );
  }
}
