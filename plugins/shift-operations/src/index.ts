import { compareFields, definePlugin } from '@kado/plugin-sdk';
import { rosterExporter } from './exporter.js';
import { calendarImporter, shiftCsvImporter } from './importers.js';
import { checkReport } from './report.js';
import { OrderParameters, ShiftReport, Task } from './schemas.js';
import { shiftMinutes } from './staffing.js';

/** The report fields a director compares; free text (incidents, notes) is read, not compared. */
export const COMPARED_FIELDS = ['startedAt', 'endedAt', 'breakMinutes', 'handled'] as const;

/**
 * シフト業務: staffing for AI on-demand bus operations, reservation and counter support, GIGA school
 * support. Tasks are shift seats a worker signs up for; the worker hands in a shift report that a director
 * reviews; the deliverable is the roster and hours as xlsx.
 */
export default definePlugin({
  id: 'shift-operations',
  version: '1.0.0',
  host: '^0.1.0',
  title: { ja: 'シフト業務（オペレーション・窓口サポート）', en: 'Shift operations' },
  skills: ['operations'],
  pricing: { unit: 'hour' },
  task: Task,
  submission: ShiftReport,
  orderParameters: OrderParameters,
  importers: { calendar: calendarImporter, csv: shiftCsvImporter },
  quality: { strategy: 'review' },
  compare: (expected, actual) => compareFields(expected, actual, COMPARED_FIELDS),
  checkSubmission: (report, task) => checkReport(report, task),
  estimateMinutes: (task) => shiftMinutes(task),
  // A shift happens at its own date and time: offered only to workers whose hours cover it.
  timeWindow: (task) => ({ date: task.date, start: task.start, end: task.end }),
  exporters: { xlsx: rosterExporter },
  ui: { task: './ui/TaskView.svelte' },
});

export { rosterSheets } from './exporter.js';
export { rosterHours, workedMinutes } from './hours.js';
export type { OrderParameters, ShiftReport, Task } from './schemas.js';
export { shiftsForDate, splitSpan } from './staffing.js';
