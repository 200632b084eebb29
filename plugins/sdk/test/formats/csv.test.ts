import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvLine, csvRows, encodeText } from '../../src/index.js';
import { chunked } from '../../src/testing/index.js';

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return new Uint8Array(Buffer.concat(parts));
}

async function rows(input: Uint8Array | string, encoding?: 'utf-8' | 'shift_jis' | 'auto', size = 7) {
  const out: { row: number; values: string[] }[] = [];
  for await (const r of csvRows(chunked(input, size), { encoding })) out.push(r);
  return out;
}

const records = [
  ['氏名', '住所', 'メモ'],
  ['山田 花子', '長野県塩尻市大門七番町3-3', '"至急"と記載'],
  ['鈴木, 一郎', '松本市\r\n中央1-1', ''],
  ['髙橋 ①', '㈱塩尻', '〜テスト〜'],
];

describe('csvLine', () => {
  it('quotes only what needs quoting, doubles quotes, ends with CRLF', () => {
    expect(csvLine(['a', 'b c', 1, true, null, undefined])).toBe('a,b c,1,true,,\r\n');
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', 'cr\r'])).toBe(
      '"a,b","say ""hi""","two\nlines","cr\r"\r\n',
    );
    expect(csvLine([new Date('2024-04-01T00:00:00Z')])).toBe('2024-04-01T00:00:00.000Z\r\n');
    expect(csvLine([])).toBe('\r\n');
  });
});

describe('csvRows', () => {
  it('round-trips quotes, commas and line breaks in UTF-8 read 7 bytes at a time', async () => {
    const text = records.map(csvLine).join('');
    const bytes = await bytesOf(encodeText([text], 'utf-8'));
    expect(await rows(bytes)).toEqual(records.map((values, i) => ({ row: i + 1, values })));
  });

  it('round-trips Shift_JIS (CP932) in every chunk size, detected automatically', async () => {
    const bytes = await bytesOf(encodeText(records.map(csvLine), 'shift_jis'));
    const expected = records.map((values, i) => ({
      row: i + 1,
      values: values.map((v) => v.replaceAll('〜', '～')),
    }));
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(await rows(bytes, 'auto', size)).toEqual(expected);
      expect(await rows(bytes, 'shift_jis', size)).toEqual(expected);
    }
  });

  it('drops a UTF-8 BOM, accepts LF, CR and no final line break, skips empty lines but counts them', async () => {
    const bytes = await bytesOf(encodeText(['scan,参照\n', '\n', 'a.png,1\r', 'b.png,"2"'], 'utf-8-bom'));
    expect(await rows(bytes)).toEqual([
      { row: 1, values: ['scan', '参照'] },
      { row: 3, values: ['a.png', '1'] },
      { row: 4, values: ['b.png', '2'] },
    ]);
  });

  it('numbers records, not physical lines, when a field spans lines', async () => {
    const result = await rows('h\n"a\nb"\nc\n');
    expect(result).toEqual([
      { row: 1, values: ['h'] },
      { row: 2, values: ['a\nb'] },
      { row: 3, values: ['c'] },
    ]);
  });

  it('decides on the first non-ASCII bytes even after a long ASCII start', async () => {
    const ascii = `${'x,y\r\n'.repeat(2000)}`;
    const sjis = new Uint8Array(Buffer.concat([Buffer.from(ascii), iconv.encode('塩尻,松本\r\n', 'cp932')]));
    const result = await rows(sjis, 'auto', 7);
    expect(result).toHaveLength(2001);
    expect(result[2000]).toEqual({ row: 2001, values: ['塩尻', '松本'] });
  });

  it('keeps empty fields and a stray quote inside an unquoted field', async () => {
    expect(await rows(',a,,\r\nab"c,""\r\n')).toEqual([
      { row: 1, values: ['', 'a', '', ''] },
      { row: 2, values: ['ab"c', ''] },
    ]);
  });

  it('throws on a quote that is never closed, naming the row', async () => {
    await expect(rows('a\n"b,c\n')).rejects.toThrow(/2行目.*row 2/);
  });

  it('refuses bytes that are not UTF-8 when UTF-8 is required', async () => {
    await expect(rows(iconv.encode('塩尻\n', 'cp932'), 'utf-8')).rejects.toThrow(/UTF-8/);
  });
});

describe('encodeText', () => {
  it('writes UTF-8, with a BOM when asked, joining surrogate pairs split across chunks', async () => {
    const pair = '𠮷';
    const plain = await bytesOf(encodeText(['a', pair[0]!, `${pair[1]!}b`], 'utf-8'));
    expect(new TextDecoder().decode(plain)).toBe('a𠮷b');
    const bom = await bytesOf(encodeText(['あ'], 'utf-8-bom'));
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('writes CP932 with NEC and IBM extensions, readable by a Shift_JIS TextDecoder', async () => {
    const bytes = await bytesOf(encodeText(['①㈱髙﨑 ', '塩尻市?', '〜−'], 'shift_jis'));
    expect(new TextDecoder('shift_jis').decode(bytes)).toBe('①㈱髙﨑 塩尻市?～－');
  });

  it('refuses a character Shift_JIS cannot hold, naming it, instead of writing "?"', async () => {
    await expect(bytesOf(encodeText(['山田', ' 😀'], 'shift_jis'))).rejects.toThrow(/😀.*U\+1F600/);
    await expect(bytesOf(encodeText(['한국어'], 'shift_jis'))).rejects.toThrow(/「한」/);
  });
});
