import type { OrderParameters, Submission, Task } from './schemas.js';

// Floating-point slack: a box drawn to the very edge may end at 639.9999999 + 0.0000002.
const EDGE_TOLERANCE = 1e-6;

/** Problems of a submission beyond its schema: labels the order does not allow, boxes off the image. */
export function checkSubmission(
  submission: Submission,
  task: Task,
  parameters: OrderParameters,
): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = [];
  const { width, height } = task.image;
  if (width !== undefined && submission.imageWidth !== width)
    problems.push({
      pointer: '/imageWidth',
      message: `画像の幅 ${submission.imageWidth} がタスクの ${width} と違います / the image width ${submission.imageWidth} differs from the task's ${width}`,
    });
  if (height !== undefined && submission.imageHeight !== height)
    problems.push({
      pointer: '/imageHeight',
      message: `画像の高さ ${submission.imageHeight} がタスクの ${height} と違います / the image height ${submission.imageHeight} differs from the task's ${height}`,
    });
  const labels = new Set(parameters.labels);
  submission.boxes.forEach((box, i) => {
    if (!labels.has(box.label))
      problems.push({
        pointer: `/boxes/${i}/label`,
        message: `ラベル「${box.label}」はこの発注にありません / the label "${box.label}" is not one of the order's labels`,
      });
    if (
      box.x + box.width > submission.imageWidth + EDGE_TOLERANCE ||
      box.y + box.height > submission.imageHeight + EDGE_TOLERANCE
    )
      problems.push({
        pointer: `/boxes/${i}`,
        message: `枠 ${i + 1} が画像（${submission.imageWidth}×${submission.imageHeight}）からはみ出しています / box ${i + 1} goes outside the image (${submission.imageWidth}×${submission.imageHeight})`,
      });
  });
  return problems;
}
