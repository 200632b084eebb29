import { z } from 'zod';
import { WorkType } from '../../orders/order.schemas.js';
import { Slug } from '../../tenants/tenant.schemas.js';

const Instant = z.iso.datetime({
  offset: true,
  message: '日時は ISO 8601（例 2026-12-07T09:00:00+09:00）で / Use ISO 8601, e.g. 2026-12-07T09:00:00+09:00',
});

export const Skill = z
  .string()
  .max(50)
  .regex(
    /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
    'スキルは英小文字・数字・ハイフンで / A skill is a-z, 0-9 and single hyphens',
  );

const Title = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what}を入力してください / Enter the ${what === '題名' ? 'title' : 'title in English'}`)
    .max(200, '200 文字以内で / At most 200 characters');

export const CreateCourseBody = z.strictObject({
  titleJa: Title('題名'),
  titleEn: Title('英語の題名'),
  audience: z.enum(['worker', 'director']),
  workType: WorkType.nullable().default(null),
  skills: z
    .array(Skill)
    .max(20)
    .default([])
    .refine((s) => new Set(s).size === s.length, {
      message: '同じスキルが重複しています / A skill is listed twice',
    }),
  passScore: z.number().int().min(0).max(100),
  description: z.string().trim().max(4000).default(''),
  published: z.boolean().default(true),
});
export type CreateCourse = z.output<typeof CreateCourseBody>;

export const UpdateCourseBody = z.strictObject({ published: z.boolean() });

export const CreateSessionBody = z
  .strictObject({
    startsAt: Instant,
    endsAt: Instant,
    mode: z.enum(['online', 'centre']),
    /** The centre (tenant slug) where a session at a centre takes place: the hub or one of its partners. */
    centre: Slug.nullable().default(null),
    place: z.string().trim().max(500).default(''),
    capacity: z.number().int().min(1).max(1000),
  })
  .superRefine((b, ctx) => {
    if (!(Date.parse(b.endsAt) > Date.parse(b.startsAt)))
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: '終了は開始より後にしてください / The end must be after the start',
      });
    if (b.mode === 'centre' && b.centre === null && b.place === '')
      ctx.addIssue({
        code: 'custom',
        path: ['centre'],
        message:
          'センターでの開催にはセンターか場所を指定してください / A session at a centre needs a centre or a place',
      });
  });
export type CreateSession = z.output<typeof CreateSessionBody>;

export const EnrolBody = z
  .strictObject({
    sessionId: z.uuid(),
    /** The worker: their membership id or user id in the calling centre (one of the two). */
    memberId: z.uuid().optional(),
    userId: z.uuid().optional(),
  })
  .refine((b) => (b.memberId === undefined) !== (b.userId === undefined), {
    path: ['memberId'],
    message: 'memberId か userId のどちらか一方を指定してください / Give either memberId or userId',
  });
export type Enrol = z.output<typeof EnrolBody>;

export const SelfEnrolBody = z.strictObject({ sessionId: z.uuid() });
export const AttendanceBody = z.strictObject({ attended: z.boolean() });
export const AssessmentBody = z.strictObject({ score: z.number().int().min(0).max(100) });
export const EnrolmentsQuery = z.strictObject({ sessionId: z.uuid().optional() });

export const TenantParams = z.strictObject({ tenant: Slug });
export const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });
