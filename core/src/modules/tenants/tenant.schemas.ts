import { z } from 'zod';
import { localGovernmentCode } from './local-government-code.js';

export const TENANT_KINDS = ['hub', 'municipality', 'operator'] as const;
export const TENANT_STATUSES = ['onboarding', 'active', 'suspended'] as const;

export const Slug = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,39}$/,
    '英小文字で始まる2〜40文字の英小文字・数字・ハイフン / 2–40 of a-z, 0-9, - starting with a letter',
  );

const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'IANA タイムゾーン名ではありません / Not an IANA time zone name');

const settingsShape = {
  nameJa: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  prefecture: z.string().trim().min(2).max(10),
  localGovernmentCode,
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  timeZone: TimeZone,
};

export const CreateTenantBody = z.strictObject({
  slug: Slug,
  kind: z.enum(TENANT_KINDS),
  ...settingsShape,
  fiscalYearStartMonth: settingsShape.fiscalYearStartMonth.default(4),
  timeZone: settingsShape.timeZone.default('Asia/Tokyo'),
  status: z.enum(['onboarding', 'active']).default('onboarding'),
});
export type CreateTenant = z.output<typeof CreateTenantBody>;

export const UpdateTenantBody = z.strictObject(settingsShape).partial();
export type UpdateTenant = z.output<typeof UpdateTenantBody>;

export const TenantView = z.object({
  id: z.uuid(),
  slug: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  kind: z.enum(TENANT_KINDS),
  prefecture: z.string(),
  localGovernmentCode: z.string(),
  fiscalYearStartMonth: z.number(),
  timeZone: z.string(),
  status: z.enum(TENANT_STATUSES),
  createdAt: z.date(),
  updatedAt: z.date(),
});
