import { type ImportItem, type ImportSource, textLines } from '@kado/plugin-sdk';
import { imageNameProblem, type Task } from '../schemas.js';

const HEADER = /^file(,width,height)?$/i;
const unquote = (cell: string) => {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replaceAll('""', '"') : t;
};

function size(cell: string | undefined, ja: string, en: string): number | string | undefined {
  if (cell === undefined || cell.trim() === '') return undefined;
  const n = Number(cell.trim());
  return Number.isInteger(n) && n > 0
    ? n
    : `${ja}が正の整数ではありません / ${en} is not a positive whole number: ${cell}`;
}

/**
 * One image file name per line, optionally `name,width,height`, with an optional header line `file` or
 * `file,width,height`. Rows are line numbers (the header is row 1 when present).
 */
export async function* importImages(input: ImportSource): AsyncGenerator<ImportItem<Task>> {
  let row = 0;
  const seen = new Map<string, number>();
  for await (const rawLine of textLines(input)) {
    row++;
    const line = row === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (row === 1 && HEADER.test(line.replaceAll(/\s/g, ''))) continue;
    const cells = line.split(',').map(unquote);
    if (cells.length !== 1 && cells.length !== 3) {
      yield {
        row,
        error: `列は「ファイル名」または「ファイル名,幅,高さ」です / expected "file" or "file,width,height": ${line}`,
      };
      continue;
    }
    const file = cells[0] ?? '';
    const problem = imageNameProblem(file);
    if (problem) {
      yield { row, error: problem };
      continue;
    }
    // Names are compared NFC-normalised: a macOS upload and a Windows list of the same name must collide.
    const key = file.normalize('NFC');
    const first = seen.get(key);
    if (first !== undefined) {
      yield {
        row,
        error: `画像「${file}」は ${first} 行目と重複しています / the image "${file}" duplicates row ${first}`,
      };
      continue;
    }
    seen.set(key, row);
    const width = size(cells[1], '幅', 'width');
    const height = size(cells[2], '高さ', 'height');
    if (typeof width === 'string' || typeof height === 'string') {
      yield { row, error: [width, height].filter((v) => typeof v === 'string').join('; ') };
      continue;
    }
    if ((width === undefined) !== (height === undefined)) {
      yield { row, error: '幅と高さは両方指定してください / give both width and height, or neither' };
      continue;
    }
    yield { row, payload: { image: { file, ...(width && height ? { width, height } : {}) } } };
  }
}
