import { describe, expect, it } from 'vitest';
import plugin, { type Submission, type Task } from '../src/index.js';
import { runExport, text, unzipText } from './helpers.js';
import { parameters } from './samples.js';

type Result = { task: Task; submission: Submission };

/** 5,000 results made on demand, counting how many the exporter has pulled. */
function generated(count: number) {
  const state = { pulled: 0 };
  async function* results(): AsyncGenerator<Result> {
    for (let i = 0; i < count; i++) {
      state.pulled++;
      yield {
        task: { image: { file: `img-${i}.jpg` }, sourceId: i + 1 },
        submission: {
          imageWidth: 640,
          imageHeight: 480,
          boxes: [
            { x: i % 500, y: 10, width: 20, height: 30, label: 'person' },
            { x: 5, y: 5, width: 100, height: 50.5, label: 'car' },
          ],
        },
      };
    }
  }
  return { state, results: results() };
}

describe.each(['coco', 'yolo', 'voc'] as const)('%s exporter streams', (name) => {
  it('yields its first chunk before the input is exhausted, and finishes all 5,000 results', async () => {
    const { state, results } = generated(5000);
    const exporter = plugin.exporters[name];
    if (!exporter) throw new Error(name);
    const pulledAtChunk: number[] = [];
    const parts: Uint8Array[] = [];
    for await (const chunk of exporter.export(results, plugin.orderParameters.parse(parameters))) {
      pulledAtChunk.push(state.pulled);
      parts.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
    }
    expect(pulledAtChunk[0]).toBeLessThan(5000);
    // Output keeps pace with input: a quarter of the way through the chunks, not everything has been read.
    expect(pulledAtChunk[Math.floor(pulledAtChunk.length / 4)]).toBeLessThan(5000);
    expect(state.pulled).toBe(5000);
    const bytes = Buffer.concat(parts);
    if (name === 'coco') {
      const coco = JSON.parse(text(bytes));
      expect(coco.images).toHaveLength(5000);
      expect(coco.annotations).toHaveLength(10000);
      expect(new Set(coco.annotations.map((a: { id: number }) => a.id)).size).toBe(10000);
    } else {
      const files = unzipText(bytes);
      // The images' files plus obj.names, obj.data, train.txt (YOLO) or labelmap.txt, default.txt (VOC).
      expect(Object.keys(files)).toHaveLength(name === 'yolo' ? 5003 : 5002);
    }
  });
});

describe('exporters', () => {
  const one = (file: string, boxes: Submission['boxes'], sourceId?: number | string): Result => ({
    task: { image: { file }, ...(sourceId === undefined ? {} : { sourceId }) },
    submission: { imageWidth: 100, imageHeight: 50, boxes },
  });

  it('COCO keeps numeric source ids and numbers the other images without clashing', async () => {
    const coco = JSON.parse(
      text(
        await runExport(
          'coco',
          [one('a.jpg', [], 2), one('b.jpg', [], 'x-7'), one('c.jpg', [], 2)],
          parameters,
        ),
      ),
    );
    expect(coco.images.map((i: { id: number }) => i.id)).toEqual([2, 1, 3]);
  });

  it('YOLO writes an empty label file for an image without objects', async () => {
    const files = unzipText(await runExport('yolo', [one('empty.png', [])], parameters));
    expect(files['obj_train_data/empty.txt']).toBe('');
  });

  it('VOC escapes names in XML', async () => {
    const labels = { labels: ['R&D <tag>'] };
    const files = unzipText(
      await runExport(
        'voc',
        [one('a&b.jpg', [{ x: 1, y: 1, width: 2, height: 2, label: 'R&D <tag>' }])],
        labels,
      ),
    );
    const xml = files['Annotations/a&b.xml'] ?? '';
    expect(xml).toContain('<filename>a&amp;b.jpg</filename>');
    expect(xml).toContain('<name>R&amp;D &lt;tag&gt;</name>');
  });

  it('refuse what would corrupt the data: a label the order lacks, two images with one stem', async () => {
    const stray = [one('a.jpg', [{ x: 1, y: 1, width: 2, height: 2, label: 'bus' }])];
    for (const name of ['coco', 'yolo', 'voc'] as const)
      await expect(runExport(name, stray, parameters)).rejects.toThrow('the label "bus" is not one of');
    const twins = [one('a.jpg', []), one('a.png', [])];
    for (const name of ['yolo', 'voc'] as const)
      await expect(runExport(name, twins, parameters)).rejects.toThrow('same name without extension: a');
  });
});

describe('checkSubmission and compare', () => {
  const task: Task = { image: { file: 'a.jpg', width: 100, height: 50 } };
  const params = plugin.orderParameters.parse(parameters);

  it('points at a label the order lacks and at a box outside the image', () => {
    const problems = plugin.checkSubmission?.(
      {
        imageWidth: 100,
        imageHeight: 50,
        boxes: [
          { x: 0, y: 0, width: 100, height: 50, label: 'person' },
          { x: 90, y: 0, width: 20, height: 10, label: 'bus' },
        ],
      },
      task,
      params,
    );
    expect(problems?.map((p) => p.pointer)).toEqual(['/boxes/1/label', '/boxes/1']);
    for (const p of problems ?? []) expect(p.message).toMatch(/ \/ /);
    expect(
      plugin
        .checkSubmission?.({ imageWidth: 200, imageHeight: 50, boxes: [] }, task, params)
        .map((p) => p.pointer),
    ).toEqual(['/imageWidth']);
  });

  it('compares boxes by IoU at the order minIou', () => {
    const a: Submission = {
      imageWidth: 100,
      imageHeight: 50,
      boxes: [{ x: 0, y: 0, width: 10, height: 10, label: 'car' }],
    };
    const b: Submission = { ...a, boxes: [{ x: 2, y: 0, width: 10, height: 10, label: 'car' }] }; // IoU 8/12
    expect(plugin.compare(a, b, params).agreement).toBe(1);
    expect(plugin.compare(a, b, { ...params, minIou: 0.7 }).agreement).toBe(0);
    expect(plugin.compare(a, { ...b, boxes: [{ ...a.boxes[0]!, label: 'person' }] }, params).agreement).toBe(
      0,
    );
  });

  it('refuses order parameters with duplicate, empty or too many labels', () => {
    expect(plugin.orderParameters.safeParse({ labels: ['a', 'a'] }).success).toBe(false);
    expect(plugin.orderParameters.safeParse({ labels: [' '] }).success).toBe(false);
    expect(plugin.orderParameters.safeParse({ labels: [] }).success).toBe(false);
    expect(
      plugin.orderParameters.safeParse({ labels: Array.from({ length: 101 }, (_, i) => `l${i}`) }).success,
    ).toBe(false);
    expect(plugin.orderParameters.safeParse({ labels: ['a'], minIou: 1.5 }).success).toBe(false);
  });
});
