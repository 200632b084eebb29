import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zip } from '../../src/index.js';

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return new Uint8Array(Buffer.concat(parts));
}

async function* lines(n: number) {
  for (let i = 0; i < n; i++) yield `${i},塩尻市\n`;
}

describe('zip', () => {
  it('writes entries of strings, bytes and streams that unzip back', async () => {
    const bytes = await collect(
      zip([
        { name: 'readme.txt', data: 'こんにちは KADO' },
        { name: '画像/scan-001.bin', data: new Uint8Array([0, 1, 2, 255]) },
        { name: 'rows.csv', data: lines(1000) },
        { name: 'empty.txt', data: '' },
      ]),
    );
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(['readme.txt', '画像/scan-001.bin', 'rows.csv', 'empty.txt']);
    expect(strFromU8(files['readme.txt']!)).toBe('こんにちは KADO');
    expect([...files['画像/scan-001.bin']!]).toEqual([0, 1, 2, 255]);
    const csv = strFromU8(files['rows.csv']!).split('\n');
    expect(csv).toHaveLength(1001);
    expect(csv[999]).toBe('999,塩尻市');
    expect(files['empty.txt']!.length).toBe(0);
  });

  it('takes entries from an async iterable and streams the archive in several chunks', async () => {
    async function* entries() {
      for (let i = 0; i < 50; i++) yield { name: `f${i}.txt`, data: `file ${i} `.repeat(2000) };
    }
    let chunks = 0;
    const parts: Uint8Array[] = [];
    for await (const chunk of zip(entries())) {
      chunks++;
      parts.push(chunk);
    }
    expect(chunks).toBeGreaterThan(50);
    const files = unzipSync(new Uint8Array(Buffer.concat(parts)));
    expect(Object.keys(files)).toHaveLength(50);
    expect(strFromU8(files['f49.txt']!)).toBe('file 49 '.repeat(2000));
  });

  it('refuses a duplicate entry name', async () => {
    await expect(
      collect(
        zip([
          { name: 'a.txt', data: '1' },
          { name: 'a.txt', data: '2' },
        ]),
      ),
    ).rejects.toThrow(/duplicate/);
  });
});
