import { type AcceptedResult, type XlsxCell, type XlsxSheet, xlsx } from '@kado/plugin-sdk';
import { rosterHours, workedMinutes } from './hours.js';
import { PLACE_LABELS, type ShiftReport, type Task } from './schemas.js';
import { dayNumber, WEEKDAYS_JA } from './time.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ROSTER_SHEET = 'シフト表 (Roster)';
export const HOURS_SHEET = '稼働時間 (Hours)';

export const ROSTER_COLUMNS = [
  { header: '日付 / Date', width: 12 },
  { header: '曜日 / Day', width: 6 },
  { header: '開始 / Start', width: 8 },
  { header: '終了 / End', width: 8 },
  { header: '席 / Seat', width: 6 },
  { header: '場所 / Place', width: 14 },
  { header: 'ワーカー / Worker', width: 18 },
  { header: 'ワーカー参照 / Worker ref', width: 16 },
  { header: '開始実績 / Started', width: 10 },
  { header: '終了実績 / Ended', width: 10 },
  { header: '休憩（分） / Break (min)', width: 10 },
  { header: '稼働時間（h） / Hours worked', width: 12 },
  { header: '対応件数 / Handled', width: 10 },
  { header: 'インシデント / Incidents', width: 40 },
];

export const HOURS_COLUMNS = [
  { header: 'ワーカー参照 / Worker ref', width: 16 },
  { header: 'ワーカー / Worker', width: 18 },
  { header: 'シフト数 / Shifts', width: 10 },
  { header: '合計時間（h） / Total hours', width: 14 },
];

type Result = AcceptedResult<Task, ShiftReport>;

/** A calendar date as a date cell: UTC midnight, so the day does not move with the server's time zone. */
const dateCell = (date: string) => new Date(dayNumber(date) * 86_400_000);

/**
 * The roster's two sheets. The roster reads the results one at a time as the writer pulls rows, so memory
 * does not grow with the number of shifts; it keeps only a running total per worker, which grows with the
 * workers (a few hundred at most). The Hours sheet's rows are a generator that first runs when the writer
 * reaches that sheet, after every roster row has been written and the totals are complete.
 */
export function rosterSheets(results: AsyncIterable<Result>): XlsxSheet[] {
  const totals = new Map<string, { name: string; shifts: number; hours: number }>();

  async function* rosterRows(): AsyncGenerator<XlsxCell[]> {
    for await (const { task, submission, worker } of results) {
      const hours = rosterHours(workedMinutes(submission));
      const ref = worker?.ref ?? '';
      const total = totals.get(ref) ?? { name: '', shifts: 0, hours: 0 };
      total.name ||= worker?.name ?? '';
      total.shifts++;
      total.hours += hours;
      totals.set(ref, total);
      yield [
        dateCell(task.date),
        WEEKDAYS_JA[new Date(dayNumber(task.date) * 86_400_000).getUTCDay()],
        task.start,
        task.end,
        task.seat,
        PLACE_LABELS[task.place].ja,
        worker?.name ?? '',
        ref,
        submission.startedAt,
        submission.endedAt,
        submission.breakMinutes,
        hours,
        submission.handled,
        submission.incidents,
      ];
    }
  }

  function* hoursRows(): Generator<XlsxCell[]> {
    let shifts = 0;
    let hours = 0;
    for (const ref of [...totals.keys()].sort()) {
      const total = totals.get(ref);
      if (!total) continue;
      shifts += total.shifts;
      hours += total.hours;
      yield [
        ref,
        total.name || (ref === '' ? '（記録なし） / (not recorded)' : ''),
        total.shifts,
        total.hours,
      ];
    }
    yield ['合計 / Total', '', shifts, hours];
  }

  return [
    { name: ROSTER_SHEET, columns: ROSTER_COLUMNS, rows: rosterRows() },
    { name: HOURS_SHEET, columns: HOURS_COLUMNS, rows: hoursRows() },
  ];
}

/** The deliverable: the staffing roster and the hours per worker as one xlsx, streamed. */
export const rosterExporter = {
  contentType: XLSX_CONTENT_TYPE,
  fileExtension: 'xlsx',
  export: (results: AsyncIterable<Result>) => xlsx(rosterSheets(results)),
};
