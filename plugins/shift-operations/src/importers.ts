import { csvRows, type ImportItem, type ImportSource } from '@kado/plugin-sdk';
import { type OrderParameters, PLACES, type Place, type Task } from './schemas.js';
import { shiftsForDate } from './staffing.js';
import { dayNumber, fromDayNumber, normaliseDate, normaliseTime, toMinutes } from './time.js';

/** A range row may cover a leap year, no more: a longer range is almost always a typo in the year. */
export const MAX_RANGE_DAYS = 366;

type Item = ImportItem<Task>;

/**
 * Rows of the CSV numbered from 1 (the header), as a spreadsheet shows them; UTF-8 or Shift_JIS (what Excel
 * saves in Japan) is detected. Fields are NFKC-normalised and trimmed, so full-width digits and `／` read.
 * A file that cannot be read on (a quote never closed, broken UTF-8) ends with an error row instead of
 * throwing, so it is reported like any bad row.
 */
async function* rowsOf(
  input: ImportSource,
): AsyncGenerator<{ row: number; values: string[] } | { row: number; error: string }> {
  let last = 0;
  try {
    for await (const { row, values } of csvRows(input, { encoding: 'auto' })) {
      last = row;
      yield { row, values: values.map((v) => v.normalize('NFKC').trim()) };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const row = Number(/^(\d+)行目/.exec(message)?.[1] ?? last + 1);
    yield { row, error: message };
  }
}

const isBlank = (values: readonly string[]) => values.every((v) => v === '');
const headerKey = (v: string) => v.toLowerCase();

/** The column of the first header name found, or -1. */
const column = (header: readonly string[], ...names: string[]) =>
  header.findIndex((h) => names.includes(headerKey(h)));

function dateError(text: string): string | null {
  const date = normaliseDate(text);
  if (date === null) return `日付ではありません / not a date: "${text}"`;
  if (date === 'invalid') return `存在しない日付です / no such date: "${text}"`;
  return null;
}

/**
 * `calendar`: the dates to staff. Header `date` (or `日付`) with one date per row, or `from,to` (`開始日,
 * 終了日`) with inclusive ranges; dates as YYYY-MM-DD or YYYY/MM/DD. Each date becomes the shifts of the
 * order's slots for its weekday, all carrying the row's number. A row that staffs nothing (a Sunday when
 * the slots are on weekdays) is reported: the client listed it, so it is probably a mistake.
 */
export async function* calendarImporter(
  input: ImportSource,
  parameters: OrderParameters,
): AsyncGenerator<Item> {
  // Remembers each date's row to report duplicates: grows with the dates of the order, at most a few thousand.
  const seen = new Map<string, number>();
  let layout: { date: number } | { from: number; to: number } | null = null;
  for await (const read of rowsOf(input)) {
    if ('error' in read) {
      yield read;
      return;
    }
    const { row, values } = read;
    if (layout === null) {
      const date = column(values, 'date', '日付');
      const from = column(values, 'from', '開始日');
      const to = column(values, 'to', '終了日');
      if (date >= 0) layout = { date };
      else if (from >= 0 && to >= 0) layout = { from, to };
      else {
        yield {
          row,
          error:
            '見出しは「日付」または「開始日,終了日」にしてください / the header must be "date" or "from,to"',
        };
        return;
      }
      continue;
    }
    if (isBlank(values)) continue;

    let first: string;
    let last: string;
    if ('date' in layout) {
      const text = values[layout.date] ?? '';
      const problem = dateError(text);
      if (problem) {
        yield { row, error: problem };
        continue;
      }
      first = last = normaliseDate(text) as string;
    } else {
      const fromText = values[layout.from] ?? '';
      const toText = values[layout.to] ?? '';
      const problems = [dateError(fromText), dateError(toText)].filter((p) => p !== null);
      if (problems.length > 0) {
        yield { row, error: problems.join('; ') };
        continue;
      }
      first = normaliseDate(fromText) as string;
      last = normaliseDate(toText) as string;
      const days = dayNumber(last) - dayNumber(first) + 1;
      if (days < 1) {
        yield { row, error: `終了日が開始日より前です / "to" is before "from": ${first} → ${last}` };
        continue;
      }
      if (days > MAX_RANGE_DAYS) {
        yield {
          row,
          error: `期間が ${MAX_RANGE_DAYS} 日を超えています / the range is longer than ${MAX_RANGE_DAYS} days (${days})`,
        };
        continue;
      }
    }

    const dates: string[] = [];
    for (let day = dayNumber(first); day <= dayNumber(last); day++) dates.push(fromDayNumber(day));
    const duplicate = dates.find((d) => seen.has(d));
    if (duplicate) {
      yield {
        row,
        error: `日付 ${duplicate} が ${seen.get(duplicate)} 行目と重複しています / date ${duplicate} repeats row ${seen.get(duplicate)}`,
      };
      continue;
    }
    for (const d of dates) seen.set(d, row);
    let shifts = 0;
    for (const d of dates)
      for (const payload of shiftsForDate(d, parameters)) {
        shifts++;
        yield { row, payload };
      }
    if (shifts === 0)
      yield {
        row,
        error: `この${first === last ? '日' : '期間'}に該当する時間帯がありません / no slot of the order falls on ${
          first === last ? first : `${first} – ${last}`
        }`,
      };
  }
}

const PLACE_NAMES: Record<string, Place> = {
  centre: 'centre',
  center: 'centre',
  home: 'home',
  either: 'either',
  センター: 'centre',
  在宅: 'home',
  どちらでも: 'either',
};

/**
 * `csv`: explicit shifts, header `date,start,end,staff` with an optional `place` (also `日付,開始,終了,
 * 人数,場所`), columns in any order. Each row becomes `staff` seats of that shift, not split: the client
 * chose the shift. Without a place the order's place applies.
 */
export async function* shiftCsvImporter(
  input: ImportSource,
  parameters: OrderParameters,
): AsyncGenerator<Item> {
  let columns: { date: number; start: number; end: number; staff: number; place: number } | null = null;
  for await (const read of rowsOf(input)) {
    if ('error' in read) {
      yield read;
      return;
    }
    const { row, values } = read;
    if (columns === null) {
      const found = {
        date: column(values, 'date', '日付'),
        start: column(values, 'start', '開始'),
        end: column(values, 'end', '終了'),
        staff: column(values, 'staff', '人数'),
        place: column(values, 'place', '場所'),
      };
      const missing = (['date', 'start', 'end', 'staff'] as const).filter((k) => found[k] < 0);
      if (missing.length > 0) {
        yield {
          row,
          error: `見出しに ${missing.join(', ')} がありません（date,start,end,staff[,place]）/ the header lacks ${missing.join(', ')} (date,start,end,staff[,place])`,
        };
        return;
      }
      columns = found;
      continue;
    }
    if (isBlank(values)) continue;

    const cell = (at: number) => (at >= 0 ? (values[at] ?? '') : '');
    const problems: string[] = [];
    const dateText = cell(columns.date);
    const dateProblem = dateError(dateText);
    if (dateProblem) problems.push(dateProblem);
    const start = normaliseTime(cell(columns.start));
    const end = normaliseTime(cell(columns.end));
    if (!start) problems.push(`開始時刻が不正です / bad start time: "${cell(columns.start)}"`);
    if (!end) problems.push(`終了時刻が不正です / bad end time: "${cell(columns.end)}"`);
    if (start && end && toMinutes(end) <= toMinutes(start))
      problems.push(`終了が開始より前です / end is not after start: ${start}–${end}`);
    const staffText = cell(columns.staff);
    const staff = /^\d+$/.test(staffText) ? Number(staffText) : Number.NaN;
    if (!(staff >= 1 && staff <= 50))
      problems.push(`人数は 1〜50 にしてください / staff must be 1 to 50: "${staffText}"`);
    const placeText = cell(columns.place);
    const place = placeText === '' ? parameters.place : PLACE_NAMES[placeText.toLowerCase()];
    if (!place)
      problems.push(
        `場所が不正です（${PLACES.join(' / ')}）/ bad place: "${placeText}" (${PLACES.join(', ')})`,
      );
    if (problems.length > 0 || !start || !end || !place) {
      yield { row, error: problems.join('; ') };
      continue;
    }
    const date = normaliseDate(dateText) as string;
    for (let seat = 1; seat <= staff; seat++) yield { row, payload: { date, start, end, seat, place } };
  }
}
