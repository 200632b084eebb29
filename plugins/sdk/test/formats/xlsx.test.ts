import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnName } from '../../src/formats/xlsx.js';
import { type XlsxCell, xlsx } from '../../src/index.js';

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

async function* many(n: number): AsyncGenerator<XlsxCell[]> {
  for (let i = 1; i <= n; i++) yield [i, `ワーカー${i}`];
}

async function open(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  // exceljs's types predate Buffer being generic.
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('xlsx', () => {
  it('writes a workbook exceljs opens, with header, Japanese text, numbers, booleans and dates', async () => {
    const buffer = await collect(
      xlsx([
        {
          name: '入力結果',
          columns: [
            { header: '氏名 (name)', width: 20 },
            { header: '生年月日' },
            { header: '件数' },
            { header: '確認' },
          ],
          rows: [
            ['山田 花子 <&>', new Date('1990-04-01'), 3, true],
            ['髙橋 ①', new Date('2024-04-01T09:30:00Z'), -1.5, false],
            [null, undefined, '', 'x'],
          ],
        },
        { name: 'a/b:c*d?[e]'.repeat(4), rows: many(3) },
        { name: 'a/b:c*d?[e]'.repeat(4), rows: [] },
      ]),
    );
    const workbook = await open(buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      '入力結果',
      'a_b_c_d__e_a_b_c_d__e_a_b_c_d__',
      'a_b_c_d__e_a_b_c_d__e_a_b_c (2)',
    ]);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '氏名 (name)', '生年月日', '件数', '確認']);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(20);
    expect(sheet.getCell('A2').value).toBe('山田 花子 <&>');
    expect(sheet.getCell('B2').value).toEqual(new Date('1990-04-01T00:00:00Z'));
    expect(sheet.getCell('B2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('C2').value).toBe(3);
    expect(sheet.getCell('D2').value).toBe(true);
    expect(sheet.getCell('A3').value).toBe('髙橋 ①');
    expect((sheet.getCell('B3').value as Date).toISOString()).toBe('2024-04-01T09:30:00.000Z');
    expect(sheet.getCell('C3').value).toBe(-1.5);
    expect(sheet.getCell('D3').value).toBe(false);
    expect(sheet.getCell('A4').value).toBeNull();
    expect(sheet.getCell('D4').value).toBe('x');
    const second = workbook.worksheets[1]!;
    expect(second.rowCount).toBe(3);
    expect(second.getCell('B3').value).toBe('ワーカー3');
  });

  it('streams many rows into a valid file', async () => {
    const buffer = await collect(
      xlsx([{ name: 'rows', columns: [{ header: 'n' }, { header: '名前' }], rows: many(20_000) }]),
    );
    const files = unzipSync(new Uint8Array(buffer));
    expect(Object.keys(files)).toContain('xl/worksheets/sheet1.xml');
    const sheet = (await open(buffer)).worksheets[0]!;
    expect(sheet.rowCount).toBe(20_001);
    expect(sheet.getCell('B20001').value).toBe('ワーカー20000');
  });

  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('needs at least one sheet', async () => {
    await expect(collect(xlsx([]))).rejects.toThrow(/sheet/);
  });
});
