import { z } from 'zod';
import type { ContractType } from '../../db/schema.js';
import { BudgetOverrideBody } from '../budget/budget.schemas.js';
import { ORDER_STATUSES } from './order-lifecycle.js';

export const CONTRACT_TYPES = ['ukeoi', 'jun_inin'] as const;

/** A plugin id: validated for shape only until the plugin host knows which work types exist. */
export const WorkType = z
  .string()
  .max(50)
  .regex(
    /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
    '作業種別はプラグインID（英小文字・数字・ハイフン）です / A work type is a plugin id: a-z, 0-9 and single hyphens',
  );
/** Integer yen, never fractions: ¥0 – ¥100,000,000 a unit or an hour. */
const Yen = z.number().int().min(0).max(100_000_000);
const Quantity = z.number().int().min(1).max(10_000_000);
const Hours = z.number().int().min(1).max(1_000_000);

export interface Pricing {
  contractType: ContractType;
  quantity?: number | null;
  unitPrice?: number | null;
  hours?: number | null;
  hourlyRate?: number | null;
}

const PAIRS = {
  ukeoi: { needs: ['quantity', 'unitPrice'], refuses: ['hours', 'hourlyRate'] },
  jun_inin: { needs: ['hours', 'hourlyRate'], refuses: ['quantity', 'unitPrice'] },
} as const;

/** 請負 is priced per unit (quantity × unit price), 準委任 by the hour (hours × hourly rate), never both. */
export function pricingIssues(p: Pricing): { path: keyof Pricing; message: string }[] {
  const { needs, refuses } = PAIRS[p.contractType];
  return [
    ...needs
      .filter((f) => p[f] === undefined || p[f] === null)
      .map((path) => ({
        path,
        message:
          p.contractType === 'ukeoi'
            ? '請負では数量と単価が必要です / A per-unit (ukeoi) order needs quantity and unitPrice'
            : '準委任では時間と時給が必要です / An hourly (jun_inin) order needs hours and hourlyRate',
      })),
    ...refuses
      .filter((f) => p[f] !== undefined && p[f] !== null)
      .map((path) => ({
        path,
        message:
          p.contractType === 'ukeoi'
            ? '請負では時間と時給は指定できません / A per-unit (ukeoi) order takes no hours or hourlyRate'
            : '準委任では数量と単価は指定できません / An hourly (jun_inin) order takes no quantity or unitPrice',
      })),
  ];
}

/** The order's amount in integer yen. */
export const orderAmount = (p: Pricing): number =>
  p.contractType === 'ukeoi' ? (p.quantity ?? 0) * (p.unitPrice ?? 0) : (p.hours ?? 0) * (p.hourlyRate ?? 0);

const orderShape = {
  clientId: z.uuid(),
  title: z.string().trim().min(1).max(200),
  workType: WorkType,
  parameters: z.record(z.string(), z.unknown()),
  contractType: z.enum(CONTRACT_TYPES),
  deadline: z.iso.datetime({ offset: true }),
  qualityTarget: z.number().int().min(0).max(100),
};

export const CreateOrderBody = z
  .strictObject({
    ...orderShape,
    parameters: orderShape.parameters.default({}),
    quantity: Quantity.optional(),
    unitPrice: Yen.optional(),
    hours: Hours.optional(),
    hourlyRate: Yen.optional(),
  })
  .superRefine((o, ctx) => {
    for (const { path, message } of pricingIssues(o)) ctx.addIssue({ code: 'custom', path: [path], message });
  });
export type CreateOrder = z.output<typeof CreateOrderBody>;

/** Changes to a draft; null clears a price field, e.g. when switching the contract type. */
export const UpdateOrderBody = z
  .strictObject({
    ...orderShape,
    quantity: Quantity.nullable(),
    unitPrice: Yen.nullable(),
    hours: Hours.nullable(),
    hourlyRate: Yen.nullable(),
  })
  .partial();
export type UpdateOrder = z.output<typeof UpdateOrderBody>;

/** Accepting may carry an admin's decision to go over budget, with the reason (money-api.md). */
export const TransitionBody = z.strictObject({
  to: z.enum(ORDER_STATUSES),
  budgetOverride: BudgetOverrideBody.optional(),
});

export const OrdersQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  clientId: z.uuid().optional(),
});

export const OrderView = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  clientName: z.string(),
  title: z.string(),
  workType: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  contractType: z.enum(CONTRACT_TYPES),
  quantity: z.number().int().nullable(),
  unitPrice: z.number().int().nullable(),
  hours: z.number().int().nullable(),
  hourlyRate: z.number().int().nullable(),
  amount: z.number().int(),
  deadline: z.date(),
  qualityTarget: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  createdAt: z.date(),
  updatedAt: z.date(),
});
