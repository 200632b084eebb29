import type { ShiftReport, Task } from './schemas.js';
import { toMinutes } from './time.js';

/** How early a worker may start (handover, logging in) and how late a report may end (overtime). */
export const EARLY_START_MINUTES = 60;
export const LATE_END_MINUTES = 120;

export interface Problem {
  pointer: string;
  message: string;
}

/** What is wrong with a shift report for its shift, beyond what the schema can say; none when it may be handed in. */
export function checkReport(report: ShiftReport, task: Pick<Task, 'start' | 'end'>): Problem[] {
  const problems: Problem[] = [];
  const started = toMinutes(report.startedAt);
  const ended = toMinutes(report.endedAt);
  const shiftStart = toMinutes(task.start);
  const shiftEnd = toMinutes(task.end);
  if (started < shiftStart - EARLY_START_MINUTES)
    problems.push({
      pointer: '/startedAt',
      message: `開始がシフト開始 ${task.start} の 60 分より前です / started more than 60 minutes before the shift (${task.start})`,
    });
  if (ended <= started) {
    problems.push({
      pointer: '/endedAt',
      message: '終了は開始より後にしてください / ended must be after started',
    });
    return problems;
  }
  if (ended > shiftEnd + LATE_END_MINUTES)
    problems.push({
      pointer: '/endedAt',
      message: `終了がシフト終了 ${task.end} の 120 分より後です / ended more than 120 minutes after the shift (${task.end})`,
    });
  else if (ended <= shiftStart)
    problems.push({
      pointer: '/endedAt',
      message: `終了がシフト開始 ${task.start} より前です / ended before the shift began (${task.start})`,
    });
  if (report.breakMinutes >= ended - started)
    problems.push({
      pointer: '/breakMinutes',
      message: '休憩が勤務時間以上です / the break is as long as the time worked or longer',
    });
  return problems;
}
