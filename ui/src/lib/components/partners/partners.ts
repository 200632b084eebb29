/**
 * Types and helpers of the hub's partner onboarding pages, mirroring core's partnerships routes
 * (issue #8, part 1). Money is integer yen.
 */
import { api } from '$lib/api';

export const CHECKLIST_ITEMS = [
  'workspace_ready',
  'pcs_ready',
  'budget_approved',
  'recruiting_started',
  'first_training_done',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export type PartnershipStatus = 'onboarding' | 'active' | 'ended';

export interface Agreement {
  workTypes: string[];
  taskRates: Record<string, number>;
  hourlyRate: number;
  marginPercent: number;
}

export interface SideState {
  done: boolean;
  doneAt: string | null;
  byName: string | null;
  bySystem: boolean;
}

export interface ChecklistEntry {
  item: ChecklistItem;
  hub: SideState;
  partner: SideState;
}

export interface Progress {
  hub: number;
  partner: number;
  total: number;
}

export interface Partner {
  tenant: {
    id: string;
    slug: string;
    nameJa: string;
    nameEn: string;
    kind: string;
    prefecture: string;
    localGovernmentCode: string;
    status: 'onboarding' | 'active' | 'suspended';
  };
  status: PartnershipStatus;
  agreement: Agreement;
  checklist: ChecklistEntry[];
  progress: Progress;
  createdAt: string;
  updatedAt: string;
}

export interface Partnership {
  hub: { slug: string; nameJa: string; nameEn: string };
  status: PartnershipStatus;
  agreement: Agreement;
  checklist: ChecklistEntry[];
  progress: Progress;
  updatedAt: string;
}

/** An installed work-type plugin, as `GET /t/:tenant/plugins` lists it. */
export interface WorkTypePlugin {
  id: string;
  title: { ja: string; en: string };
  pricingUnit: 'task' | 'hour';
}

/** The installed work types (for names and pricing units); none if they cannot be read. */
export const installedWorkTypes = (slug: string): Promise<WorkTypePlugin[]> =>
  api
    .get<{ plugins: WorkTypePlugin[] }>(`/t/${slug}/plugins`)
    .then((r) => r.plugins)
    .catch(() => []);

/** 全国地方公共団体コード: 6 ASCII digits whose last is the check digit of the first five (weights 6…2, mod 11). */
export function isLocalGovernmentCode(code: string): boolean {
  if (!/^[0-9]{6}$/.test(code)) return false;
  const sum = [6, 5, 4, 3, 2].reduce((s, w, i) => s + w * Number(code[i]), 0);
  return (11 - (sum % 11)) % 10 === Number(code[5]);
}

export const SLUG = /^[a-z][a-z0-9-]{1,39}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The agreement's field errors before sending: work types chosen, per-task rates given, numbers in range. */
export function agreementProblems(
  a: Agreement,
  plugins: WorkTypePlugin[],
): Record<string, 'required' | 'range'> {
  const problems: Record<string, 'required' | 'range'> = {};
  if (a.workTypes.length === 0) problems.workTypes = 'required';
  for (const id of a.workTypes) {
    const plugin = plugins.find((p) => p.id === id);
    const rate = a.taskRates[id];
    if (plugin?.pricingUnit === 'task' && (rate === undefined || rate === null || Number.isNaN(rate)))
      problems[`taskRates/${id}`] = 'required';
    else if (rate !== undefined && (!Number.isInteger(rate) || rate < 0 || rate > 1_000_000))
      problems[`taskRates/${id}`] = 'range';
  }
  if (!Number.isInteger(a.hourlyRate) || a.hourlyRate < 0 || a.hourlyRate > 1_000_000)
    problems.hourlyRate = 'range';
  if (!Number.isInteger(a.marginPercent) || a.marginPercent < 0 || a.marginPercent > 100)
    problems.marginPercent = 'range';
  return problems;
}

/** The agreement as the API takes it: rates only for the chosen work types, as integers. */
export function agreementBody(a: Agreement): Agreement {
  const taskRates: Record<string, number> = {};
  for (const id of a.workTypes) {
    const rate = a.taskRates[id];
    if (rate !== undefined && rate !== null && !Number.isNaN(Number(rate))) taskRates[id] = Number(rate);
  }
  return {
    workTypes: [...a.workTypes],
    taskRates,
    hourlyRate: Number(a.hourlyRate),
    marginPercent: Number(a.marginPercent),
  };
}

export const statusBadge = (s: PartnershipStatus | 'suspended') =>
  s === 'active' ? 'badge-active' : s === 'onboarding' ? 'badge-onboarding' : 'badge-neutral';
