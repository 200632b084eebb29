import type { OrderParameters } from '../schemas.js';
import { classIndex, type Result } from './common.js';

/**
 * COCO instances JSON, streamed in one pass. Keys are written in the order
 * `info, licenses, categories, annotations, images` (JSON objects are unordered; pycocotools, CVAT and
 * datumaro read them by name): annotations are written out as each result arrives, and only each image's
 * short entry (~100 bytes) is kept until the end. So memory grows with the number of images, never with
 * the number of boxes, and no result object is held after its turn.
 */
export async function* exportCoco(
  results: AsyncIterable<Result>,
  parameters: OrderParameters,
): AsyncGenerator<string> {
  const categoryOf = classIndex(parameters.labels);
  const categories = parameters.labels.map((name, i) => ({ id: i + 1, name, supercategory: '' }));
  const info = {
    description: 'KADO image annotation',
    version: '1.0',
    date_created: new Date().toISOString(),
  };
  yield `{"info":${JSON.stringify(info)},"licenses":[],"categories":${JSON.stringify(categories)},"annotations":[`;

  const images: string[] = [];
  const usedIds = new Set<number>();
  let nextImageId = 1;
  let annotationId = 0;
  for await (const { task, submission } of results) {
    // Keep the id the image had in the client's COCO file so they can join; number the others.
    let imageId: number;
    if (typeof task.sourceId === 'number' && Number.isInteger(task.sourceId) && !usedIds.has(task.sourceId))
      imageId = task.sourceId;
    else {
      while (usedIds.has(nextImageId)) nextImageId++;
      imageId = nextImageId;
    }
    usedIds.add(imageId);
    images.push(
      JSON.stringify({
        id: imageId,
        file_name: task.image.file,
        width: submission.imageWidth,
        height: submission.imageHeight,
      }),
    );
    let chunk = '';
    for (const box of submission.boxes) {
      const annotation = {
        id: ++annotationId,
        image_id: imageId,
        category_id: categoryOf(box.label, task.image.file) + 1,
        bbox: [box.x, box.y, box.width, box.height],
        area: box.width * box.height,
        iscrowd: 0,
        segmentation: [],
      };
      chunk += `${annotationId === 1 ? '' : ','}${JSON.stringify(annotation)}`;
    }
    if (chunk) yield chunk;
  }
  yield '],"images":[';
  for (const [i, image] of images.entries()) yield i === 0 ? image : `,${image}`;
  yield ']}';
}
