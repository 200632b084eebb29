import type { AcceptedResult } from '@kado/plugin-sdk';
import type { Submission, Task } from '../schemas.js';

export type Result = AcceptedResult<Task, Submission>;

/** A file name without its last extension: `a.b.jpg` → `a.b`, the name YOLO and VOC key their files by. */
export const stem = (file: string) => file.replace(/\.[^.]*$/, '');

/** A coordinate as datumaro writes it: no float noise (0.30000000000000004), no trailing zeros. */
export const num = (n: number) => String(Number(n.toFixed(6)));

/**
 * Refuses a second image whose name without extension was already written (`a.jpg`, `a.png`): both would
 * become `a.txt` / `a.xml` and one would silently overwrite the other. Keeps one short string per image.
 */
export function uniqueStems() {
  const seen = new Set<string>();
  return (file: string) => {
    const s = stem(file);
    if (seen.has(s))
      throw new Error(
        `拡張子を除いて同じ名前の画像が複数あります: ${s} / two images have the same name without extension: ${s}`,
      );
    seen.add(s);
    return s;
  };
}

/** Refuses a label the order does not have; exporting it under some other class would corrupt the data. */
export function classIndex(labels: readonly string[]) {
  const index = new Map(labels.map((label, i) => [label, i]));
  return (label: string, file: string) => {
    const i = index.get(label);
    if (i === undefined)
      throw new Error(
        `${file}: ラベル「${label}」は発注のラベルにありません / the label "${label}" is not one of the order's labels`,
      );
    return i;
  };
}
