import { isImportError } from '@kado/plugin-sdk';
import { chunked } from '@kado/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import { calendarImporter, shiftCsvImporter } from '../src/importers.js';
import { OrderParameters, type Task } from '../src/schemas.js';
import { busOperations } from './samples.js';

const parameters = OrderParameters.parse(busOperations);

async function run(importer: typeof calendarImporter, input: string | Uint8Array) {
  const items = [];
  for await (const item of importer(chunked(input), parameters)) items.push(item);
  const errors = items.filter(isImportError);
  const tasks = items.flatMap((i) => (isImportError(i) ? [] : [{ row: i.row, ...(i.payload as Task) }]));
  return { errors, tasks };
}

describe('calendar importer', () => {
  it('expands each listed date through the slots, numbering every shift with its row', async () => {
    const { errors, tasks } = await run(calendarImporter, '\uFEFFdate\n2026-04-01\n\n2026/4/2\n');
    expect(errors).toEqual([]);
    expect(tasks).toHaveLength(16);
    expect(tasks.filter((t) => t.row === 2).every((t) => t.date === '2026-04-01')).toBe(true);
    // The blank line 3 is counted, as a spreadsheet numbers rows.
    expect(tasks.filter((t) => t.row === 4)).toHaveLength(8);
    expect(tasks[0]).toEqual({
      row: 2,
      date: '2026-04-01',
      start: '07:00',
      end: '11:00',
      seat: 1,
      place: 'centre',
    });
  });

  it('expands ranges under 開始日,終了日, skipping days without a slot', async () => {
    const { errors, tasks } = await run(calendarImporter, '開始日,終了日\n2026-03-30,2026-04-05\n');
    expect(errors).toEqual([]);
    expect(tasks).toHaveLength(40);
    expect(new Set(tasks.map((t) => t.date)).size).toBe(5);
  });

  it('reads a Shift_JIS file as Excel saves it', async () => {
    // 日付 in Shift_JIS: 93 FA 95 74.
    const bytes = new Uint8Array([
      0x93,
      0xfa,
      0x95,
      0x74,
      0x0d,
      0x0a,
      ...new TextEncoder().encode('2026-04-01\r\n'),
    ]);
    const { errors, tasks } = await run(calendarImporter, bytes);
    expect(errors).toEqual([]);
    expect(tasks).toHaveLength(8);
  });

  it('reports every bad row with its number and a reason in Japanese and English', async () => {
    const input = [
      'date',
      '2026-04-01', // 2 ok
      'tomorrow', // 3 not a date
      '2026-02-30', // 4 no such date
      '2026/04/01', // 5 duplicate of row 2
      '2026-04-05', // 6 a Sunday: no slot
      '2026-04-02', // 7 ok
    ].join('\n');
    const { errors, tasks } = await run(calendarImporter, input);
    expect(errors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(errors[0]?.error).toContain('日付ではありません / not a date');
    expect(errors[1]?.error).toContain('存在しない日付です / no such date');
    expect(errors[2]?.error).toMatch(/重複.* \/ date 2026-04-01 repeats row 2/);
    expect(errors[3]?.error).toContain(' / no slot');
    expect(new Set(tasks.map((t) => t.row))).toEqual(new Set([2, 7]));
  });

  it('reports bad ranges: reversed, longer than 366 days, overlapping, not dates', async () => {
    const input = [
      'from,to',
      '2026-04-01,2026-04-03', // 2 ok
      '2026-05-10,2026-05-01', // 3 to before from
      '2026-01-01,2027-01-02', // 4 367 days
      '2026-04-03,2026-04-06', // 5 overlaps row 2 on 04-03
      '2026-06-01,someday', // 6
      '2027-01-01,2027-12-31', // 7 ok: 365 days
      '2028-01-01,2028-12-31', // 8 ok: 366 days in a leap year
    ].join('\n');
    const { errors, tasks } = await run(calendarImporter, input);
    expect(errors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(errors[0]?.error).toContain(' / "to" is before "from"');
    expect(errors[1]?.error).toContain('366');
    expect(errors[2]?.error).toContain('repeats row 2');
    expect(errors[3]?.error).toContain('not a date: "someday"');
    expect(tasks.some((t) => t.row === 8 && t.date === '2028-12-29')).toBe(true);
  });

  it('refuses a file without a date header at row 1', async () => {
    const { errors, tasks } = await run(calendarImporter, 'day\n2026-04-01\n');
    expect(errors).toEqual([{ row: 1, error: expect.stringContaining(' / the header must be') }]);
    expect(tasks).toEqual([]);
  });
});

describe('csv importer', () => {
  it('turns each row into staff seats, with the order place when none is given', async () => {
    const input = '日付,開始,終了,人数,場所\n2026-04-01,9:00,12:00,2,在宅\n2026/04/04,13:00,17:30,1,\n';
    const { errors, tasks } = await run(shiftCsvImporter, input);
    expect(errors).toEqual([]);
    expect(tasks).toEqual([
      { row: 2, date: '2026-04-01', start: '09:00', end: '12:00', seat: 1, place: 'home' },
      { row: 2, date: '2026-04-01', start: '09:00', end: '12:00', seat: 2, place: 'home' },
      { row: 3, date: '2026-04-04', start: '13:00', end: '17:30', seat: 1, place: 'centre' },
    ]);
  });

  it('reports every bad row with its number and every reason', async () => {
    const input = [
      'staff,date,start,end,place',
      '2,2026-04-01,09:00,12:00,centre', // 2 ok
      '1,2026-04-01,12:00,12:00,centre', // 3 end not after start
      '0,2026-04-01,09:00,12:00,centre', // 4 staff 0
      '51,2026-04-01,09:00,12:00,centre', // 5 staff 51
      'two,2026-04-01,09:00,12:00,centre', // 6 staff not a number
      '1,2026-04-01,25:00,26:00,centre', // 7 bad times
      '1,2026-13-01,09:00,12:00,office', // 8 bad date and place
      '1,2026-04-01,09:00,12:00', // 9 ok, order place
    ].join('\r\n');
    const { errors, tasks } = await run(shiftCsvImporter, input);
    expect(errors.map((e) => e.row)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(errors[0]?.error).toContain(' / end is not after start');
    expect(errors[1]?.error).toContain(' / staff must be 1 to 50: "0"');
    expect(errors[2]?.error).toContain('"51"');
    expect(errors[3]?.error).toContain('"two"');
    expect(errors[4]?.error).toMatch(/bad start time.*bad end time/);
    expect(errors[5]?.error).toMatch(/no such date.*bad place: "office"/);
    expect(tasks.map((t) => t.row)).toEqual([2, 2, 9]);
  });

  it('reports a quote that is never closed as a bad row instead of throwing', async () => {
    const { errors, tasks } = await run(
      shiftCsvImporter,
      'date,start,end,staff\n2026-04-01,09:00,12:00,1\n"2026-04-02,09:00\n',
    );
    expect(errors).toEqual([{ row: 3, error: expect.stringContaining('a quote is never closed') }]);
    expect(tasks).toHaveLength(1);
  });

  it('names the missing columns of the header', async () => {
    const { errors } = await run(shiftCsvImporter, 'date,start\n2026-04-01,09:00\n');
    expect(errors).toEqual([{ row: 1, error: expect.stringContaining('the header lacks end, staff') }]);
  });
});
