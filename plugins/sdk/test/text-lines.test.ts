import { describe, expect, it } from 'vitest';
import { textLines } from '../src/index.js';
import { chunked } from '../src/testing/index.js';

const lines = async (input: string, size: number) => {
  const out: string[] = [];
  for await (const line of textLines(chunked(input, size))) out.push(line);
  return out;
};

describe('textLines', () => {
  it('splits a UTF-8 stream into lines whatever the chunk boundaries, CRLF or LF', async () => {
    const text = '氏名,住所\r\n塩尻 太郎,長野県塩尻市\n\n最後の行';
    for (const size of [1, 2, 3, 5, 64]) {
      expect(await lines(text, size)).toEqual(['氏名,住所', '塩尻 太郎,長野県塩尻市', '', '最後の行']);
    }
  });

  it('yields nothing for an empty input and no phantom line after a final newline', async () => {
    expect(await lines('', 4)).toEqual([]);
    expect(await lines('a\n', 4)).toEqual(['a']);
  });
});
