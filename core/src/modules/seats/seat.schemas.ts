import { z } from 'zod';
import { DAY_MS } from '../../kernel/tokyo.js';
import { Slug } from '../tenants/tenant.schemas.js';

const Instant = z.iso.datetime({
  offset: true,
  message: '日時は ISO 8601（例 2026-12-07T09:00:00+09:00）で / Use ISO 8601, e.g. 2026-12-07T09:00:00+09:00',
});
export const DateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD で / Use YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: '存在しない日付です / No such date',
    },
  );

export const CreateBookingBody = z
  .strictObject({
    workspaceId: z.uuid(),
    startsAt: Instant,
    endsAt: Instant,
    childcare: z.boolean().default(false),
    childcareChildren: z.number().int().min(1).max(10).nullable().default(null),
    childcareNote: z.string().trim().max(500).default(''),
  })
  .superRefine((b, ctx) => {
    const start = Date.parse(b.startsAt);
    const end = Date.parse(b.endsAt);
    if (!(end > start))
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: '終了は開始より後にしてください / The end must be after the start',
      });
    else if (end - start > DAY_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: '1日を超える予約はできません / A booking cannot be longer than a day',
      });
    if (!b.childcare && (b.childcareChildren !== null || b.childcareNote !== ''))
      ctx.addIssue({
        code: 'custom',
        path: ['childcare'],
        message: '託児の人数・メモは託児を希望する場合のみ / Children and note only with a childcare request',
      });
  });
export type CreateBooking = z.output<typeof CreateBookingBody>;

export const BookingView = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  workspaceName: z.string(),
  userId: z.uuid(),
  date: z.string(),
  from: z.string(),
  to: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  childcare: z.boolean(),
  childcareChildren: z.number().int().nullable(),
  childcareNote: z.string(),
  status: z.enum(['booked', 'cancelled']),
  createdAt: z.date(),
});

const Slot = z.object({
  hour: z.string(),
  from: z.string(),
  to: z.string(),
  booked: z.number(),
  free: z.number(),
});

export const AvailabilityView = z.object({
  workspaceId: z.uuid(),
  date: z.string(),
  seats: z.number().int(),
  childcare: z.boolean(),
  open: z.array(z.object({ opens: z.string(), closes: z.string() })),
  hours: z.array(Slot),
});

export const DayView = AvailabilityView.extend({
  workspaceName: z.string(),
  hours: z.array(Slot.extend({ people: z.array(z.uuid()) })),
  bookings: z.array(
    z.object({
      id: z.uuid(),
      userId: z.uuid(),
      displayName: z.string(),
      from: z.string(),
      to: z.string(),
      startsAt: z.date(),
      endsAt: z.date(),
      childcare: z.boolean(),
      childcareChildren: z.number().int().nullable(),
      childcareNote: z.string(),
    }),
  ),
  childcareRequests: z.number().int(),
});

export const TenantParams = z.strictObject({ tenant: Slug });
export const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });
export const DayQuery = z.strictObject({ date: DateOnly });
