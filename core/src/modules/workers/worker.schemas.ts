import { z } from 'zod';
import { Slug } from '../tenants/tenant.schemas.js';
import { isDate, isTime, rangeProblems, toMinutes, WEEKDAY_KEYS } from './availability.js';

export const TenantParams = z.strictObject({ tenant: Slug });
export const WorkerParams = z.strictObject({ tenant: Slug, userId: z.uuid() });
export const ExceptionParams = z.strictObject({ tenant: Slug, id: z.uuid() });
export const TrainingParams = z.strictObject({ tenant: Slug, userId: z.uuid() });

export const PREFERRED_PLACES = ['centre', 'home', 'both'] as const;
export const TIME_CONSTRAINT_REASONS = ['childcare', 'caregiving', 'disability', 'study', 'other'] as const;

const Time = z
  .string()
  .refine(isTime, '時刻は HH:MM（00:00〜24:00）で指定してください / A time is HH:MM (00:00–24:00)');
const DateString = z.string().refine(isDate, '日付は YYYY-MM-DD で指定してください / A date is YYYY-MM-DD');

export const Range = z.strictObject({ start: Time, end: Time });
export type RangeInput = z.output<typeof Range>;

const END_BEFORE_START = '終了が開始より前です / The end is not after the start';
const OVERLAP = '時間帯が重なっています / The ranges overlap';

/** One day's ranges: each ends after it starts, none overlap. */
export const DayRanges = z
  .array(Range)
  .max(8, '1日の時間帯は8つまでです / At most 8 ranges a day')
  .superRefine((ranges, ctx) => {
    if (ranges.some((r) => !isTime(r.start) || !isTime(r.end))) return;
    for (const p of rangeProblems(ranges)) {
      ctx.addIssue({
        code: 'custom',
        path: p.code === 'end_before_start' ? [p.index, 'end'] : [p.index, 'start'],
        message: p.code === 'end_before_start' ? END_BEFORE_START : OVERLAP,
        params: { code: p.code },
      });
    }
  });

const Pattern = z.strictObject(
  Object.fromEntries(WEEKDAY_KEYS.map((k) => [k, DayRanges.default([])])) as Record<
    (typeof WEEKDAY_KEYS)[number],
    z.ZodDefault<typeof DayRanges>
  >,
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? '曜日は mon〜sun で指定してください / Weekdays are mon … sun'
        : undefined,
  },
);

export const PutAvailabilityBody = z.strictObject({
  pattern: Pattern,
  maxMinutesPerWeek: z
    .number()
    .int('分は整数です / Minutes are a whole number')
    .min(0, '0分以上です / At least 0 minutes')
    .max(7 * 24 * 60, '1週間は10080分までです / A week has at most 10080 minutes')
    .nullable()
    .default(null),
  worksOnHolidays: z.boolean().default(false),
});
export type PutAvailability = z.output<typeof PutAvailabilityBody>;

export const ExceptionBody = z
  .strictObject({
    kind: z.enum(['off', 'hours']),
    dateFrom: DateString,
    dateTo: DateString,
    ranges: DayRanges.default([]),
    note: z.string().trim().max(200).default(''),
  })
  .superRefine((e, ctx) => {
    if (isDate(e.dateFrom) && isDate(e.dateTo) && e.dateTo < e.dateFrom)
      ctx.addIssue({
        code: 'custom',
        path: ['dateTo'],
        message: '終了日が開始日より前です / The last date is before the first',
      });
    if (e.kind === 'hours' && e.ranges.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['ranges'],
        message: '時間帯を1つ以上指定してください / Give at least one range',
      });
    if (e.kind === 'off' && e.ranges.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['ranges'],
        message: '休みの日には時間帯を指定しません / A day off has no ranges',
      });
    if (
      isDate(e.dateFrom) &&
      isDate(e.dateTo) &&
      Date.parse(e.dateTo) - Date.parse(e.dateFrom) > 366 * 86_400_000
    )
      ctx.addIssue({
        code: 'custom',
        path: ['dateTo'],
        message: '期間は1年までです / At most one year',
      });
  });
export type ExceptionInput = z.output<typeof ExceptionBody>;

export const PreviewQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(62).default(14),
  from: DateString.optional(),
});

const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+()\- ]{0,20}$/, '電話番号は半角数字と + ( ) - で20文字まで / Phone: up to 20 of 0-9 + ( ) -');
const Email = z.union([z.email('メールアドレスの形式ではありません / Not an e-mail address'), z.literal('')]);

export const UpdateProfileBody = z.strictObject({
  legalName: z.string().trim().max(100, '100文字までです / At most 100 characters').optional(),
  phone: Phone.optional(),
  email: Email.optional(),
  address: z.string().trim().max(300, '300文字までです / At most 300 characters').optional(),
  preferredPlace: z.enum(PREFERRED_PLACES).optional(),
  accessibilityNeeds: z.string().trim().max(2000, '2000文字までです / At most 2000 characters').optional(),
  timeConstraintReason: z.enum(TIME_CONSTRAINT_REASONS).nullable().optional(),
  note: z.string().trim().max(2000, '2000文字までです / At most 2000 characters').optional(),
});
export type UpdateProfile = z.output<typeof UpdateProfileBody>;

export const TrainingBody = z.strictObject({
  course: z.string().trim().min(1, '講座名を入力してください / Give the course name').max(200),
  completedOn: DateString,
});

export const Json = z.any();

export const toRangeMinutes = (r: RangeInput) => ({ start: toMinutes(r.start), end: toMinutes(r.end) });
