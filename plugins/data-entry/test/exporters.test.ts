import type { AcceptedResult } from '@kado/plugin-sdk';
import { fromArray } from '@kado/plugin-sdk/testing';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { orderParameters, submissions, tasks } from './samples.js';

const parameters = plugin.orderParameters.parse(orderParameters);
const accepted = [
  { task: tasks[0], submission: submissions[0] },
  { task: tasks[1], submission: submissions[1] },
  // Keyed before normalising: the export writes the normalised form.
  {
    task: { scan: 'survey-0003.png', reference: '"引用", 改行\nあり' },
    submission: {
      values: {
        name: '鈴木　次郎',
        birthDate: 'R2.2.29',
        postalCode: '３９９０７３８',
        address: '塩尻市 〒不要',
        household: '２',
        gender: '回答しない',
      },
    },
  },
] as AcceptedResult<never, never>[];

async function bytesOf(name: string, results = accepted) {
  const parts: Uint8Array[] = [];
  for await (const chunk of plugin.exporters[name]!.export(fromArray(results), parameters))
    parts.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return Buffer.concat(parts);
}

const header =
  '参照 (reference),画像 (scan),氏名 (name),フリガナ (nameKana),生年月日 (birthDate),郵便番号 (postalCode),住所 (address),電話番号 (tel),世帯人数 (household),性別 (gender)\r\n';

describe('exporters', () => {
  it('declares the content types', () => {
    expect(plugin.exporters.csv).toMatchObject({
      contentType: 'text/csv; charset=utf-8',
      fileExtension: 'csv',
    });
    expect(plugin.exporters['csv-sjis']).toMatchObject({
      contentType: 'text/csv; charset=shift_jis',
      fileExtension: 'csv',
    });
    expect(plugin.exporters.xlsx).toMatchObject({
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileExtension: 'xlsx',
    });
  });

  it('csv: UTF-8 with a BOM, fields in form order, ISO dates, quoting', async () => {
    const bytes = await bytesOf('csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toBe(
      header +
        '塩尻-0001,survey-0001.png,山田 花子,ヤマダ ハナコ,1985-03-03,399-0738,長野県塩尻市大門七番町3-3,0263-52-0280,4,女性\r\n' +
        ',調査票-0002.jpg,髙橋 一郎,,1950-11-23,390-8620,長野県松本市丸の内3-7 (株)テスト気付,,1,男性\r\n' +
        '"""引用"", 改行\nあり",survey-0003.png,鈴木 次郎,,2020-02-29,399-0738,塩尻市 〒不要,,2,回答しない\r\n',
    );
  });

  it('csv-sjis: Shift_JIS (CP932) that a Shift_JIS decoder reads back', async () => {
    const bytes = await bytesOf('csv-sjis');
    expect(bytes[0]).not.toBe(0xef);
    const text = new TextDecoder('shift_jis').decode(bytes);
    expect(text).toBe(new TextDecoder().decode(await bytesOf('csv')).replace(/^\ufeff/, ''));
    expect(text).toContain('髙橋 一郎');
    expect(text).toContain('〒不要');
    expect(text).toContain('(株)テスト気付');
  });

  it('csv-sjis: refuses a value Shift_JIS cannot hold, naming the scan and the character', async () => {
    const bad = [
      { task: { scan: 'p-9.png' }, submission: { values: { ...submissions[0]!.values, name: '김 민준' } } },
    ];
    await expect(bytesOf('csv-sjis', bad as AcceptedResult<never, never>[])).rejects.toThrow(
      /p-9\.png.*「김」/,
    );
  });

  it('xlsx: one sheet with the header, Japanese text, number cells and date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytesOf('xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('データ入力');
    expect(sheet.getRow(1).values).toEqual([undefined, ...header.trim().split(',')]);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').value).toBe('塩尻-0001');
    expect(sheet.getCell('C2').value).toBe('山田 花子');
    expect(sheet.getCell('E2').value).toEqual(new Date('1985-03-03T00:00:00Z'));
    expect(sheet.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('H2').value).toBe('0263-52-0280');
    expect(sheet.getCell('I2').value).toBe(4);
    expect(sheet.getCell('A3').value).toBeNull();
    expect(sheet.getCell('G3').value).toBe('長野県松本市丸の内3-7 (株)テスト気付');
    expect(sheet.getCell('A4').value).toBe('"引用", 改行\nあり');
    expect(sheet.getCell('E4').value).toEqual(new Date('2020-02-29T00:00:00Z'));
    expect(sheet.rowCount).toBe(4);
  });
});

describe('plugin', () => {
  it('compares double entries field by field, after normalising', () => {
    const a = { values: { name: '山田 花子', birthDate: 'R6.4.1', tel: '0263-52-0280' } };
    const b = { values: { name: '山田 花子', birthDate: '2024-04-01', tel: '0263-52-0281' } };
    const { agreement, differences } = plugin.compare(a, b, parameters);
    expect(agreement).toBeCloseTo(2 / 3);
    expect(differences).toEqual(['/values/tel']);
  });

  it('checks a submission against the form', () => {
    const problems = plugin.checkSubmission!(
      { values: { ...submissions[0]!.values, household: '四' } },
      tasks[0]!,
      parameters,
    );
    expect(problems).toEqual([
      { pointer: '/values/household', message: expect.stringMatching(/not a number/) },
    ]);
    expect(plugin.checkSubmission!(submissions[0]!, tasks[0]!, parameters)).toEqual([]);
  });

  it('estimates half a minute a field, at least one', () => {
    expect(plugin.estimateMinutes(tasks[0]!, parameters)).toBe(4);
    const one = plugin.orderParameters.parse({ form: { fields: [orderParameters.form.fields[0]] } });
    expect(plugin.estimateMinutes(tasks[0]!, one)).toBe(1);
  });

  it('refuses a form with duplicate keys, a choice without choices or a bad key', () => {
    const base = orderParameters.form.fields[0]!;
    const parse = (fields: unknown[]) => plugin.orderParameters.safeParse({ form: { fields } }).success;
    expect(parse([base, base])).toBe(false);
    expect(parse([{ ...base, type: 'choice' }])).toBe(false);
    expect(parse([{ ...base, key: 'Bad Key' }])).toBe(false);
    expect(parse([])).toBe(false);
    expect(parse([base, { ...base, key: 'name-2' }])).toBe(true);
  });

  it('refuses a task whose scan name has a path', () => {
    expect(plugin.task.safeParse({ scan: '../x.png' }).success).toBe(false);
    expect(plugin.task.safeParse({ scan: 'a/x.png' }).success).toBe(false);
    expect(plugin.task.safeParse({ scan: 'x.png', reference: 'r' }).success).toBe(true);
  });
});
