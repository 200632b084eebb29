import { z } from '@kado/plugin-sdk';
import { DATE, isRealDate, TIME, toMinutes, WEEKDAYS } from './time.js';

export const PLACES = ['centre', 'home', 'either'] as const;
export type Place = (typeof PLACES)[number];

export const PLACE_LABELS: Record<Place, { ja: string; en: string }> = {
  centre: { ja: 'センター', en: 'Centre' },
  home: { ja: '在宅', en: 'Home' },
  either: { ja: 'センター・在宅どちらでも', en: 'Centre or home' },
};

/** Longest shift a slot is split into when the order names none: a worker with a 4-hour window can take it. */
export const DEFAULT_MAX_SHIFT_MINUTES = 240;

const time = z.string().regex(TIME, '時刻は HH:MM で入力してください / a time is HH:MM');
const place = z.enum(PLACES);

/** Required staffing for a time of day on some weekdays, e.g. 2 operators, weekdays 7:00–20:00. */
export const Slot = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1, '曜日を 1 つ以上選んでください / choose at least one weekday'),
    start: time,
    // Same day only: a slot ends by 23:59; a night service is ordered as two slots.
    end: time,
    staff: z.number().int().min(1).max(50),
  })
  .refine((s) => toMinutes(s.end) > toMinutes(s.start), {
    path: ['end'],
    message: '終了は開始より後にしてください / end must be after start',
  });
export type Slot = z.output<typeof Slot>;

export const OrderParameters = z.object({
  /** The service the shifts staff, e.g. AIオンデマンドバス オペレーション / AI on-demand bus operations. */
  service: z.object({ ja: z.string().min(1), en: z.string().min(1) }),
  place: place.default('centre'),
  slots: z.array(Slot).min(1, '時間帯を 1 つ以上指定してください / give at least one slot'),
  maxShiftMinutes: z.number().int().min(60).max(720).default(DEFAULT_MAX_SHIFT_MINUTES),
});
export type OrderParameters = z.output<typeof OrderParameters>;

/** One seat of one shift: what a worker signs up for. */
export const Task = z
  .object({
    date: z
      .string()
      .regex(DATE, '日付は YYYY-MM-DD です / a date is YYYY-MM-DD')
      .refine(isRealDate, '存在しない日付です / no such date'),
    start: time,
    end: time,
    seat: z.number().int().min(1),
    place,
  })
  .refine((t) => toMinutes(t.end) > toMinutes(t.start), {
    path: ['end'],
    message: '終了は開始より後にしてください / end must be after start',
  });
export type Task = z.output<typeof Task>;

const text = z.string().max(2000, '2000 文字までです / at most 2000 characters').default('');

/** The shift report a worker hands in after the shift; a director reviews it. */
export const ShiftReport = z.object({
  startedAt: time,
  endedAt: time,
  breakMinutes: z.number().int().min(0).default(0),
  /** Bookings, calls or enquiries handled during the shift. */
  handled: z.number().int().min(0),
  incidents: text,
  notes: text,
});
export type ShiftReport = z.output<typeof ShiftReport>;
