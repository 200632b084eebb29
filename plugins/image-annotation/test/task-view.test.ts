import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Component } from 'svelte';
import { compile } from 'svelte/compiler';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';

const source = readFileSync(fileURLToPath(new URL('../ui/TaskView.svelte', import.meta.url)), 'utf-8');

/** Compiles the component for the server and loads it, resolving svelte from this repository. */
async function load(): Promise<Component<Record<string, unknown>>> {
  const { js } = compile(source, { filename: 'TaskView.svelte', generate: 'server' });
  const code = js.code.replace(
    /from '(svelte[^']*)'/g,
    (_, specifier: string) => `from '${import.meta.resolve(specifier)}'`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'kado-task-view-'));
  const file = join(dir, 'TaskView.js');
  writeFileSync(file, code);
  try {
    return (await import(pathToFileURL(file).href)).default;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const props = {
  task: { image: { file: 'street-001.jpg', width: 640, height: 480 } },
  parameters: { labels: ['person', 'car'], instructions: '人と車を囲む' },
  value: {
    imageWidth: 640,
    imageHeight: 480,
    boxes: [{ x: 10, y: 20, width: 50, height: 120, label: 'person' }],
  },
  fileUrl: (name: string) => `/files/${encodeURIComponent(name)}`,
  onchange: () => {},
};

describe('ui/TaskView.svelte', () => {
  it('compiles without warnings and imports only svelte and the SDK', () => {
    const { warnings } = compile(source, { filename: 'TaskView.svelte', generate: 'client' });
    expect(warnings.map((w) => w.message)).toEqual([]);
    const imports = [...source.matchAll(/^\s*import .* from '([^']+)'/gm)].map((m) => m[1]);
    expect(imports.every((i) => i === 'svelte' || i === '@kado/plugin-sdk')).toBe(true);
  });

  it('renders an editable workspace in Japanese with a keyboard canvas and labelled controls', async () => {
    const TaskView = await load();
    const { body } = render(TaskView, { props: { ...props, locale: 'ja', readonly: false } });
    expect(body).toContain('src="/files/street-001.jpg"');
    expect(body).toMatch(/role="application"[^>]*tabindex="0"|tabindex="0"[^>]*role="application"/);
    expect(body).toContain('N キーで中央に枠を追加');
    expect(body).toContain('人と車を囲む');
    expect(body).toContain('新しい枠のラベル');
    expect(body).toContain('aria-label="枠 1 を削除"');
  });

  it('renders read-only in English: no editing controls, no key handling', async () => {
    const TaskView = await load();
    const { body } = render(TaskView, { props: { ...props, locale: 'en', readonly: true } });
    expect(body).toContain('aria-label="Annotated image (1 box)"');
    expect(body).not.toContain('role="application"');
    expect(body).not.toContain('Delete box 1');
    expect(body).not.toContain('Label for new boxes');
    expect(body).toMatch(/<select[^>]*disabled/);
  });
});
