import { z } from 'zod';

export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月は YYYY-MM で指定してください / Use YYYY-MM for the month');
const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const Reason = z.string().trim().min(1, '理由を入力してください / Give a reason').max(500);
const BreakMinutes = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);

export const ClockBody = z.strictObject({
  action: z.enum(['in', 'out']),
  taskId: z.uuid().optional(),
  kind: z.enum(['task', 'shift', 'other']).optional(),
  /** A centre workspace: the record is centre-based and kept within its opening hours. Omitted: at home. */
  workspaceId: z.uuid().optional(),
});
export type Clock = z.output<typeof ClockBody>;

export const ManualEntryBody = z.strictObject({
  kind: z.enum(['task', 'shift', 'other']).default('other'),
  taskId: z.uuid().nullable().default(null),
  startedAt: Instant,
  endedAt: Instant,
  breakMinutes: BreakMinutes.default(0),
  workspaceId: z.uuid().nullable().default(null),
  reason: Reason,
});
export type ManualEntry = z.output<typeof ManualEntryBody>;

export const CorrectionBody = z.strictObject({
  startedAt: Instant,
  endedAt: Instant,
  breakMinutes: BreakMinutes.default(0),
  reason: Reason,
});
export type Correction = z.output<typeof CorrectionBody>;

export const DecisionBody = z.strictObject({ comment: z.string().trim().max(1000).default('') });
export const ReturnBody = z.strictObject({
  comment: z.string().trim().min(1, '差し戻しの理由を入力してください / Say why it is returned').max(1000),
});

export const TimeEntryView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  taskId: z.uuid().nullable(),
  kind: z.enum(['task', 'shift', 'other']),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  breakMinutes: z.number().int(),
  place: z.enum(['centre', 'home']),
  workspaceId: z.uuid().nullable(),
  source: z.enum(['clock', 'manual', 'correction']),
  correctsId: z.uuid().nullable(),
  reason: z.string().nullable(),
  minutes: z.number().int(),
  superseded: z.boolean(),
});

export const TimesheetView = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  month: z.string(),
  status: z.enum(['open', 'submitted', 'approved', 'returned']),
  submittedAt: z.date().nullable(),
  decidedAt: z.date().nullable(),
  decidedBy: z.uuid().nullable(),
  comment: z.string().nullable(),
  entries: z.array(TimeEntryView),
  totals: z.object({ minutes: z.number().int(), entries: z.number().int(), openEntries: z.number().int() }),
});

export const StatementView = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  month: z.string(),
  status: z.enum(['open', 'submitted', 'approved', 'returned']),
  /** True until the month is approved: the hours are not final. */
  provisional: z.boolean(),
  lines: z.array(
    z.object({
      kind: z.enum(['hourly', 'unit']),
      label: z.string(),
      quantity: z.number().int(),
      rate: z.number().int(),
      sharePercent: z.number().int().optional(),
      amount: z.number().int(),
    }),
  ),
  total: z.number().int(),
  /** Minutes of records on days no accepted agreement covers: not paid by the hour. */
  uncoveredMinutes: z.number().int(),
  rounding: z.string(),
});
