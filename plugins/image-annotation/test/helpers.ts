import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ImportItem } from '@kado/plugin-sdk';
import { chunked, fromArray } from '@kado/plugin-sdk/testing';
import { unzipSync } from 'fflate';
import { expect } from 'vitest';
import plugin, { type Submission, type Task } from '../src/index.js';

/**
 * A fixture of test/fixtures/annotation: files written by datumaro (CVAT's dataset library), copied from the
 * project's shared fixtures with their licence (see README.md there), checked to exist.
 */
export function fixture(path: string): string {
  const file = fileURLToPath(new URL(`./fixtures/annotation/${path}`, import.meta.url));
  expect(existsSync(file), `fixture missing: ${file}`).toBe(true);
  return readFileSync(file, 'utf-8');
}

export async function runImport(name: 'images' | 'coco', input: string, parameters: unknown) {
  const importer = plugin.importers[name];
  if (!importer) throw new Error(`no importer ${name}`);
  const items: ImportItem<Task, Submission>[] = [];
  for await (const item of importer(chunked(input, 5), plugin.orderParameters.parse(parameters)))
    items.push(item as ImportItem<Task, Submission>);
  return items;
}

export async function runExport(
  name: 'coco' | 'yolo' | 'voc',
  results: { task: Task; submission: Submission }[] | AsyncIterable<{ task: Task; submission: Submission }>,
  parameters: unknown,
): Promise<Uint8Array> {
  const exporter = plugin.exporters[name];
  if (!exporter) throw new Error(`no exporter ${name}`);
  const input = Array.isArray(results) ? fromArray(results) : results;
  const parts: Uint8Array[] = [];
  for await (const chunk of exporter.export(input, plugin.orderParameters.parse(parameters)))
    parts.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return Buffer.concat(parts);
}

export const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

export function unzipText(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, text(data)]));
}

/** Boxes of a Pascal VOC file's top-level objects (parts such as a person's head are not objects). */
export function readVoc(xml: string) {
  const value = (block: string, tag: string) => block.match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1];
  const size = value(xml, 'width');
  const objects = [...xml.matchAll(/<object>([\s\S]*?)<\/object>/g)].map((m) => {
    const block = (m[1] ?? '').replace(/<part>[\s\S]*?<\/part>/g, '');
    const n = (tag: string) => Number(value(block, tag));
    return {
      label: value(block, 'name') ?? '',
      x: n('xmin'),
      y: n('ymin'),
      width: n('xmax') - n('xmin'),
      height: n('ymax') - n('ymin'),
    };
  });
  return {
    filename: value(xml, 'filename') ?? '',
    width: size === undefined ? undefined : Number(size),
    height: xml.includes('<size>') ? Number(value(xml, 'height')) : undefined,
    objects,
  };
}
