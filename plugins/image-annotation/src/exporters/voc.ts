import { type ZipEntry, zip } from '@kado/plugin-sdk';
import type { OrderParameters } from '../schemas.js';
import { classIndex, num, type Result, uniqueStems } from './common.js';

const escapeXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** Pascal VOC's colour map (bit-interleaved label index), the colours CVAT and datumaro give labels. */
function vocColour(index: number): string {
  let [r, g, b] = [0, 0, 0];
  for (let i = index, shift = 7; i > 0; i >>= 3, shift--) {
    r |= (i & 1) << shift;
    g |= ((i >> 1) & 1) << shift;
    b |= ((i >> 2) & 1) << shift;
  }
  return `${r},${g},${b}`;
}

/** One image's annotation file, laid out as datumaro writes Pascal VOC. */
export function vocXml(task: Result['task'], submission: Result['submission']): string {
  const objects = submission.boxes.map(
    (box) => `  <object>
    <name>${escapeXml(box.label)}</name>
    <pose>Unspecified</pose>
    <truncated>0</truncated>
    <difficult>0</difficult>
    <bndbox>
      <xmin>${num(box.x)}</xmin>
      <ymin>${num(box.y)}</ymin>
      <xmax>${num(box.x + box.width)}</xmax>
      <ymax>${num(box.y + box.height)}</ymax>
    </bndbox>
  </object>
`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<annotation>
  <folder>JPEGImages</folder>
  <filename>${escapeXml(task.image.file)}</filename>
  <size>
    <width>${submission.imageWidth}</width>
    <height>${submission.imageHeight}</height>
    <depth>3</depth>
  </size>
  <segmented>0</segmented>
${objects.join('')}</annotation>
`;
}

/**
 * The entries of a Pascal VOC dataset: `labelmap.txt` (CVAT / datumaro's label list with colours),
 * `Annotations/<stem>.xml` per image, and `ImageSets/Main/default.txt` last, since it lists every image.
 * Coordinates are written as drawn (not rounded to whole pixels), as datumaro does.
 */
export async function* vocEntries(
  results: AsyncIterable<Result>,
  parameters: OrderParameters,
): AsyncGenerator<ZipEntry> {
  // labelmap.txt is colon-separated: a colon in a label would shift its columns for every reader.
  const bad = parameters.labels.find((label) => label.includes(':'));
  if (bad !== undefined)
    throw new Error(
      `Pascal VOC の labelmap.txt ではラベルに「:」を使えません: ${bad} / a label must not contain ":" in a Pascal VOC labelmap.txt: ${bad}`,
    );
  const classOf = classIndex(parameters.labels);
  const stemOf = uniqueStems();
  yield {
    name: 'labelmap.txt',
    data: `# label:color_rgb:parts:actions\n${parameters.labels.map((l, i) => `${l}:${vocColour(i + 1)}::\n`).join('')}`,
  };
  const stems: string[] = [];
  for await (const { task, submission } of results) {
    for (const box of submission.boxes) classOf(box.label, task.image.file);
    const s = stemOf(task.image.file);
    stems.push(s);
    yield { name: `Annotations/${s}.xml`, data: vocXml(task, submission) };
  }
  yield { name: 'ImageSets/Main/default.txt', data: stems.length > 0 ? `${stems.join('\n')}\n` : '' };
}

export const exportVoc = (results: AsyncIterable<Result>, parameters: OrderParameters) =>
  zip(vocEntries(results, parameters));
