import { readFileSync } from 'node:fs';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

// The host builds the component with Vite; here it is compiled to catch syntax and accessibility warnings.
describe('TaskView.svelte', () => {
  const file = new URL('../ui/TaskView.svelte', import.meta.url);
  const source = readFileSync(file, 'utf8');

  it('compiles for the browser and the server without warnings', () => {
    for (const generate of ['client', 'server'] as const) {
      const { warnings } = compile(source, { filename: 'TaskView.svelte', generate });
      expect(warnings.map((w) => `${w.code}: ${w.message}`)).toEqual([]);
    }
  });

  it('imports nothing at runtime but svelte and the plugin’s pure code', () => {
    const imports = [...source.matchAll(/^\s*import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(imports).toEqual(['svelte', '../src/era-date.js', '../src/fields.js']);
  });
});
