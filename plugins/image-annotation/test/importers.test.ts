import { isImportError } from '@kado/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { runImport } from './helpers.js';
import { cocoFile, parameters } from './samples.js';

const errors = async (name: 'images' | 'coco', input: string) =>
  (await runImport(name, input, parameters)).filter(isImportError);

describe('images importer', () => {
  it('reads names with or without a header and with an optional size', async () => {
    expect(await runImport('images', '\uFEFFfile\na.jpg\nb.PNG\n', parameters)).toEqual([
      { row: 2, payload: { image: { file: 'a.jpg' } } },
      { row: 3, payload: { image: { file: 'b.PNG' } } },
    ]);
    expect(await runImport('images', 'a.webp,800,600\r\n"写真 1.jpeg",,\n', parameters)).toEqual([
      { row: 1, payload: { image: { file: 'a.webp', width: 800, height: 600 } } },
      { row: 2, payload: { image: { file: '写真 1.jpeg' } } },
    ]);
  });

  it('reports every bad row with its number and a reason in Japanese and English', async () => {
    const input = [
      'file,width,height',
      'ok.jpg',
      '',
      'dir/a.jpg',
      'C:\\a.jpg',
      '..jpg',
      'notes.txt',
      'ok.jpg',
      'wide.png,0,10',
      'half.png,10,',
      'a,b,c,d',
    ].join('\n');
    const found = await errors('images', input);
    expect(found.map((e) => e.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const reason = (row: number) => found.find((e) => e.row === row)?.error ?? '';
    expect(reason(3)).toContain('empty');
    expect(reason(4)).toContain('path');
    expect(reason(5)).toContain('path');
    expect(reason(6)).toContain('path');
    expect(reason(7)).toContain('not an image file extension');
    expect(reason(8)).toBe('画像「ok.jpg」は 2 行目と重複しています / the image "ok.jpg" duplicates row 2');
    expect(reason(9)).toContain('width is not a positive whole number');
    expect(reason(10)).toContain('both width and height');
    for (const e of found) expect(e.error).toMatch(/[ぁ-んァ-ヶ一-龠].* \/ [A-Za-z]/);
  });
});

describe('COCO importer', () => {
  it('turns annotated images into golden candidates and leaves the others plain', async () => {
    const items = await runImport('coco', cocoFile(), parameters);
    expect(items).toEqual([
      {
        row: 1,
        payload: { image: { file: 'street-001.jpg', width: 640, height: 480 }, sourceId: 10 },
        expected: {
          imageWidth: 640,
          imageHeight: 480,
          boxes: [
            { x: 10, y: 20, width: 50, height: 120, label: 'person' },
            { x: 300, y: 5, width: 20, height: 60, label: '信号機' },
          ],
        },
      },
      { row: 2, payload: { image: { file: 'street-002.jpg', width: 640, height: 480 }, sourceId: 11 } },
    ]);
  });

  it('refuses crowd regions (iscrowd: 1, RLE) rather than dropping them', async () => {
    const input = cocoFile({
      annotations: [
        {
          id: 7,
          image_id: 11,
          category_id: 1,
          bbox: [0, 0, 100, 50],
          iscrowd: 1,
          segmentation: { counts: [3, 4], size: [480, 640] },
        },
      ],
    });
    const found = await errors('coco', input);
    expect(found).toHaveLength(1);
    expect(found[0]?.row).toBe(2);
    expect(found[0]?.error).toContain('annotations[0] (id 7)');
    expect(found[0]?.error).toContain('crowd regions (iscrowd: 1, RLE masks) are not supported');
  });

  it('names a category the order does not have, and refuses annotations without a usable bbox', async () => {
    const input = cocoFile({
      categories: [
        { id: 1, name: 'person' },
        { id: 9, name: 'bicycle' },
      ],
      annotations: [
        { id: 1, image_id: 10, category_id: 9, bbox: [1, 1, 5, 5], iscrowd: 0, segmentation: [] },
        { id: 2, image_id: 11, category_id: 1, segmentation: [[1, 1, 5, 1, 5, 5]], iscrowd: 0 },
        { id: 3, image_id: 11, category_id: 1, bbox: [1, 1, 0, 5], iscrowd: 0 },
        { id: 4, image_id: 11, category_id: 4, bbox: [1, 1, 2, 5], iscrowd: 0 },
        { id: 5, image_id: 11, category_id: 1, bbox: [600, 1, 50, 5], iscrowd: 0 },
      ],
    });
    const found = await errors('coco', input);
    expect(found.map((e) => e.row)).toEqual([1, 2]);
    expect(found[0]?.error).toContain('the category "bicycle" is not one of the order\'s labels');
    const second = found[1]?.error ?? '';
    expect(second).toContain('(id 2): bbox がありません / has no bbox');
    expect(second).toContain('(id 3): bbox は [x, y, 幅, 高さ] です');
    expect(second).toContain('category_id 4 is not in "categories"');
    expect(second).toContain('goes outside the image');
  });

  it('answers a malformed file with one error at row 1 carrying the parser message', async () => {
    const found = await runImport('coco', '{"images": [', parameters);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      row: 1,
      error: expect.stringMatching(/^COCO の JSON として読めません \/ not valid JSON: .+/),
    });
    const notCoco = await runImport('coco', '{"images": "x"}', parameters);
    expect(notCoco).toEqual([
      { row: 1, error: expect.stringContaining('not a COCO instances file: images:') },
    ]);
  });

  it('refuses annotations pointing at an image the file does not list, and bad file names', async () => {
    const input = cocoFile({
      images: [{ id: 10, file_name: 'train2017/street-001.jpg', width: 640, height: 480 }],
      annotations: [{ id: 1, image_id: 99, category_id: 1, bbox: [1, 1, 5, 5], iscrowd: 0 }],
    });
    const found = await errors('coco', input);
    expect(found.map((e) => e.row)).toEqual([1, 1]);
    expect(found[0]?.error).toContain('annotations[0] (id 1) → image_id 99');
    expect(found[1]?.error).toContain('must not contain a path');
  });

  it('refuses a second image entry with the same file name or id', async () => {
    const image = { id: 10, file_name: 'a.jpg', width: 10, height: 10 };
    const input = cocoFile({
      images: [image, { ...image, id: 11 }, { ...image, file_name: 'b.jpg' }],
      annotations: [],
    });
    const found = await errors('coco', input);
    expect(found.map((e) => e.row)).toEqual([2, 3]);
    expect(found[0]?.error).toContain('the file name duplicates image 1');
    expect(found[1]?.error).toContain('the image id 10 is used twice');
  });
});
