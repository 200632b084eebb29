import { type ImportItem, type ImportSource, z } from '@kado/plugin-sdk';
import { checkSubmission } from '../check.js';
import {
  imageNameProblem,
  type LabelledBox,
  type OrderParameters,
  type Submission,
  submission as submissionSchema,
  type Task,
} from '../schemas.js';

const id = z.union([z.number(), z.string()]);
// Only the fields we use are checked; COCO files carry more (license, coco_url, date_captured …).
const CocoFile = z.object({
  images: z.array(
    z.object({
      id,
      file_name: z.string(),
      width: z.int().positive(),
      height: z.int().positive(),
    }),
  ),
  categories: z.array(z.object({ id, name: z.string() })).default([]),
  annotations: z
    .array(
      z.object({
        id: id.optional(),
        image_id: id,
        category_id: id,
        bbox: z.array(z.number()).optional(),
        iscrowd: z.union([z.number(), z.boolean()]).optional(),
      }),
    )
    .default([]),
});
type Annotation = z.output<typeof CocoFile>['annotations'][number];

async function readAll(input: ImportSource): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of input) text += decoder.decode(chunk, { stream: true });
  return (text + decoder.decode()).replace(/^\uFEFF/, '');
}

const describe = (a: Annotation, k: number) =>
  `annotations[${k}]${a.id === undefined ? '' : ` (id ${a.id})`}`;

/**
 * A COCO instances file: each entry of `images` becomes a task (row = its 1-based index there) and its
 * annotations, when it has any, the task's known answer (a golden candidate).
 *
 * The file is read whole and then parsed. COCO is one JSON document whose annotations point at images by
 * id and may come before or after them, so no image can be yielded before every annotation is read: a
 * streaming parser would still hold all annotations, and saves little over holding the text. Instance
 * files of a few hundred MB (COCO train2017: 450 MB) should be split per image batch before upload.
 */
export async function* importCoco(
  input: ImportSource,
  parameters: OrderParameters,
): AsyncGenerator<ImportItem<Task, Submission>> {
  let json: unknown;
  try {
    json = JSON.parse(await readAll(input));
  } catch (error) {
    yield {
      row: 1,
      error: `COCO の JSON として読めません / not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
    return;
  }
  const parsed = CocoFile.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    yield {
      row: 1,
      error: `COCO instances 形式ではありません / not a COCO instances file: ${where.slice(0, 5).join('; ')}`,
    };
    return;
  }
  const coco = parsed.data;
  const categories = new Map(coco.categories.map((c) => [String(c.id), c.name]));
  const labels = new Set(parameters.labels);
  const rowOfImage = new Map<string, number>();
  // The first entry of an id owns it (and its annotations); a later one is reported as a duplicate.
  for (const [i, image] of coco.images.entries())
    if (!rowOfImage.has(String(image.id))) rowOfImage.set(String(image.id), i + 1);
  const byImage = new Map<string, { annotation: Annotation; k: number }[]>();
  const orphans: string[] = [];
  coco.annotations.forEach((annotation, k) => {
    const key = String(annotation.image_id);
    if (!rowOfImage.has(key)) {
      orphans.push(`${describe(annotation, k)} → image_id ${annotation.image_id}`);
      return;
    }
    const list = byImage.get(key) ?? [];
    list.push({ annotation, k });
    byImage.set(key, list);
  });
  if (orphans.length > 0)
    // There is no image row to blame, so the file as a whole (row 1) is refused.
    yield {
      row: 1,
      error: `images にない画像を指す注釈があります / annotations refer to images not in "images": ${orphans.slice(0, 5).join(', ')}${orphans.length > 5 ? ` … (${orphans.length})` : ''}`,
    };

  const rowOfName = new Map<string, number>();
  for (const [i, image] of coco.images.entries()) {
    const row = i + 1;
    const problems: string[] = [];
    const nameProblem = imageNameProblem(image.file_name);
    if (nameProblem) problems.push(nameProblem);
    // Two entries for one file would be two tasks whose answers overwrite each other on export.
    const sameName = rowOfName.get(image.file_name.normalize('NFC'));
    if (sameName !== undefined)
      problems.push(`画像名が ${sameName} 番目と重複しています / the file name duplicates image ${sameName}`);
    else rowOfName.set(image.file_name.normalize('NFC'), row);
    if (rowOfImage.get(String(image.id)) !== row)
      problems.push(`画像 id ${image.id} が重複しています / the image id ${image.id} is used twice`);
    const boxes: LabelledBox[] = [];
    for (const { annotation: a, k } of byImage.get(String(image.id)) ?? []) {
      const what = describe(a, k);
      // Crowd regions are RLE masks over many objects; as one box they would teach a model a wrong object.
      if (a.iscrowd === 1 || a.iscrowd === true) {
        problems.push(
          `${what}: 群衆領域（iscrowd: 1, RLE）には対応していません / crowd regions (iscrowd: 1, RLE masks) are not supported`,
        );
        continue;
      }
      if (!a.bbox) {
        problems.push(`${what}: bbox がありません / has no bbox (only boxes are supported)`);
        continue;
      }
      const [x, y, width, height] = a.bbox;
      if (a.bbox.length !== 4 || x === undefined || y === undefined || !width || !height) {
        problems.push(`${what}: bbox は [x, y, 幅, 高さ] です / bbox must be [x, y, width, height]`);
        continue;
      }
      if (x < 0 || y < 0 || x + width > image.width + 1e-6 || y + height > image.height + 1e-6) {
        problems.push(
          `${what}: bbox [${a.bbox.join(', ')}] が画像（${image.width}×${image.height}）からはみ出しています / bbox goes outside the image (${image.width}×${image.height})`,
        );
        continue;
      }
      const label = categories.get(String(a.category_id));
      if (label === undefined) {
        problems.push(
          `${what}: category_id ${a.category_id} が categories にありません / category_id ${a.category_id} is not in "categories"`,
        );
        continue;
      }
      if (!labels.has(label)) {
        problems.push(
          `${what}: カテゴリ「${label}」は発注のラベルにありません / the category "${label}" is not one of the order's labels`,
        );
        continue;
      }
      boxes.push({ x, y, width, height, label });
    }
    const payload: Task = {
      image: { file: image.file_name, width: image.width, height: image.height },
      sourceId: image.id,
    };
    if (problems.length === 0 && boxes.length > 0) {
      // The known answer must itself be a valid submission, or golden checks would fail every worker.
      const checked = submissionSchema.safeParse({
        imageWidth: image.width,
        imageHeight: image.height,
        boxes,
      });
      if (checked.success) {
        const outside = checkSubmission(checked.data, payload, parameters);
        if (outside.length === 0) {
          yield { row, payload, expected: checked.data };
          continue;
        }
        problems.push(...outside.map((p) => p.message));
      } else
        problems.push(...checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
    }
    yield problems.length > 0
      ? { row, error: `${image.file_name}: ${problems.join('; ')}` }
      : { row, payload };
  }
}
