import { describe, expect, it } from 'vitest';
import { definePlugin, validatePluginDefinition, type z } from '../src/index.js';
import { exampleDefinition as base } from './example-plugin.js';

describe('definePlugin', () => {
  it('accepts a definition that keeps the contract', () => {
    expect(definePlugin(base).id).toBe('image-label');
    expect(validatePluginDefinition(base)).toEqual([]);
  });

  it('names what is wrong in a broken definition', () => {
    expect(() => definePlugin({ ...base, id: 'Data Entry' })).toThrow(/id: id must be kebab-case/);
    expect(() => definePlugin({ ...base, version: '1.0' })).toThrow(/version: version must be semver/);
    expect(() => definePlugin({ ...base, task: {} as z.ZodType })).toThrow(/task: task must be a zod schema/);
    expect(() => definePlugin({ ...base, orderParameters: undefined as unknown as z.ZodType })).toThrow(
      /orderParameters:/,
    );
    expect(() => definePlugin({ ...base, host: '>=0.1' })).toThrow(/host: host must be a caret range/);
    expect(() => definePlugin({ ...base, ui: { task: './TaskView.tsx' } })).toThrow(/ui\.task: /);
  });

  it('checks importers, exporters and the quality strategy', () => {
    expect(validatePluginDefinition({ ...base, importers: { csv: 'nope' } })).toEqual([
      'importers.csv: an importer must be a function',
    ]);
    const exporter = base.exporters.jsonl;
    expect(
      validatePluginDefinition({ ...base, exporters: { jsonl: { ...exporter, fileExtension: '.jsonl' } } }),
    ).toEqual(['exporters.jsonl.fileExtension: fileExtension without the dot, e.g. csv']);
    expect(validatePluginDefinition({ ...base, quality: { strategy: 'vote' } })[0]).toMatch(
      /^quality\.strategy: strategy must be one of review, double-entry, consensus, golden/,
    );
    expect(validatePluginDefinition({ ...base, quality: { strategy: 'consensus', overlap: 1 } })).toEqual([
      'quality.overlap: consensus needs an overlap of at least 2',
    ]);
    expect(validatePluginDefinition({ ...base, quality: { strategy: 'golden', rate: 0.05 } })).toEqual([]);
  });

  it('reports a definition that is not an object at all', () => {
    expect(validatePluginDefinition(undefined)).toHaveLength(1);
    expect(() => definePlugin(null as never)).toThrow(/invalid plugin definition "undefined"/);
  });
});
