import { describe, it } from 'vitest';
import type { AnyPlugin } from '../definition.js';
import {
  checkCompare,
  checkDefinition,
  checkEstimate,
  checkExporter,
  checkImporter,
  checkImporterBadRow,
  checkSamples,
} from './checks.js';
import type { ContractSamples } from './samples.js';

export * from './checks.js';
export { type ContractSamples, chunked, fromArray } from './samples.js';

/**
 * Registers the contract tests for one plugin. Each plugin calls it from its own test file:
 * `runPluginContract(plugin, samples)`.
 */
export function runPluginContract(plugin: AnyPlugin, samples: ContractSamples): void {
  describe(`plugin ${String(plugin?.id)} keeps the contract`, () => {
    it('has a valid definition', () => checkDefinition(plugin));
    it('accepts its sample tasks, submissions and order parameters', () => checkSamples(plugin, samples));
    it('compares submissions within 0–1, each in full agreement with itself', () =>
      checkCompare(plugin, samples));
    it('estimates whole minutes for each sample task', () => checkEstimate(plugin, samples));
    for (const name of Object.keys(plugin?.importers ?? {})) {
      it(`imports the sample input with importer "${name}"`, () => checkImporter(plugin, name, samples));
      it(`reports the bad sample row by number with importer "${name}"`, () =>
        checkImporterBadRow(plugin, name, samples));
    }
    for (const name of Object.keys(plugin?.exporters ?? {})) {
      it(`exports the sample results with exporter "${name}"`, () => checkExporter(plugin, name, samples));
    }
  });
}
