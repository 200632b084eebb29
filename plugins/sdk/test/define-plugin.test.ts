import { describe, expect, it } from 'vitest';
import { definePlugin, z } from '../src/index.js';

const base = {
  id: 'data-entry',
  version: '1.0.0',
  title: { ja: 'データ入力', en: 'Data entry' },
  skills: ['typing-ja'],
  pricing: { unit: 'task' as const },
  task: z.object({ imageUrl: z.string() }),
  submission: z.object({ text: z.string() }),
};

describe('definePlugin', () => {
  it('accepts a definition that keeps the contract', () => {
    expect(definePlugin(base).id).toBe('data-entry');
  });

  it('names what is wrong in a broken definition', () => {
    expect(() => definePlugin({ ...base, id: 'Data Entry' })).toThrow(/id: id must be kebab-case/);
    expect(() => definePlugin({ ...base, version: '1.0' })).toThrow(/version: version must be semver/);
    expect(() => definePlugin({ ...base, task: {} as never })).toThrow(/task: task must be a zod schema/);
  });
});
