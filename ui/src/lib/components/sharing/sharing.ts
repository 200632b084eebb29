/**
 * Shapes of the hub sharing API (issue #8, /work/notes/hub-sharing-api.md) and small helpers of the sharing
 * pages: the hub's shares and proposals, and a partner's offers. Money is integer yen.
 */
import { i18n } from '$lib/locale.svelte';

export type Text = { ja: string; en: string };

export const OFFER_STATUSES = ['offered', 'countered', 'accepted', 'declined', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** `draft` until the offers are sent, then `offered`; later `delivered` or `cancelled`. */
export const SHARE_STATUSES = ['draft', 'offered', 'delivered', 'cancelled'] as const;
export type ShareStatus = (typeof SHARE_STATUSES)[number];

export interface ShareSummary {
  id: string;
  orderId: string;
  orderTitle: string;
  workType: string;
  tasks: number;
  /** Tokyo date YYYY-MM-DD. */
  deadline: string;
  status: ShareStatus;
  createdAt: string;
  /** Offers of this share by status; a status with none is left out. */
  offers: Partial<Record<OfferStatus, number>>;
}

export interface CentreShare {
  tenantId: string;
  slug: string;
  nameJa: string;
  nameEn: string;
  isHub: boolean;
  tasks: number;
  unitPrice: number;
  costYen: number;
  qualifiedWorkers: number;
  /** Qualified workers who have set no available hours (so add no capacity). */
  workersWithoutHours?: number;
  /** Hours until the deadline. */
  availableHours: number;
  tasksPerHour: number;
  /** false: the default for a centre with no history of this work type. */
  throughputMeasured: boolean;
  committedTasks: number;
  /** Net of committed work. */
  capacityTasks: number;
  budgetLeftYen: number | null;
  /** Set by the hub by hand. */
  fixed: boolean;
  explanation: Text;
}

export interface Proposal {
  feasible: boolean;
  costYen: number;
  lowerBoundYen: number | null;
  /** Tasks that cannot be done before the deadline (0 when feasible). */
  totalShortfall: number;
  message: Text | null;
  centres: CentreShare[];
}

export interface OfferView {
  id: string;
  shareId: string;
  hubName: Text;
  partner: { tenantId: string; slug: string; nameJa: string; nameEn: string };
  title: string;
  workType: string;
  tasks: number;
  unitPrice: number;
  amountYen: number;
  /** ISO instant. */
  deadline: string;
  /** ISO instant. */
  respondBy: string;
  status: OfferStatus;
  counter: { tasks: number; unitPrice: number; note: string } | null;
  partnerProjectId: string | null;
  respondedAt: string | null;
  createdAt: string;
}

export interface ShareView extends Omit<ShareSummary, 'offers'> {
  proposal: Proposal;
  offers: OfferView[];
}

/** The current language's half of a {ja, en} text. */
export const pick = (text: Text | null | undefined): string => (text ? text[i18n.locale] : '');

/** Badge colour of an offer's status (text and colour both say it). */
export const offerTone: Record<OfferStatus, string> = {
  offered: 'badge-pending',
  countered: 'badge-onboarding',
  accepted: 'badge-accepted',
  declined: 'badge-failed',
  withdrawn: 'badge-neutral',
};

export const shareTone = (status: ShareStatus): string =>
  status === 'draft'
    ? 'badge-neutral'
    : status === 'offered'
      ? 'badge-pending'
      : status === 'cancelled'
        ? 'badge-revoked'
        : 'badge-accepted';

/** Offers that got an answer (countered, accepted or declined) out of those not withdrawn. */
export function answered(offers: Partial<Record<OfferStatus, number>>): { answered: number; total: number } {
  const n = (s: OfferStatus) => offers[s] ?? 0;
  const answeredCount = n('countered') + n('accepted') + n('declined');
  return { answered: answeredCount, total: answeredCount + n('offered') };
}

/** Tasks per hour with at most two decimals. */
export const rate = (n: number): string =>
  new Intl.NumberFormat(i18n.locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 2 }).format(n);

/** Hours with at most one decimal. */
export const hours = (n: number): string =>
  new Intl.NumberFormat(i18n.locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
