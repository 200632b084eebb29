import { z } from 'zod';
import { Email } from '../../identity/identity.schemas.js';
import { CreateTenantBody, Slug } from '../../tenants/tenant.schemas.js';
import { CreateWorkspaceBody } from '../../workspaces/workspace.schemas.js';
import { CHECKLIST_ITEMS } from './partnerships.tables.js';

export const TenantParams = z.strictObject({ tenant: Slug });
export const PartnerParams = z.strictObject({ tenant: Slug, slug: Slug });
export const Item = z.enum(CHECKLIST_ITEMS, {
  error: `項目は ${CHECKLIST_ITEMS.join(', ')} のいずれかです / The item is one of ${CHECKLIST_ITEMS.join(', ')}`,
});
export const HubItemParams = z.strictObject({ tenant: Slug, slug: Slug, item: Item });
export const PartnerItemParams = z.strictObject({ tenant: Slug, item: Item });

/** A plugin id, as plugins name their work type. */
export const WorkTypeId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, '作業種別の ID ではありません / Not a work-type id');

const Yen = z
  .number({ error: '円の整数で指定してください / Give an integer number of yen' })
  .int('円の整数で指定してください / Give an integer number of yen')
  .min(0, '0 円以上にしてください / Must be 0 yen or more')
  .max(1_000_000, '100 万円以下にしてください / Must be at most ¥1,000,000');

/** The agreement between the hub and a partner: the work types it takes, their rates and the hub's margin. */
export const Agreement = z
  .strictObject({
    workTypes: z
      .array(WorkTypeId)
      .min(1, '作業種別を 1 つ以上選んでください / Choose at least one work type')
      .max(20)
      .refine((w) => new Set(w).size === w.length, {
        error: '同じ作業種別が重複しています / A work type is listed twice',
      }),
    /** Integer yen per task the hub pays the partner, per work type. */
    taskRates: z.record(WorkTypeId, Yen).default({}),
    /** Integer yen per hour, for work priced by the hour. */
    hourlyRate: Yen.default(1000),
    /** The hub's share of the client price, in percent. */
    marginPercent: z
      .number()
      .int('整数で指定してください / Give a whole number')
      .min(0, '0〜100 % / 0–100 %')
      .max(100, '0〜100 % / 0–100 %'),
  })
  .superRefine((a, ctx) => {
    for (const workType of Object.keys(a.taskRates))
      if (!a.workTypes.includes(workType))
        ctx.addIssue({
          code: 'custom',
          path: ['taskRates', workType],
          message: `単価の作業種別 "${workType}" が選ばれていません / Rate for "${workType}", which is not among the work types`,
        });
  });
export type AgreementT = z.output<typeof Agreement>;

/** The wizard's submission: the centre, its places, its first admin, its work and the agreement. */
export const CreatePartnerBody = z
  .strictObject({
    slug: Slug,
    kind: z.enum(['municipality', 'operator']).default('municipality'),
    nameJa: CreateTenantBody.shape.nameJa,
    nameEn: CreateTenantBody.shape.nameEn,
    prefecture: CreateTenantBody.shape.prefecture,
    localGovernmentCode: CreateTenantBody.shape.localGovernmentCode,
    workspaces: z
      .array(CreateWorkspaceBody)
      .min(1, '拠点を 1 つ以上登録してください / Add at least one workspace')
      .max(20),
    adminEmail: Email,
    agreement: Agreement,
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.workspaces.forEach((w, i) => {
      if (seen.has(w.name))
        ctx.addIssue({
          code: 'custom',
          path: ['workspaces', i, 'name'],
          message: `拠点名「${w.name}」が重複しています / Workspace name "${w.name}" is used twice`,
        });
      seen.add(w.name);
    });
  });
export type CreatePartner = z.output<typeof CreatePartnerBody>;

export const TickBody = z.strictObject({ done: z.boolean() });

const AgreementView = z.object({
  workTypes: z.array(z.string()),
  taskRates: z.record(z.string(), z.number()),
  hourlyRate: z.number().int(),
  marginPercent: z.number().int(),
});

const SideView = z.object({
  done: z.boolean(),
  doneAt: z.date().nullable(),
  /** Who ticked: a name on the viewer's own side only; the other side shows just that it is done. */
  byName: z.string().nullable(),
  bySystem: z.boolean(),
});

const ChecklistView = z.array(z.object({ item: Item, hub: SideView, partner: SideView }));
const ProgressView = z.object({ hub: z.number().int(), partner: z.number().int(), total: z.number().int() });

export const PartnerView = z.object({
  tenant: z.object({
    id: z.uuid(),
    slug: z.string(),
    nameJa: z.string(),
    nameEn: z.string(),
    kind: z.string(),
    prefecture: z.string(),
    localGovernmentCode: z.string(),
    status: z.string(),
  }),
  status: z.enum(['onboarding', 'active', 'ended']),
  agreement: AgreementView,
  checklist: ChecklistView,
  progress: ProgressView,
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const PartnershipView = z.object({
  hub: z.object({ slug: z.string(), nameJa: z.string(), nameEn: z.string() }),
  status: z.enum(['onboarding', 'active', 'ended']),
  agreement: AgreementView,
  checklist: ChecklistView,
  progress: ProgressView,
  updatedAt: z.date(),
});
