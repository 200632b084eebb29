import { isImportError } from '@kado/plugin-sdk';
import { describe, expect, it } from 'vitest';
import plugin, { type Submission, type Task } from '../src/index.js';
import { fixture, readVoc, runExport, runImport, text, unzipText } from './helpers.js';

type Accepted = { task: Task; submission: Submission };

/** What COCO writers (datumaro / CVAT) produce, in the form a reader compares: name → box, per image. */
function cocoContent(json: string) {
  const coco = JSON.parse(json) as {
    categories: { id: number; name: string }[];
    images: { id: number; file_name: string; width: number; height: number }[];
    annotations: { image_id: number; category_id: number; bbox: number[]; area: number; iscrowd: number }[];
  };
  const names = new Map(coco.categories.map((c) => [c.id, c.name]));
  return coco.images.map((image) => ({
    file_name: image.file_name,
    width: image.width,
    height: image.height,
    annotations: coco.annotations
      .filter((a) => a.image_id === image.id)
      .map((a) => ({ category: names.get(a.category_id), bbox: a.bbox, area: a.area, iscrowd: a.iscrowd })),
  }));
}

describe('COCO written by datumaro (coco/instances_train.json)', () => {
  const source = fixture('coco/instances_train.json');
  const parameters = { labels: ['a', 'b', 'c'] };

  async function imported(): Promise<Accepted[]> {
    const items = await runImport('coco', source, parameters);
    expect(items.filter(isImportError)).toEqual([]);
    // The known answers become the accepted results, as if workers had drawn exactly them.
    return items.map((item) => {
      if (isImportError(item) || !item.expected) throw new Error('expected a golden row');
      return { task: plugin.task.parse(item.payload), submission: plugin.submission.parse(item.expected) };
    });
  }

  it('imports its image as a task with the known answer, keeping the image id', async () => {
    const items = await runImport('coco', source, parameters);
    expect(items).toEqual([
      {
        row: 1,
        payload: { image: { file: 'a.jpg', width: 10, height: 5 }, sourceId: 5 },
        expected: {
          imageWidth: 10,
          imageHeight: 5,
          boxes: [{ x: 2, y: 2, width: 3, height: 1, label: 'b' }],
        },
      },
    ]);
  });

  it('exports COCO again with the same images, boxes, category names and field names', async () => {
    const json = text(await runExport('coco', await imported(), parameters));
    const exported = JSON.parse(json);
    expect(Object.keys(exported).sort()).toEqual(['annotations', 'categories', 'images', 'info', 'licenses']);
    expect(exported.categories).toEqual([
      { id: 1, name: 'a', supercategory: '' },
      { id: 2, name: 'b', supercategory: '' },
      { id: 3, name: 'c', supercategory: '' },
    ]);
    expect(exported.images).toEqual([{ id: 5, file_name: 'a.jpg', width: 10, height: 5 }]);
    expect(exported.annotations).toEqual([
      { id: 1, image_id: 5, category_id: 2, bbox: [2, 2, 3, 1], area: 3, iscrowd: 0, segmentation: [] },
    ]);
    expect(cocoContent(json)).toEqual(cocoContent(source));
    // And what we wrote imports again to the same tasks.
    const again = await runImport('coco', json, parameters);
    expect(again).toEqual(await runImport('coco', source, parameters));
  });

  it('exports YOLO from the same data, shaped as the darknet and ultralytics fixtures', async () => {
    const files = unzipText(await runExport('yolo', await imported(), parameters));
    expect(Object.keys(files).sort()).toEqual(['obj.data', 'obj.names', 'obj_train_data/a.txt', 'train.txt']);
    expect(files['obj.names']).toBe('a\nb\nc\n');
    expect(files['train.txt']).toBe('data/obj_train_data/a.jpg\n');
    // Same keys as the darknet fixture's obj.data, with our class count.
    const keys = (data: string) =>
      data
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('=')[0]?.trim());
    expect(keys(files['obj.data'] ?? '')).toEqual(keys(fixture('yolo/darknet/obj.data')));
    expect(files['obj.data']).toContain('classes = 3\n');
    // Box (2,2) 3×1 on a 10×5 image: centre (3.5, 2.5) → 0.35, 0.5; size 0.3, 0.2.
    expect(files['obj_train_data/a.txt']).toBe('1 0.350000 0.500000 0.300000 0.200000\n');
    const line = /^\d+( \d\.\d{6}){4}$/;
    for (const reference of [
      fixture('yolo/darknet/obj_train_data/1.txt'),
      fixture('yolo/ultralytics/labels/train/1.txt'),
    ])
      for (const l of [
        ...reference.trim().split('\n'),
        ...(files['obj_train_data/a.txt'] ?? '').trim().split('\n'),
      ])
        expect(l).toMatch(line);
  });
});

describe('YOLO written by datumaro (yolo/darknet)', () => {
  it('gives back the same label lines when its boxes are exported again', async () => {
    const labels = fixture('yolo/darknet/obj.names').trim().split('\n');
    const lines = fixture('yolo/darknet/obj_train_data/1.txt').trim().split('\n');
    // The fixture's image is 15×10 (README); turn the normalised boxes back into pixels, to 1/100 px as
    // six decimals lose (0.133333 − 0.133333 of a 15 px image is −0.0000075, not 0).
    const [w, h] = [15, 10];
    const px = (v: number) => Math.max(0, Number(v.toFixed(2)));
    const boxes = lines.map((l) => {
      const [c, cx, cy, bw, bh] = l.split(' ').map(Number) as [number, number, number, number, number];
      return {
        x: px((cx - bw / 2) * w),
        y: px((cy - bh / 2) * h),
        width: px(bw * w),
        height: px(bh * h),
        label: labels[c] ?? '',
      };
    });
    const result = {
      task: { image: { file: '1.jpg' } },
      submission: plugin.submission.parse({ imageWidth: w, imageHeight: h, boxes }),
    };
    const files = unzipText(await runExport('yolo', [result], { labels }));
    expect(files['obj_train_data/1.txt']?.trim().split('\n')).toEqual(lines);
    expect(files['obj.names']).toBe(fixture('yolo/darknet/obj.names'));
    expect(files['train.txt']).toBe(fixture('yolo/darknet/train.txt'));
  });
});

describe('Pascal VOC written by datumaro (voc/2007_000001.xml)', () => {
  it('exports the same boxes, with the size, and leaves parts and actions out', async () => {
    const voc = readVoc(fixture('voc/2007_000001.xml'));
    expect(voc.objects).toHaveLength(2);
    const labels = ['cat', 'person'];
    const result = {
      task: plugin.task.parse({ image: { file: voc.filename } }),
      submission: plugin.submission.parse({
        imageWidth: voc.width,
        imageHeight: voc.height,
        boxes: voc.objects,
      }),
    };
    expect(plugin.checkSubmission?.(result.submission, result.task, { labels })).toEqual([]);
    const files = unzipText(await runExport('voc', [result], { labels }));
    expect(Object.keys(files).sort()).toEqual([
      'Annotations/2007_000001.xml',
      'ImageSets/Main/default.txt',
      'labelmap.txt',
    ]);
    const exported = readVoc(files['Annotations/2007_000001.xml'] ?? '');
    expect(exported).toEqual({ ...voc, objects: voc.objects });
    expect(exported.objects).toEqual([
      { label: 'cat', x: 1, y: 2, width: 2, height: 2 },
      { label: 'person', x: 4, y: 5, width: 2, height: 2 },
    ]);
    const xml = files['Annotations/2007_000001.xml'] ?? '';
    for (const tag of [
      '<depth>3</depth>',
      '<pose>Unspecified</pose>',
      '<difficult>0</difficult>',
      '<truncated>0</truncated>',
    ])
      expect(xml).toContain(tag);
    expect(files['labelmap.txt']).toBe('# label:color_rgb:parts:actions\ncat:128,0,0::\nperson:0,128,0::\n');
    expect(files['ImageSets/Main/default.txt']).toBe('2007_000001\n');
  });
});

describe('Pascal VOC without <size> (voc/no-size)', () => {
  const labels = fixture('voc/no-size/labelmap.txt')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(':')[0] ?? '');

  it('cannot become a submission until the image size is known, and says so', () => {
    for (const name of ['a', 'b', 'c', 'd']) {
      const voc = readVoc(fixture(`voc/no-size/${name}.xml`));
      expect(voc.width).toBeUndefined();
      const parsed = plugin.submission.safeParse({ boxes: voc.objects });
      expect(parsed.success).toBe(false);
      const messages = parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
      expect(messages).toEqual([
        expect.stringMatching(/^imageWidth: 画像の幅.*がありません.* \/ imageWidth is missing/),
        expect.stringMatching(/^imageHeight: 画像の高さ.*がありません.* \/ imageHeight is missing/),
      ]);
    }
  });

  it('exports once the size is read from the image (c.jpg, say 12×8)', async () => {
    const voc = readVoc(fixture('voc/no-size/c.xml'));
    const submission = plugin.submission.parse({ imageWidth: 12, imageHeight: 8, boxes: voc.objects });
    const files = unzipText(
      await runExport('voc', [{ task: { image: { file: 'c.jpg' } }, submission }], { labels }),
    );
    const exported = readVoc(files['Annotations/c.xml'] ?? '');
    expect(exported).toMatchObject({ filename: 'c.jpg', width: 12, height: 8, objects: voc.objects });
  });
});
