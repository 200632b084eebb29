import { compareBoxes, definePlugin } from '@kado/plugin-sdk';
import { checkSubmission } from './check.js';
import { exportCoco } from './exporters/coco.js';
import { exportVoc } from './exporters/voc.js';
import { exportYolo } from './exporters/yolo.js';
import { importCoco } from './importers/coco.js';
import { importImages } from './importers/images.js';
import { orderParameters, submission, task } from './schemas.js';

export { checkSubmission } from './check.js';
export { vocEntries, vocXml } from './exporters/voc.js';
export { yoloEntries } from './exporters/yolo.js';
export type { LabelledBox, OrderParameters, Submission, Task } from './schemas.js';

/** 画像認識AI教師データ作成: draw bounding boxes on an image and give each a class label. */
export default definePlugin({
  id: 'image-annotation',
  version: '1.0.0',
  host: '^0.1.0',
  title: { ja: '画像アノテーション（教師データ作成）', en: 'Image annotation' },
  skills: ['image-annotation'],
  pricing: { unit: 'task' },
  task,
  submission,
  orderParameters,
  importers: { images: importImages, coco: importCoco },
  // Two workers draw each image; core also mixes in golden tasks when an import brings known answers.
  quality: { strategy: 'consensus', overlap: 2 },
  compare: (expected, actual, parameters) =>
    compareBoxes(expected.boxes, actual.boxes, parameters.minIou ?? 0.5),
  checkSubmission,
  // A typical order image holds a handful of objects at roughly 10–30 s per tight box (drawing plus
  // choosing the label), plus looking the image over: about 3 minutes. The offer only needs the scale.
  estimateMinutes: () => 3,
  exporters: {
    coco: { contentType: 'application/json', fileExtension: 'json', export: exportCoco },
    yolo: { contentType: 'application/zip', fileExtension: 'zip', export: exportYolo },
    voc: { contentType: 'application/zip', fileExtension: 'zip', export: exportVoc },
  },
  ui: { task: './ui/TaskView.svelte' },
});
