import { describe, expect, it } from 'vitest';
import { z } from '../src/index.js';
import {
  checkDefinition,
  checkExporter,
  checkImporter,
  checkImporterBadRow,
  checkSamples,
  runPluginContract,
} from '../src/testing/index.js';
import { examplePlugin, exampleSamples } from './example-plugin.js';

// The kit run the way a plugin runs it against itself.
runPluginContract(examplePlugin, exampleSamples);

describe('the contract kit catches a plugin that breaks the contract', () => {
  it('refuses a definition that does not validate', () => {
    expect(() => checkDefinition({ ...examplePlugin, id: 'Bad' })).toThrow(/id: id must be kebab-case/);
  });

  it('refuses samples the plugin’s own schemas reject', () => {
    expect(() => checkSamples(examplePlugin, { ...exampleSamples, tasks: [{ imageUrl: 'x' }] })).toThrow(
      /sample task #1 does not parse: imageUrl:/,
    );
    expect(() => checkSamples(examplePlugin, { ...exampleSamples, submissions: [] })).toThrow(
      /no sample submissions/,
    );
  });

  it('refuses an importer whose payloads do not parse, or that loses the bad row', async () => {
    const sloppy = {
      ...examplePlugin,
      importers: {
        async *csv() {
          yield { row: 1, payload: { imageUrl: 42 } };
        },
      },
    };
    await expect(checkImporter(sloppy, 'csv', exampleSamples)).rejects.toThrow(
      /row 1 does not parse as a task/,
    );
    await expect(checkImporterBadRow(sloppy, 'csv', exampleSamples)).rejects.toThrow(
      /did not report row 3 of the bad sample \(reported: none\)/,
    );
    const { csv: _csv, ...noSample } = exampleSamples.imports;
    await expect(
      checkImporter(examplePlugin, 'csv', { ...exampleSamples, imports: noSample }),
    ).rejects.toThrow(/no sample input for importer "csv"/);
  });

  it('refuses an importer that reports errors on good input or counts rows from 0', async () => {
    const zeroBased = {
      ...examplePlugin,
      importers: {
        async *csv() {
          yield { row: 0, payload: { imageUrl: 'https://example.test/a.png' } };
        },
      },
    };
    await expect(checkImporter(zeroBased, 'csv', exampleSamples)).rejects.toThrow(/rows are numbered from 1/);
    await expect(
      checkImporter(examplePlugin, 'csv', {
        ...exampleSamples,
        imports: { csv: { ...exampleSamples.imports.csv!, input: 'imageUrl\nnope\n' } },
      }),
    ).rejects.toThrow(/reported errors on the good sample: row 2/);
  });

  it('refuses an exporter that writes nothing', async () => {
    const silent = {
      ...examplePlugin,
      exporters: { jsonl: { contentType: 'text/plain', fileExtension: 'txt', async *export() {} } },
    };
    await expect(checkExporter(silent, 'jsonl', exampleSamples)).rejects.toThrow(/produced an empty file/);
    await expect(checkExporter(examplePlugin, 'jsonl', exampleSamples)).resolves.toBeUndefined();
  });

  it('parses order parameters before handing them to an importer', async () => {
    const strict = { ...examplePlugin, orderParameters: z.object({ labels: z.array(z.string()).min(3) }) };
    await expect(checkImporter(strict, 'csv', exampleSamples)).rejects.toThrow();
  });
});
