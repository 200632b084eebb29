import { fromArray } from '@kado/plugin-sdk/testing';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { HOURS_SHEET, ROSTER_SHEET } from '../src/exporter.js';
import plugin from '../src/index.js';
import type { ShiftReport, Task } from '../src/schemas.js';
import { busOperations, report, shift } from './samples.js';

type Result = { task: Task; submission: ShiftReport; worker?: { ref: string; name: string } };

const parameters = plugin.orderParameters.parse(busOperations);
const hanako = { ref: 'w-0042', name: '山田 花子' };
const taro = { ref: 'w-0007', name: '佐藤 太郎' };
const submission = (over: Partial<ShiftReport> = {}): ShiftReport => ({ ...report, ...over });

async function exportBook(results: AsyncIterable<Result>) {
  const exporter = plugin.exporters.xlsx;
  if (!exporter) throw new Error('no xlsx exporter');
  const chunks: Uint8Array[] = [];
  for await (const chunk of exporter.export(results, parameters))
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return book;
}

const values = (sheet: ExcelJS.Worksheet | undefined, row: number) =>
  (sheet?.getRow(row).values as unknown[] | undefined)?.slice(1);

describe('xlsx roster', () => {
  const results: Result[] = [
    // 06:55–11:05 with a 15-minute break: 235 minutes → 4 h.
    { task: shift, submission: submission({ incidents: '電話回線が 5 分不通' }), worker: hanako },
    // 11:00–14:52 without a break: 232 minutes → 3.75 h.
    {
      task: { ...shift, start: '11:00', end: '15:00' },
      submission: submission({ startedAt: '11:00', endedAt: '14:52', breakMinutes: 0, handled: 7 }),
      worker: hanako,
    },
    {
      task: { date: '2026-04-04', start: '13:00', end: '17:00', seat: 2, place: 'home' },
      submission: submission({ startedAt: '13:00', endedAt: '17:00', breakMinutes: 30, handled: 3 }),
      worker: taro,
    },
  ];

  it('writes the roster and the hours per worker', async () => {
    const book = await exportBook(fromArray(results));
    expect(book.worksheets.map((s) => s.name)).toEqual([ROSTER_SHEET, HOURS_SHEET]);
    expect(ROSTER_SHEET).toBe('シフト表 (Roster)');
    expect(HOURS_SHEET).toBe('稼働時間 (Hours)');

    const roster = book.getWorksheet(ROSTER_SHEET);
    expect(values(roster, 1)).toEqual([
      '日付 / Date',
      '曜日 / Day',
      '開始 / Start',
      '終了 / End',
      '席 / Seat',
      '場所 / Place',
      'ワーカー / Worker',
      'ワーカー参照 / Worker ref',
      '開始実績 / Started',
      '終了実績 / Ended',
      '休憩（分） / Break (min)',
      '稼働時間（h） / Hours worked',
      '対応件数 / Handled',
      'インシデント / Incidents',
    ]);
    const first = values(roster, 2);
    expect(first?.[0]).toBeInstanceOf(Date);
    expect((first?.[0] as Date | undefined)?.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(first?.slice(1)).toEqual([
      '水',
      '07:00',
      '11:00',
      1,
      'センター',
      '山田 花子',
      'w-0042',
      '06:55',
      '11:05',
      15,
      4,
      42,
      '電話回線が 5 分不通',
    ]);
    expect(values(roster, 3)?.[11]).toBe(3.75);
    expect(values(roster, 4)?.slice(1, 8)).toEqual([
      '土',
      '13:00',
      '17:00',
      2,
      '在宅',
      '佐藤 太郎',
      'w-0007',
    ]);
    expect(roster?.rowCount).toBe(4);

    const hours = book.getWorksheet(HOURS_SHEET);
    expect(values(hours, 1)).toEqual([
      'ワーカー参照 / Worker ref',
      'ワーカー / Worker',
      'シフト数 / Shifts',
      '合計時間（h） / Total hours',
    ]);
    // Sorted by ref; the total adds up the roster's rounded hours.
    expect(values(hours, 2)).toEqual(['w-0007', '佐藤 太郎', 1, 3.5]);
    expect(values(hours, 3)).toEqual(['w-0042', '山田 花子', 2, 7.75]);
    expect(values(hours, 4)).toEqual(['合計 / Total', undefined, 3, 11.25]);
  });

  it('keeps results without a worker under an empty ref', async () => {
    const book = await exportBook(fromArray([{ task: shift, submission: submission() }]));
    expect(values(book.getWorksheet(ROSTER_SHEET), 2)?.slice(6, 8)).toEqual([undefined, undefined]);
    expect(values(book.getWorksheet(HOURS_SHEET), 2)).toEqual([
      undefined,
      '（記録なし） / (not recorded)',
      1,
      4,
    ]);
  });

  it('streams: starts writing before it has read every result', async () => {
    const total = 20_000;
    let pulled = 0;
    let pulledAtFirstChunk = -1;
    async function* many(): AsyncGenerator<Result> {
      for (; pulled < total; ) {
        pulled++;
        yield {
          task: { ...shift, seat: pulled },
          submission: submission(),
          worker: { ref: `w-${pulled % 50}`, name: 'ワーカー' },
        };
      }
    }
    const exporter = plugin.exporters.xlsx;
    let bytes = 0;
    for await (const chunk of exporter?.export(many(), parameters) ?? []) {
      if (pulledAtFirstChunk < 0) pulledAtFirstChunk = pulled;
      bytes += chunk.length;
    }
    expect(pulled).toBe(total);
    expect(pulledAtFirstChunk).toBeLessThan(total);
    expect(bytes).toBeGreaterThan(0);
  });
});
