import { type ZipEntry, zip } from '@kado/plugin-sdk';
import type { OrderParameters } from '../schemas.js';
import { classIndex, type Result, uniqueStems } from './common.js';

const f6 = (n: number) => n.toFixed(6);

/**
 * The entries of a Darknet YOLO 1.1 dataset as CVAT / datumaro write it: `obj.names`, `obj.data`, one
 * `obj_train_data/<stem>.txt` per image (`class cx cy w h`, normalised to 0–1 by the image size, six
 * decimals) and `train.txt` last, since it lists every image (one short path each is all that is kept).
 * The images themselves are the client's; `train.txt` names them where Darknet expects them.
 */
export async function* yoloEntries(
  results: AsyncIterable<Result>,
  parameters: OrderParameters,
): AsyncGenerator<ZipEntry> {
  const classOf = classIndex(parameters.labels);
  const stemOf = uniqueStems();
  yield { name: 'obj.names', data: `${parameters.labels.join('\n')}\n` };
  yield {
    name: 'obj.data',
    data: `classes = ${parameters.labels.length}\ntrain = data/train.txt\nnames = data/obj.names\nbackup = backup/\n`,
  };
  const train: string[] = [];
  for await (const { task, submission } of results) {
    const { imageWidth: w, imageHeight: h } = submission;
    const lines = submission.boxes.map((box) =>
      [
        classOf(box.label, task.image.file),
        f6((box.x + box.width / 2) / w),
        f6((box.y + box.height / 2) / h),
        f6(box.width / w),
        f6(box.height / h),
      ].join(' '),
    );
    // An image without objects still gets its (empty) file: Darknet reads a missing one as "not labelled".
    yield {
      name: `obj_train_data/${stemOf(task.image.file)}.txt`,
      data: lines.map((l) => `${l}\n`).join(''),
    };
    train.push(`data/obj_train_data/${task.image.file}`);
  }
  yield { name: 'train.txt', data: train.length > 0 ? `${train.join('\n')}\n` : '' };
}

export const exportYolo = (results: AsyncIterable<Result>, parameters: OrderParameters) =>
  zip(yoloEntries(results, parameters));
