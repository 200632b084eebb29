import { encodeText, type ImportItem } from '@kado/plugin-sdk';
import { chunked } from '@kado/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { orderParameters } from './samples.js';

const parameters = plugin.orderParameters.parse(orderParameters);

async function run(input: string | Uint8Array) {
  const items: ImportItem<unknown>[] = [];
  for await (const item of plugin.importers.csv!(chunked(input), parameters)) items.push(item);
  return items;
}

async function sjis(text: string) {
  const parts: Uint8Array[] = [];
  for await (const part of encodeText([text], 'shift_jis')) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

describe('csv importer', () => {
  it('reads a Shift_JIS file with Japanese headers, 7 bytes at a time', async () => {
    const input = await sjis('画像,参照,備考\r\n①調査票.png,塩尻市-001,メモ\r\n髙橋様.jpg,,\r\n');
    expect(await run(input)).toEqual([
      { row: 2, payload: { scan: '①調査票.png', reference: '塩尻市-001' } },
      { row: 3, payload: { scan: '髙橋様.jpg' } },
    ]);
  });

  it('reads UTF-8 with a BOM and English headers in any order and case', async () => {
    const input = '\ufeffReference,Scan\n参照A,a.png\n';
    expect(await run(input)).toEqual([{ row: 2, payload: { scan: 'a.png', reference: '参照A' } }]);
  });

  it('reports every bad row with its number and a reason in Japanese and English', async () => {
    const input = await sjis(
      [
        'scan,reference',
        'ok-1.png,1',
        ',2',
        'folder/a.png,3',
        'C:\\scans\\b.png,4',
        '..,5',
        'ok-1.png,6',
        '',
        'ok-2.png,8',
      ].join('\r\n'),
    );
    const items = await run(input);
    expect(items.map((i) => ('error' in i ? `${i.row}!` : `${i.row}`))).toEqual([
      '2',
      '3!',
      '4!',
      '5!',
      '6!',
      '7!',
      '9',
    ]);
    const errors = items.filter((i) => 'error' in i) as { row: number; error: string }[];
    expect(errors[0]!.error).toBe('画像ファイル名が空です / the scan file name is empty');
    expect(errors[1]!.error).toMatch(/フォルダ.* \/ a scan name cannot contain a path/);
    expect(errors[2]!.error).toMatch(/C:\\scans\\b.png/);
    expect(errors[3]!.error).toMatch(/\.\./);
    expect(errors[4]!.error).toBe('2行目と同じ画像です: ok-1.png / the same scan as row 2: ok-1.png');
  });

  it('refuses a file without a scan column, an empty file and an unclosed quote', async () => {
    expect(await run('file,reference\na.png,1\n')).toEqual([
      { row: 1, error: expect.stringMatching(/scan（画像）列がありません.*no "scan"/) },
    ]);
    expect(await run('')).toEqual([{ row: 1, error: 'ファイルが空です / the file is empty' }]);
    expect(await run('scan\na.png\n"b.png\n')).toEqual([
      { row: 2, payload: { scan: 'a.png' } },
      { row: 3, error: expect.stringMatching(/3行目.*never closed/) },
    ]);
  });
});
